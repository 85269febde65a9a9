"""The catalogue's filters, shared by the page, its CSV and JSON downloads and its feeds.

A challenge's county is named as in its round, as the round page names it (`Participant.county_label`): the
county the programme published for the participant (rounds 1 to 3 carry `county_as_published`, e.g.
"Telemark"), else the county of its municipalities as they were in the round's structure (a participant is
linked to the municipality rows of its round's years, `Round.structure_date`): round 3's Asker is in Viken,
round 4's in Akershus. Counties are chosen by a slug of that name, municipalities by number (the same number
across structures is the same place), rounds by number, themes by slug and goals by number.
"""

from dataclasses import dataclass, field

from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from challenges.models import Challenge, SustainableDevelopmentGoal
from challenges.search import search
from gnist.pagecache import cached
from municipalities.models import Phase, Round, Theme, norwegian_key


def county_key(name: str) -> str:
    return slugify(name, allow_unicode=True)


@dataclass
class Facets:
    """What the published challenges can be filtered by: one query for rounds (newest first), counties and
    municipalities (in Norwegian alphabetical order)."""

    rounds: dict[int, str] = field(default_factory=dict)
    counties: dict[str, str] = field(default_factory=dict)  # key → name
    municipalities: dict[str, str] = field(default_factory=dict)  # number → name

    @classmethod
    def of_published(cls) -> "Facets":
        facets = cls()
        rows = (
            Challenge.objects.published()
            .order_by()
            .values_list(
                "participant__round__number",
                "participant__round__title",
                "participant__municipalities__number",
                "participant__municipalities__name",
                "participant__municipalities__county__name",
                "participant__county_as_published",
            )
            .distinct()
        )
        for round_number, round_title, number, name, county, county_as_published in rows:
            facets.rounds[round_number] = round_title
            if number:
                facets.municipalities[number] = name
            county = county_as_published or county
            if county:
                facets.counties[county_key(county)] = county
        # In the order the form lists them (the value is kept in the content cache: sorted once).
        facets.rounds = dict(sorted(facets.rounds.items(), reverse=True))
        facets.counties = dict(sorted(facets.counties.items(), key=lambda item: norwegian_key(item[1])))
        facets.municipalities = dict(
            sorted(facets.municipalities.items(), key=lambda item: norwegian_key(item[1]))
        )
        return facets


class CatalogueForm(forms.Form):
    """The catalogue's GET form; a value that is not among the choices is a form error, never a 500."""

    SORT_RELEVANCE = "relevance"
    SORT_NEWEST = "newest"
    OPEN_QUESTIONS = "questions"
    OPEN_OFFERS = "offers"

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    round = forms.TypedChoiceField(label=_("Round"), required=False, coerce=int, empty_value=None)
    county = forms.ChoiceField(label=_("County"), required=False)
    municipality = forms.ChoiceField(label=_("Municipality"), required=False)
    theme = forms.ChoiceField(label=_("Theme"), required=False)
    goal = forms.TypedChoiceField(
        label=_("UN sustainable development goal"), required=False, coerce=int, empty_value=None
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            ("", _("Published and closed")),
            (Challenge.Status.PUBLISHED, _("Published")),
            (Challenge.Status.CLOSED, _("Closed")),
        ],
    )
    open = forms.ChoiceField(
        label=_("Open now"),
        required=False,
        choices=[
            ("", _("All")),
            (OPEN_QUESTIONS, _("Open for questions")),
            (OPEN_OFFERS, _("Open for offers")),
        ],
    )
    sort = forms.ChoiceField(
        label=_("Sort"),
        required=False,
        choices=[(SORT_RELEVANCE, _("Best match first")), (SORT_NEWEST, _("Newest first"))],
    )

    def __init__(self, data, *, facets: Facets, themes, goals):
        super().__init__(data)
        self.facets = facets
        everything = [("", _("All"))]
        self.fields["round"].choices = everything + [
            (number, _("Round %(number)s: %(title)s") % {"number": number, "title": title})
            for number, title in facets.rounds.items()
        ]
        self.fields["county"].choices = everything + list(facets.counties.items())
        self.fields["municipality"].choices = everything + list(facets.municipalities.items())
        self.fields["theme"].choices = everything + [(theme.slug, theme.name) for theme in themes]
        self.fields["goal"].choices = everything + [(goal.number, str(goal)) for goal in goals]

    def clean_county(self) -> str:
        """The county's name (the key is its slug)."""
        return self.facets.counties.get(self.cleaned_data["county"], "")

    def chosen(self, filters: dict) -> list[str]:
        """The names of the chosen filters that narrow the list (not the search words, not the order)."""
        return [name for name in filters if name not in ("q", "sort")]

    def valid_filters(self) -> dict:
        """The valid values (all when the form is valid): a junk value drops only its own filter."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value not in (None, "")}


def catalogue_form(data) -> CatalogueForm:
    """The form with its choices: the facets, themes and goals from the content cache (three queries once per
    content version and language: publishing, closing or an admin edit bumps it). The form reads them and
    builds its own choices; the cached values are shared and never changed."""
    facets, themes, goals = cached(
        f"catalogue-choices:{get_language()}",
        lambda: (
            Facets.of_published(),
            list(Theme.objects.all()),
            list(SustainableDevelopmentGoal.objects.all()),
        ),
        by_clock=False,
    )
    return CatalogueForm(data, facets=facets, themes=themes, goals=goals)


def in_county(name: str) -> QuerySet:
    """Challenges in the county called `name` as their round named it: as published for the participant, else
    the county of its municipalities in the round's structure."""
    return Challenge.objects.filter(
        Q(participant__county_as_published=name)
        | Q(participant__county_as_published="", participant__municipalities__county__name=name)
    )


def filter_challenges(queryset: QuerySet, filters: dict, *, now=None) -> QuerySet:
    """`queryset` narrowed by the catalogue's filters (cleaned values), sorted by relevance or newest.

    Filters across many-valued relations go through subqueries, so no challenge is listed twice.
    """
    now = now or timezone.now()
    if "round" in filters:
        queryset = queryset.filter(participant__round__number=filters["round"])
    if "county" in filters:
        queryset = queryset.filter(pk__in=in_county(filters["county"]).values("pk"))
    if "municipality" in filters:
        queryset = queryset.filter(
            pk__in=Challenge.objects.filter(
                participant__municipalities__number=filters["municipality"]
            ).values("pk")
        )
    if "theme" in filters:
        queryset = queryset.filter(
            pk__in=Challenge.objects.filter(themes__slug=filters["theme"]).values("pk")
        )
    if "goal" in filters:
        queryset = queryset.filter(
            pk__in=Challenge.objects.filter(goals__number=filters["goal"]).values("pk")
        )
    if "status" in filters:
        queryset = queryset.filter(status=filters["status"])
    if "open" in filters:
        flag = "opens_questions" if filters["open"] == CatalogueForm.OPEN_QUESTIONS else "opens_offers"
        open_phases = Phase.objects.open_at(now).filter(**{flag: True})
        queryset = queryset.filter(
            status=Challenge.Status.PUBLISHED,
            participant__round__in=Round.objects.filter(phases__in=open_phases).values("pk"),
        )
    text = filters.get("q", "")
    queryset = search(queryset, text)
    if text and filters.get("sort") != CatalogueForm.SORT_NEWEST:
        return queryset.order_by("-rank", "-published_at", "-pk")
    return queryset.order_by("-published_at", "-pk")
