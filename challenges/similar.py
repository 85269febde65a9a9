"""Similar challenges on a challenge's page: published challenges of other municipalities (in any round),
ranked as the follow-municipality suggestions are (municipalities/suggestions.py) — one point per shared
theme plus the text similarity — each with the overlap explained in words.

Computed ahead, not per page view: `update_similar_challenges` scores the catalogue in Python and stores each
challenge's best few in `SimilarChallenges`, which the page reads together with the challenge (no query of
its own, however large the catalogue). A task runs it after a challenge is created, saved or published
(`queue_update`); `manage.py update_similar_challenges` fills it for existing data.

Text similarity is the cosine of the two challenges' word weights. A word weighs its field's weight in
`Challenge.SIMILARITY_WEIGHTS` (title, summary and the challenge's own sections) times its rarity among the
published challenges (inverse document frequency); a word in most of them is boilerplate and does not count
at all, neither in the score nor as a shared word. The same on SQLite and PostgreSQL.
"""

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from challenges.models import Challenge, SimilarChallenges
from gnist.pagecache import bump_content_version
from gnist.similarity import ExplainedMatch, words
from municipalities.models import Theme, join_names

LIMIT = 3
SHOWN_WORDS = 6
# A word in more than this share of the published challenges is boilerplate, once it is in at least
# COMMON_MIN of them (two challenges sharing a word is never "most" of a catalogue).
COMMON_SHARE = 0.5
COMMON_MIN = 3
# The text breaks ties between equal theme counts without outweighing a shared theme.
MAX_SIMILARITY = 0.99


# --- the page -----------------------------------------------------------------------------------------------


@dataclass(kw_only=True)
class Similar(ExplainedMatch):
    """One similar challenge as the page shows it: a link, and the overlap in the reader's language."""

    pk: int
    title: str
    language: str
    participant: str
    round_number: int

    @property
    def url(self) -> str:
        return reverse("challenges:detail", kwargs={"pk": self.pk})

    def themes_text(self) -> str:
        themes = join_names(name.lower() for name in self.shared_themes)
        return _("Both are about %(themes)s") % {"themes": themes}

    def words_text(self) -> str:
        return _("shared words: %(words)s") % {"words": ", ".join(self.shared_words)}

    @property
    def explanation(self) -> str:
        # A sentence on the page: it starts with a capital even when only words are shared.
        text = super().explanation
        return text[:1].upper() + text[1:]


def similar_challenges(challenge: Challenge, themes: Iterable[Theme]) -> list[Similar]:
    """The stored similar challenges of `challenge`, best first, worded in the active language.

    No queries: uses `similar_list` (select_related) and the challenge's `themes` as the page has them (the
    shared themes are the challenge's own, so their names in the reader's language are at hand)."""
    try:
        items = challenge.similar_list.items
    except SimilarChallenges.DoesNotExist:
        return []
    theme_names = {theme.pk: theme.name for theme in themes}
    return [
        Similar(
            pk=item["id"],
            title=item["title"],
            language=item["language"],
            participant=item["participant"],
            round_number=item["round"],
            shared_themes=[theme_names[pk] for pk in item["themes"] if pk in theme_names],
            shared_words=item["words"],
        )
        for item in items
    ]


# --- computing ----------------------------------------------------------------------------------------------


@dataclass
class _Profile:
    """What a challenge is compared on."""

    challenge: Challenge
    municipalities: frozenset[int]
    themes: frozenset[int]
    field_weights: dict[str, int]  # word -> the sum of the weights of the fields it is in


def _profiles(queryset) -> list[_Profile]:
    """Three queries: the challenges, their themes and their participants' municipalities."""
    rows = (
        queryset.select_related("participant__round")
        .prefetch_related("themes", "participant__municipalities")
        .only(
            "pk",
            "language",
            "status",
            *Challenge.SIMILARITY_WEIGHTS,
            "participant__display_name",
            "participant__round__number",
        )
        .order_by("pk")
    )
    profiles = []
    for challenge in rows:
        field_weights = defaultdict(int)
        for name, weight in Challenge.SIMILARITY_WEIGHTS.items():
            for word in words(getattr(challenge, name)):
                field_weights[word] += weight
        profiles.append(
            _Profile(
                challenge=challenge,
                municipalities=frozenset(m.pk for m in challenge.participant.municipalities.all()),
                themes=frozenset(theme.pk for theme in challenge.themes.all()),
                field_weights=dict(field_weights),
            )
        )
    return profiles


