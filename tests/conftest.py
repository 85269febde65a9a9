"""Test-wide settings and the shared fixtures every app's tests use."""

from pathlib import Path

import pytest
from django.core.cache import caches
from django.utils import translation

from gnist.celery import app as celery_app
from tests.browser.harness import MISSING as CHROMIUM_MISSING

# --- the loud banner when browser tests were skipped --------------------------------------------------------
# Here rather than in tests/browser/conftest.py: under pytest-xdist the process that reports collects nothing,
# so only this top-level conftest's hooks see the skips (as reports from the test processes).
_browser_skips: list[str] = []


def pytest_runtest_logreport(report):
    if report.skipped and CHROMIUM_MISSING in str(report.longrepr):
        _browser_skips.append(report.nodeid)


def pytest_unconfigure(config):
    """The banner comes after pytest's totals, so that it is the last thing a reader sees."""
    terminalreporter = config.pluginmanager.get_plugin("terminalreporter")
    if _browser_skips and terminalreporter is not None:
        terminalreporter.write_sep("!", "BROWSER TESTS SKIPPED", red=True, bold=True)
        terminalreporter.write_line(
            f"{len(_browser_skips)} browser tests did not run: {CHROMIUM_MISSING}. Accessibility, keyboard "
            "and CSP checks of the pages are NOT covered by this run. With CI=true they fail instead.",
            red=True,
            bold=True,
        )
        terminalreporter.write_sep("!", red=True, bold=True)


@pytest.fixture
def private_root(tmp_path_factory) -> Path:
    """This test's private file storage (attachments, certificates): a folder of its own, outside media."""
    return tmp_path_factory.mktemp("private")


@pytest.fixture(autouse=True)
def _test_settings(settings, private_root):
    """Fast, isolated defaults: eager tasks, a private cache, plain static storage, a throwaway private
    storage (mail is locmem)."""
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        # The layout's fragments hold static file URLs, which depend on the storage a test sets.
        "layout": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "test-layout"},
    }
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "gnist.storage.PrivateFileSystemStorage",
            "OPTIONS": {"location": private_root},
        },
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.GNIST_REQUIRE_STAFF_MFA = True
    settings.SECURE_SSL_REDIRECT = False
    celery_app.conf.task_always_eager = True
    celery_app.conf.task_eager_propagates = True
    for alias in settings.CACHES:
        caches[alias].clear()
    translation.activate(settings.LANGUAGE_CODE)
    yield
    for alias in settings.CACHES:
        caches[alias].clear()
    # A request in another language leaves that language active in the thread; start each test in bokmål.
    translation.activate(settings.LANGUAGE_CODE)


# --- files: media served as in DEBUG, and a local S3 server ------------------------------------------------
@pytest.fixture
def media_served(settings, tmp_path_factory):
    """The site's URLs plus the media view that gnist/urls.py adds in DEBUG, over a throwaway MEDIA_ROOT."""
    from types import ModuleType

    from django.conf.urls.static import static

    from gnist import urls

    settings.DEBUG = True
    settings.MEDIA_ROOT = str(tmp_path_factory.mktemp("media"))
    urlconf = ModuleType("debug_urls")
    urlconf.urlpatterns = [*urls.urlpatterns, *static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)]
    settings.ROOT_URLCONF = urlconf
    return Path(settings.MEDIA_ROOT)


@pytest.fixture(scope="session")
def s3_server():
    """A local S3 server (moto) on a free port of 127.0.0.1; nothing outside this machine is needed."""
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def s3(settings, s3_server, monkeypatch):
    """Both storages on the local S3 server, in buckets of this test's own, set up by settings.py from the
    GNIST_S3_* variables as in production. Gives the boto3 client and the two bucket names."""
    import runpy
    import uuid
    from types import SimpleNamespace

    import boto3

    buckets = SimpleNamespace(public=f"gnist-{uuid.uuid4().hex}", private=f"gnist-private-{uuid.uuid4().hex}")
    variables = {
        "GNIST_S3_BUCKET": buckets.public,
        "GNIST_S3_PRIVATE_BUCKET": buckets.private,
        "GNIST_S3_ENDPOINT_URL": s3_server,
        "GNIST_S3_REGION": "us-east-1",
        "GNIST_S3_ACCESS_KEY_ID": "test-key",
        "GNIST_S3_SECRET_ACCESS_KEY": "test-secret",
    }
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    configured = runpy.run_path(str(Path(__file__).parents[1] / "gnist" / "settings.py"))["STORAGES"]
    settings.STORAGES = {
        **settings.STORAGES,
        "default": configured["default"],
        "private": configured["private"],
    }
    client = boto3.client(
        "s3",
        endpoint_url=s3_server,
        region_name="us-east-1",
        aws_access_key_id="test-key",
        aws_secret_access_key="test-secret",
    )
    for bucket in vars(buckets).values():
        client.create_bucket(Bucket=bucket)
    return SimpleNamespace(client=client, endpoint=s3_server, **vars(buckets))


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
