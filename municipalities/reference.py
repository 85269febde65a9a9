"""What the application pages read about a round and the themes, from the content cache (gnist/pagecache.py).

A round's phases and criteria and the list of themes change only in the admin and the seeds, which bump the
content version; every application page (detail, form, submit, confirm) read them from the database before,
three queries each. The cached objects hold every language's texts (modeltranslation's columns), so one copy
serves every language: a text follows the language active when it is read.
"""

from gnist.pagecache import cached
from municipalities.models import Round, Theme


def round_with_phases_and_criteria(round_id: int) -> Round:
    """The round with its phases and criteria prefetched."""
    return cached(
        f"round:{round_id}:phases-criteria",
        lambda: Round.objects.prefetch_related("phases", "criteria").get(pk=round_id),
        by_clock=False,
    )


def themes() -> list[Theme]:
    """Every theme, in the model's order."""
    return cached("themes", lambda: list(Theme.objects.all()), by_clock=False)
