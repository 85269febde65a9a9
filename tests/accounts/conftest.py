import pytest

# Re-exported for the account tests, whose `verified_user` is the fixture below.
from tests.factories import PASSWORD
from tests.factories import verified_user as make_verified_user

__all__ = ["PASSWORD", "make_verified_user", "sign_in"]


@pytest.fixture
def verified_user(db):
    return make_verified_user(email="kari@example.no", name="Kari Nordmann")


def sign_in(client, email, password=PASSWORD):
    """Sign in through allauth's form, so the session carries allauth's authentication records."""
    return client.post("/en/konto/login/", {"login": email, "password": password})
