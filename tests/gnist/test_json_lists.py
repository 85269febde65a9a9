"""Small lists read with their row as one JSON column (gnist/json_lists.py), on SQLite and PostgreSQL."""

from challenges.models import Challenge
from gnist.json_lists import instances, json_list
from municipalities.models import Theme
from tests.challenges.publishing import made_challenge
from tests.factories import ThemeFactory

FIELDS = ("id", "slug", "order", "name_nb", "name_en")


def _read(challenge: Challenge) -> Challenge:
    return Challenge.objects.annotate(
        theme_rows=json_list(Theme.objects.all(), parent="challenges", fields=FIELDS)
    ).get(pk=challenge.pk)


def test_the_rows_come_back_as_instances_in_the_given_order(db):
    themes = [
        ThemeFactory(slug="vei", name="Vei", name_en="Roads", order=2),
        ThemeFactory(slug="bolig", name="Bolig", name_en="Housing", order=1),
        ThemeFactory(slug="arbeid", name="Arbeid", name_en="Work", order=1),
    ]
    ThemeFactory(slug="annet", name="Annet", order=0)  # another challenge's theme
    challenge = made_challenge(themes=themes)

    read = instances(Theme, _read(challenge).theme_rows, order=("order", "slug"))

    assert [(theme.pk, theme.slug, theme.order, theme.name_en) for theme in read] == [
        (themes[2].pk, "arbeid", 1, "Work"),
        (themes[1].pk, "bolig", 1, "Housing"),
        (themes[0].pk, "vei", 2, "Roads"),
    ]


def test_a_row_without_related_rows_reads_an_empty_list(db):
    ThemeFactory(slug="bolig")
    challenge = made_challenge()

    rows = _read(challenge).theme_rows

    assert (rows, instances(Theme, rows, order=("order", "slug"))) == (None, [])