class _Catalogue:
    """The published challenges with each word's weight in each of them (field weight times rarity)."""

    def __init__(self, published: list[_Profile]) -> None:
        document_frequency = defaultdict(int)
        for profile in published:
            for word in profile.field_weights:
                document_frequency[word] += 1
        total = len(published)
        self.rarity = {
            word: math.log(1 + total / count)
            for word, count in document_frequency.items()
            if not (count >= COMMON_MIN and count > COMMON_SHARE * total)
        }
        self._vectors: dict[int, dict[str, float]] = {}
        self._norms: dict[int, float] = {}
        self.by_theme = defaultdict(list)
        self.by_word = defaultdict(list)
        for profile in published:
            for theme in profile.themes:
                self.by_theme[theme].append(profile)
            for word in self.vector(profile):
                self.by_word[word].append(profile)

    def vector(self, profile: _Profile) -> dict[str, float]:
        pk = profile.challenge.pk
        if pk not in self._vectors:
            self._vectors[pk] = {
                word: weight * self.rarity[word]
                for word, weight in profile.field_weights.items()
                if word in self.rarity
            }
            self._norms[pk] = math.sqrt(sum(weight * weight for weight in self._vectors[pk].values()))
        return self._vectors[pk]

    def norm(self, profile: _Profile) -> float:
        self.vector(profile)
        return self._norms[profile.challenge.pk]

    def candidates(self, profile: _Profile) -> Iterable[_Profile]:
        """The published challenges sharing a theme or a counted word with `profile`, of other
        municipalities."""
        found = {}
        for theme in profile.themes:
            found.update((other.challenge.pk, other) for other in self.by_theme[theme])
        for word in self.vector(profile):
            found.update((other.challenge.pk, other) for other in self.by_word[word])
        return (
            other
            for pk, other in sorted(found.items())
            if pk != profile.challenge.pk
            and other.challenge.participant_id != profile.challenge.participant_id
            and not other.municipalities & profile.municipalities
        )

    def similar_to(self, profile: _Profile, *, limit: int = LIMIT) -> list[dict]:
        """The stored items of `profile`'s best `limit` matches (see `SimilarChallenges`)."""
        mine = self.vector(profile)
        scored = []
        for other in self.candidates(profile):
            theirs = self.vector(other)
            shared = {word: mine[word] * theirs[word] for word in mine.keys() & theirs.keys()}
            cosine = sum(shared.values()) / (self.norm(profile) * self.norm(other)) if shared else 0.0
            themes = sorted(profile.themes & other.themes)
            score = len(themes) + min(cosine, MAX_SIMILARITY)
            telling = sorted(shared, key=lambda word: (-shared[word], word))[:SHOWN_WORDS]
            scored.append((score, other.challenge.pk, other, themes, telling))
        scored.sort(key=lambda entry: (-entry[0], -entry[1]))
        return [
            {
                "id": other.challenge.pk,
                "title": other.challenge.title,
                "language": other.challenge.language,
                "participant": other.challenge.participant.display_name,
                "round": other.challenge.participant.round.number,
                "themes": themes,
                "words": telling,
            }
            for _score, _pk, other, themes, telling in scored[:limit]
        ]


def update_similar_challenges(*, only: Iterable[int] | None = None) -> int:
    """Recompute the stored similar challenges; returns how many lists changed.

    Steps: read the published challenges (what may be similar) and the word statistics over them; for every
    challenge, or those in `only` (a draft's list when nothing public changed), score the candidates sharing a
    theme or a counted word; write the lists that changed in one statement; if any did, make the cached pages
    stale. Idempotent: a second run writes nothing.
    """
    published = _profiles(Challenge.objects.published())
    catalogue = _Catalogue(published)
    if only is None:
        targets = published + _profiles(Challenge.objects.exclude(pk__in=Challenge.objects.published()))
    else:
        targets = _profiles(Challenge.objects.filter(pk__in=list(only)))
    lists = {profile.challenge.pk: catalogue.similar_to(profile) for profile in targets}
    stored = dict(
        SimilarChallenges.objects.filter(challenge__in=list(lists)).values_list("challenge", "items")
    )
    now = timezone.now()
    changed = [
        SimilarChallenges(challenge_id=pk, items=items, computed_at=now)
        for pk, items in lists.items()
        if stored.get(pk) != items
    ]
    if changed:
        with transaction.atomic():
            SimilarChallenges.objects.bulk_create(
                changed,
                update_conflicts=True,
                unique_fields=["challenge"],
                update_fields=["items", "computed_at"],
            )
            bump_content_version()
    return len(changed)


def queue_update(challenge: Challenge) -> None:
    """After the current transaction commits, recompute `challenge`'s similar list (and every list when it
    is public: the catalogue changed)."""
    from challenges.tasks import update_similar_challenges  # The task module imports this one.

    update_similar_challenges.delay_on_commit(challenge_id=challenge.pk)


def forget_deleted(sender, instance: Challenge, **kwargs) -> None:
    """A public challenge deleted any way (the admin, a round's deletion cascading): after commit, every list
    is recomputed without it, so no page links to it. A draft's own list goes with it, and it is in no one
    else's. Connected to post_delete in ChallengesConfig.ready."""
    if instance.is_public:
        queue_update(instance)
