"""gnist.open_now: the home page's "open now" joins what every app registers."""

import datetime

from gnist import open_now
from gnist.open_now import Notice

NOW = datetime.datetime(2031, 3, 10, tzinfo=datetime.UTC)


def notice(text: str, days: int, *, is_open: bool) -> Notice:
    return Notice(text, "/", "More", is_open=is_open, moment=NOW + datetime.timedelta(days=days))


def test_open_now_lists_every_app_s_open_notices_soonest_deadline_first(monkeypatch):
    rounds = [notice("Applications close", 20, is_open=True), notice("Selection starts", 2, is_open=False)]
    challenges = [notice("Questions close", 5, is_open=True)]
    monkeypatch.setattr(open_now, "_providers", [lambda now, user: rounds, lambda now, user: challenges])

    assert [n.text for n in open_now.open_now(NOW, None)] == ["Questions close", "Applications close"]


def test_open_now_gives_the_soonest_start_when_nothing_is_open(monkeypatch):
    rounds = [notice("Selection starts", 9, is_open=False)]
    challenges = [notice("Questions open", 3, is_open=False)]
    monkeypatch.setattr(open_now, "_providers", [lambda now, user: rounds, lambda now, user: challenges])

    assert [n.text for n in open_now.open_now(NOW, None)] == ["Questions open"]
