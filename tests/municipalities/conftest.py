import pytest

from municipalities import reference_data as reference


@pytest.fixture
def reference_data(db):
    """The real municipalities, rounds and participants, loaded with bulk inserts (fast enough per test)."""
    reference.load_municipalities()
    reference.load_rounds()
    reference.load_participants()
