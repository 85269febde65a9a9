"""The challenges services make the cached public pages stale: an anonymous visitor who saw a page before a
change (so it was stored in the page cache) sees the change at once afterwards — on the challenge's page, the
catalogue, its exports and feeds, the round's and the municipality's pages.

Plain `client.get`, never `count_queries` (which empties the cache and would hide a stale page)."""

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.urls import reverse

from challenges import services
from challenges.models import Challenge
from gnist.pagecache import content_version
from tests.challenges.test_files import add_attachment, add_image

TITLE = "Hvordan kan flere unge bo i sentrum?"


@dataclass
class Change:
    """A service call `act(cast, challenge, prepared)` after `prepare(cast, challenge)`, and what an anonymous
    visitor sees of it: `seen` is on every page of `urls(challenge)` afterwards and was on none before (or,
    with `gone`, the other way round)."""

    prepare: Callable
    act: Callable
    urls: Callable
    seen: str
    gone: bool = False


def _nothing(cast, challenge):
    return None


def _challenge_page(challenge):
    return [f"/en{challenge.get_absolute_url()}"]


def _lists(challenge):
    """Every public page that lists the challenge (its own page is a 404 before it is published)."""
    return [
        f"/en{reverse('challenges:catalogue')}",
        reverse("challenges:catalogue_csv"),
        reverse("challenges:catalogue_json"),
        reverse("challenges:feed"),
        f"/en{challenge.participant.round.get_absolute_url()}",
        f"/en{challenge.participant.municipalities.get().get_absolute_url()}",
    ]


def _everywhere(challenge):
    """Every public page that shows or lists the challenge."""
    return [*_challenge_page(challenge), *_lists(challenge)]


def _publish(cast, challenge, prepared):
    services.publish_challenge(challenge, actor=cast.programme_admin)


def _edit(cast, challenge, prepared):
    services.save_challenge(
        challenge,
        actor=cast.staff,
        version=challenge.version,
        data={"title": "Hvordan kan unge bo billig i sentrum?"},
        themes=challenge.themes.all(),
    )


def _close(cast, challenge, prepared):
    services.close_challenge(challenge, actor=cast.staff)


def _ask(cast, challenge):
    return services.ask_question(challenge, actor=cast.supplier, text="Kan flere levere sammen?")


def _answer(cast, challenge, question):
    services.answer_question(question, actor=cast.staff, text="", answer="Ja, gjerne i fellesskap.")


def _clarify(cast, challenge, prepared):
    services.publish_clarification(
        challenge, actor=cast.staff, text="Om leveransen", answer="Vi venter ikke ferdige bygg."
    )


def _add_image(cast, challenge, prepared):
    add_image(challenge, alt_text="Et tomt torg om kvelden")


def _prepare_image(cast, challenge):
    return add_image(challenge, alt_text="Et tomt torg om kvelden")


def _remove_image(cast, challenge, image):
    services.remove_image(image, actor=cast.staff)


def _add_attachment(cast, challenge, prepared):
    add_attachment(challenge, name="byplan.pdf")


def _prepare_attachment(cast, challenge):
    return add_attachment(challenge, name="byplan.pdf")


def _remove_attachment(cast, challenge, attachment):
    services.remove_attachment(attachment, actor=cast.staff)


CHANGES = {
    "publish": Change(_nothing, _publish, _lists, TITLE),
    "edit a published challenge": Change(
        _nothing, _edit, _everywhere, "Hvordan kan unge bo billig i sentrum?"
    ),
    "close": Change(_nothing, _close, lambda challenge: [reverse("challenges:catalogue_json")], '"closed"'),
    "answer a question": Change(_ask, _answer, _challenge_page, "Ja, gjerne i fellesskap."),
    "publish a clarification": Change(_nothing, _clarify, _challenge_page, "Vi venter ikke ferdige bygg."),
    "add an image": Change(_nothing, _add_image, _challenge_page, "Et tomt torg om kvelden"),
    "remove an image": Change(
        _prepare_image, _remove_image, _challenge_page, "Et tomt torg om kvelden", True
    ),
    "add an attachment": Change(_nothing, _add_attachment, _challenge_page, "byplan.pdf"),
    "remove an attachment": Change(
        _prepare_attachment, _remove_attachment, _challenge_page, "byplan.pdf", True
    ),
}


def _seen(client, urls: list[str], text: str) -> list[bool]:
    pages = [client.get(url) for url in urls]
    assert [page.status_code for page in pages] == [200] * len(urls)
    return [text in page.content.decode() for page in pages]


@pytest.mark.parametrize("name", CHANGES)
def test_a_change_shows_at_once_on_the_cached_public_pages(
    client, cast, complete_draft, monkeypatch, django_capture_on_commit_callbacks, name
):
    # The similar lists' recompute bumps the version itself when a list changes: kept out, so each service
    # is seen to bump on its own.
    monkeypatch.setattr(services.similar, "queue_update", lambda challenge: None)
    change = CHANGES[name]
    services.submit_challenge(complete_draft, actor=cast.staff)
    if name != "publish":
        services.publish_challenge(complete_draft, actor=cast.programme_admin)
    prepared = change.prepare(cast, complete_draft)
    urls = change.urls(complete_draft)
    before = _seen(client, urls, change.seen)  # stored in the page cache

    with django_capture_on_commit_callbacks(execute=True):
        change.act(cast, Challenge.objects.get(pk=complete_draft.pk), prepared)

    assert (before, _seen(client, urls, change.seen)) == (
        [change.gone] * len(urls),
        [not change.gone] * len(urls),
    )


def test_changes_no_visitor_sees_leave_the_cached_pages_alone(
    client, cast, participant, published, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(services.similar, "queue_update", lambda challenge: None)
    draft = services.create_challenge(participant, actor=cast.staff, title="Hvordan bo?")
    before = content_version()

    with django_capture_on_commit_callbacks(execute=True):
        services.save_challenge(draft, actor=cast.staff, version=draft.version, data={"summary": "Kort."})
        add_image(draft)
        question = services.ask_question(published, actor=cast.supplier, text="Hvor mange bor der?")
        services.decline_question(question, actor=cast.staff)
        services.follow_challenge(published, actor=cast.supplier)

    assert content_version() == before
