"""factory_boy factories shared by every app's tests."""

import datetime

import factory

from accounts.models import User
from municipalities.models import County, Criterion, Membership, Municipality, Participant, Phase, Round

# Every factory-made user signs in with this password.
PASSWORD = "correct-horse-battery"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.no")
    name = factory.Faker("name", locale="no_NO")
    password = factory.django.Password(PASSWORD)


def verified_user(**fields) -> User:
    """A user whose e-mail address allauth counts as verified, so they can sign in."""
    from allauth.account.models import EmailAddress

    user = UserFactory(**fields)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def programme_staff(*permissions: str, mfa: bool = True, **fields) -> User:
    """A staff member (not a superuser) holding exactly `permissions` ("app_label.codename"), with TOTP on
    unless `mfa` is False."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from django.contrib.auth.models import Permission

    user = UserFactory(is_staff=True, **fields)
    for permission in permissions:
        app_label, codename = permission.split(".")
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    if mfa:
        TOTP.activate(user, generate_totp_secret())
    return user


# --- municipalities ---------------------------------------------------------------------------------------


class CountyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = County

    number = factory.Sequence(lambda n: f"{60 + n % 40:02d}")
    name = factory.Sequence(lambda n: f"Testfylke {n}")
    # Numbers repeat every 40 counties: the period moves on a day then, so (number, valid_from) stays unique
    # while every county stays valid from early 2020, whatever the number of tests before.
    valid_from = factory.Sequence(lambda n: datetime.date(2020, 1, 1) + datetime.timedelta(days=n // 40))
    valid_to = None


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality

    number = factory.Sequence(lambda n: f"{9000 + n % 1000:04d}")
    name = factory.Sequence(lambda n: f"Testkommune {n}")
    official_names = factory.SelfAttribute("name")
    county = factory.SubFactory(CountyFactory)
    # Numbers repeat every 1000 municipalities: the period moves on a day then, so (number, valid_from) stays
    # unique while every municipality stays valid from early 2020, whatever the number of tests before.
    valid_from = factory.Sequence(lambda n: datetime.date(2020, 1, 1) + datetime.timedelta(days=n // 1000))
    valid_to = None


class RoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Round

    # Far above the numbers tests give rounds explicitly (101 to 971), however many rounds a session makes.
    number = factory.Sequence(lambda n: 5000 + n)
    title = factory.LazyAttribute(lambda round_: f"Testrunde {round_.number}")
    start_year = 2030
    end_year = 2031
    theme = "Testtema"


class CriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Criterion

    round = factory.SubFactory(RoundFactory)
    order = factory.Sequence(lambda n: n)
    name = factory.Sequence(lambda n: f"Kriterium {n}")


class PhaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Phase

    round = factory.SubFactory(RoundFactory)
    order = factory.Sequence(lambda n: n)
    kind = Phase.Kind.APPLICATIONS

    class Params:
        # `PhaseFactory(applications=True, …)`: the phase in which municipalities apply.
        applications = factory.Trait(kind=Phase.Kind.APPLICATIONS, opens_applications=True)


class ParticipantFactory(factory.django.DjangoModelFactory):
    """A participant of one new municipality; pass `municipalities=[…]` to choose them."""

    class Meta:
        model = Participant
        skip_postgeneration_save = True

    round = factory.SubFactory(RoundFactory)
    display_name = factory.Sequence(lambda n: f"Deltaker {n}")
    role = Participant.Role.GNIST

    @factory.post_generation
    def municipalities(self, create, extracted, **kwargs):
        if create:
            self.municipalities.set(extracted if extracted is not None else [MunicipalityFactory()])


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    municipality = factory.SubFactory(MunicipalityFactory)
    role = Membership.Role.EDITOR
    status = Membership.Status.APPROVED


# --- applications and selection ---------------------------------------------------------------------------
from municipalities.models import Application, Theme  # noqa: E402


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme
        django_get_or_create = ["slug"]

    slug = factory.Sequence(lambda n: f"tema-{n}")
    name = factory.LazyAttribute(lambda theme: theme.slug.capitalize())


class ApplicationFactory(factory.django.DjangoModelFactory):
    """A submitted application; pass `status=Application.Status.DRAFT` for a draft."""

    class Meta:
        model = Application

    round = factory.SubFactory(RoundFactory)
    municipality = factory.SubFactory(MunicipalityFactory)
    question = "Hvordan kan vi bli bedre?"
    description = "En beskrivelse."
    status = Application.Status.SUBMITTED
    contacts = factory.LazyFunction(
        lambda: [{"name": "Kari", "role": "", "email": "kari@example.no", "phone": ""}]
    )
