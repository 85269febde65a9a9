import pytest
from allauth.account.models import EmailAddress

from tests.factories import UserFactory

PASSWORD = "correct-horse-battery"


def make_verified_user(**kwargs):
    kwargs.setdefault("name", "Test Person")  # UserFactory's Faker locale "nb_NO" does not exist in Faker
    user = UserFactory(**kwargs)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


@pytest.fixture
def verified_user(db):
    return make_verified_user(email="kari@example.no", name="Kari Nordmann")


def sign_in(client, email, password=PASSWORD):
    """Sign in through allauth's form, so the session carries allauth's authentication records."""
    return client.post("/en/konto/login/", {"login": email, "password": password})
