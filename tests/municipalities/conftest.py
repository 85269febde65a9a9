import pytest

from municipalities import demo


@pytest.fixture
def reference_data(db):
    """The real municipalities, rounds and participants, loaded with bulk inserts (fast enough per test)."""
    demo.load_municipalities()
    demo.load_rounds()
    demo.load_participants()
