"""Test-wide settings and the shared fixtures every app's tests use."""

import pytest
from django.core.cache import cache
from django.utils import translation

from gnist.celery import app as celery_app


@pytest.fixture(autouse=True)
def _test_settings(settings):
    """Fast, isolated defaults: eager tasks, a private cache, plain static storage (mail is locmem)."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.GNIST_REQUIRE_STAFF_MFA = True
    settings.SECURE_SSL_REDIRECT = False
    celery_app.conf.task_always_eager = True
    celery_app.conf.task_eager_propagates = True
    cache.clear()
    translation.activate(settings.LANGUAGE_CODE)
    yield
    cache.clear()
    # A request in another language leaves that language active in the thread; start each test in bokmål.
    translation.activate(settings.LANGUAGE_CODE)


# --- cast: one user per role, for every permission test (style.md rule 22) ---------------------------------
@pytest.fixture
def cast(db):
    """Users per role: `staff`, `other_staff` and `co_applicant_staff` are approved admins of three different
    municipalities (`cast.municipality`, `cast.other_municipality`, `cast.co_applicant_municipality`; a test
    that needs the co-applicant relation creates the CoApplicant row itself); `supplier`, `other_supplier`,
    `juror` and `participant` are plain signed-up users until their apps give them more; `programme_admin`
    is staff and superuser, with TOTP turned on (site-wide staff powers need it)."""
    from types import SimpleNamespace

    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    from municipalities.models import Membership
    from tests.factories import MembershipFactory, MunicipalityFactory, UserFactory

    municipality = MunicipalityFactory(name="Castrup")
    other_municipality = MunicipalityFactory(name="Andrestad")
    co_applicant_municipality = MunicipalityFactory(name="Nabovik")
    staff = UserFactory(email="staff@example.no", name="Stine Stab")
    other_staff = UserFactory(email="other-staff@example.no", name="Ola Annenstad")
    co_applicant_staff = UserFactory(email="co-applicant-staff@example.no", name="Nils Nabo")
    for user, place in [
        (staff, municipality),
        (other_staff, other_municipality),
        (co_applicant_staff, co_applicant_municipality),
    ]:
        MembershipFactory(
            user=user, municipality=place, role=Membership.Role.ADMIN, status=Membership.Status.APPROVED
        )
    programme_admin = UserFactory(
        email="programme-admin@example.no", name="Pia Program", is_staff=True, is_superuser=True
    )
    TOTP.activate(programme_admin, generate_totp_secret())
    return SimpleNamespace(
        municipality=municipality,
        other_municipality=other_municipality,
        co_applicant_municipality=co_applicant_municipality,
        staff=staff,
        other_staff=other_staff,
        co_applicant_staff=co_applicant_staff,
        supplier=UserFactory(email="supplier@example.no", name="Siri Leverandør"),
        other_supplier=UserFactory(email="other-supplier@example.no", name="Per Konkurrent"),
        juror=UserFactory(email="juror@example.no", name="Jon Jury"),
        participant=UserFactory(email="participant@example.no", name="Dina Deltaker"),
        programme_admin=programme_admin,
    )


@pytest.fixture
def editor(cast):
    """An approved editor on cast.municipality's team: an insider without admin rights ("editor" in
    `as_role`)."""
    from tests.factories import MembershipFactory, UserFactory

    return MembershipFactory(
        user=UserFactory(email="editor@example.no", name="Eli Redaktør"), municipality=cast.municipality
    ).user
