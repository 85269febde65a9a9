# ruff: noqa: RUF001, RUF002 -- Norwegian text uses the en dash on purpose.
"""The programme's real reference data: counties, municipalities, themes, rounds 1–4 and their participants.

Facts come from `municipalities/data/*.csv`; the texts around them are ours, in bokmål, nynorsk and English.
Loaded in production too (`manage.py load_reference_data`) and by `seed_demo`. Every function is idempotent:
rows are matched on their natural keys and updated in place.
"""

import csv
import datetime
from pathlib import Path

from django.db import transaction

from gnist.languages import localized, same_in_all, texts
from municipalities.models import (
    OSLO,
    County,
    Criterion,
    Membership,
    Municipality,
    Participant,
    Phase,
    Round,
    Theme,
    end_of_day,
)

DATA_DIR = Path(__file__).resolve().parent / "data"
STRUCTURE_2020 = (datetime.date(2020, 1, 1), datetime.date(2023, 12, 31))
STRUCTURE_2024 = (datetime.date(2024, 1, 1), None)


def _read(name: str) -> list[dict[str, str]]:
    with open(DATA_DIR / name, encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


def oslo(year, month, day, hour=0, minute=0) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, minute, tzinfo=OSLO)


def end_of(year, month, day) -> datetime.datetime:
    """A published deadline day without a time: the phase runs to the end of that day."""
    return end_of_day(datetime.date(year, month, day))


SAME = texts("", "", "")

FOLLOW_REASON = texts(
    "Valgt ut som følgekommune på grunn av en overlappende utfordring.",
    "Vald ut som følgjekommune på grunn av ei overlappande utfordring.",
    "Chosen as a follow municipality because of an overlapping challenge.",
)

ROUND_TEXTS = {
    1: {
        "title": texts(
            "Sammen for smarte og bærekraftige byer og lokalsamfunn",
            "Saman for smarte og berekraftige byar og lokalsamfunn",
            "Together for smart and sustainable towns and communities",
        ),
        "solution_part_name": texts(
            "Innovasjonskonkurranse", "Innovasjonskonkurranse", "Innovation competition"
        ),
        "theme": texts(
            "Smarte og bærekraftige lokalsamfunn",
            "Smarte og berekraftige lokalsamfunn",
            "Smart and sustainable local communities",
        ),
        "eligibility": SAME,
        "funding": texts(
            "Vinnerne ble kunngjort på Nordic Edge Expo 23. september 2020.",
            "Vinnarane vart kunngjorde på Nordic Edge Expo 23. september 2020.",
            "The winners were announced at Nordic Edge Expo on 23 September 2020.",
        ),
        "description": texts(
            "Forløperen til Gnist: en innovasjonskonkurranse der to kommuner søkte nye løsninger på lokale "
            "utfordringer sammen med næringslivet.",
            "Forløparen til Gnist: ein innovasjonskonkurranse der to kommunar søkte nye løysingar på lokale "
            "utfordringar saman med næringslivet.",
            "The forerunner of Gnist: an innovation competition in which two municipalities looked for new "
            "solutions to local challenges together with local businesses.",
        ),
    },
    2: {
        "title": same_in_all("Gnist 2020–2021"),
        "solution_part_name": texts(
            "Gnist innovasjonsdel (idédugnad)",
            "Gnist innovasjonsdel (idédugnad)",
            "Gnist innovation part (open idea competition)",
        ),
        "theme": texts(
            "Steds- og næringsutvikling i distriktskommuner",
            "Stads- og næringsutvikling i distriktskommunar",
            "Place and business development in rural municipalities",
        ),
        "eligibility": texts("Distriktskommuner.", "Distriktskommunar.", "Rural municipalities."),
        "funding": texts(
            "To finalister per kommune fikk 150 000 kroner hver, og én vinner per kommune ble kåret.",
            "To finalistar per kommune fekk 150 000 kroner kvar, og éin vinnar per kommune vart kåra.",
            "Two finalists per municipality received NOK 150,000 each, and one winner per municipality "
            "was chosen.",
        ),
        "description": texts(
            "Tre kommuner inviterte alle som ville, til å sende inn ideer i en åpen idékonkurranse.",
            "Tre kommunar inviterte alle som ville, til å sende inn idear i ein open idékonkurranse.",
            "Three municipalities invited anyone who wanted to take part to send in ideas in an open idea "
            "competition.",
        ),
    },
    3: {
        "title": same_in_all("Gnist 2021–2022"),
        "solution_part_name": texts("Gnist løsninger", "Gnist løysingar", "Gnist solutions"),
        "theme": texts(
            "Steds- og næringsutvikling", "Stads- og næringsutvikling", "Place and business development"
        ),
        "eligibility": texts(
            "Distriktskommuner i sentralitetsklasse 4–6. Utfordringen må være forankret i eget fylke.",
            "Distriktskommunar i sentralitetsklasse 4–6. Utfordringa må vere forankra i eige fylke.",
            "Rural municipalities in Statistics Norway’s centrality classes 4–6. The challenge must be "
            "anchored in the municipality’s own county.",
        ),
        "funding": texts(
            "Ni team fikk 300 000 kroner hver.",
            "Ni team fekk 300 000 kroner kvar.",
            "Nine teams received NOK 300,000 each.",
        ),
        "description": texts(
            "Ni Gnist-kommuner gjennomførte hver sin innovative anskaffelse, og tolv følgekommuner fulgte "
            "arbeidet fordi de hadde lignende utfordringer.",
            "Ni Gnist-kommunar gjennomførte kvar si innovative anskaffing, og tolv følgjekommunar følgde "
            "arbeidet fordi dei hadde liknande utfordringar.",
            "Nine Gnist municipalities each ran an innovation procurement of their own, and twelve follow "
            "municipalities followed the work because they had similar challenges.",
        ),
    },
    4: {
        "title": same_in_all("Gnist 2023–2024"),
        "solution_part_name": texts("Gnist innovasjon", "Gnist innovasjon", "Gnist innovation"),
        "theme": texts(
            "Bærekraft og sirkularitet", "Berekraft og sirkularitet", "Sustainability and circularity"
        ),
        "eligibility": texts(
            "Kommuner av alle størrelser.", "Kommunar av alle storleikar.", "Municipalities of every size."
        ),
        "funding": texts(
            "Fem team fikk 400 000 kroner inkl. mva. hver. Konkurransene fikk 84 tilbud.",
            "Fem team fekk 400 000 kroner inkl. mva. kvar. Konkurransane fekk 84 tilbod.",
            "Five teams received NOK 400,000 each, including VAT. The competitions received 84 offers.",
        ),
        "description": texts(
            "Kommunene var selv oppdragsgivere. Ti kommuner gikk videre til en modningsfase, og en ekstern "
            "jury valgte fem av dem. De fem andre ble invitert som følgekommuner.",
            "Kommunane var sjølve oppdragsgivarar. Ti kommunar gjekk vidare til ein modningsfase, og ein "
            "ekstern jury valde fem av dei. Dei fem andre vart inviterte som følgjekommunar.",
            "Each municipality was itself the contracting authority. Ten municipalities went on to a "
            "maturing stage, and an external jury chose five of them. The other five were invited to take "
            "part as follow municipalities.",
        ),
    },
}
ENGAGEMENT = texts("Engasjement", "Engasjement", "Engagement")
INNOVATION_LEVEL = texts("Innovasjonsgrad", "Innovasjonsgrad", "Level of innovation")
SCALING = texts("Skaleringspotensial", "Skaleringspotensial", "Potential to scale")
INNOVATION_POTENTIAL = texts("Innovasjonspotensial", "Innovasjonspotensial", "Innovation potential")
ANCHORING = texts("Forankring", "Forankring", "Local anchoring")
TRANSFER = texts("Overføringsverdi", "Overføringsverdi", "Value to other municipalities")
WILL_TO_CHANGE = texts("Endringsvilje", "Endringsvilje", "Willingness to change")
SUSTAINABILITY = texts("Bærekraftsambisjoner", "Berekraftsambisjonar", "Sustainability ambitions")

# Only the names are published; programme admins may add descriptions in Django admin.
ROUND_CRITERIA = {
    1: [ENGAGEMENT, INNOVATION_LEVEL, SCALING],
    2: [INNOVATION_POTENTIAL, ANCHORING, TRANSFER],
    3: [],  # not in the published data: programme admins add them in Django admin
    4: [WILL_TO_CHANGE, INNOVATION_POTENTIAL, ANCHORING, SUSTAINABILITY, TRANSFER],
}

K = Phase.Kind
# (kind, name, starts_at, ends_at, extra fields); only published dates, the rest left empty.
# An empty name (SAME) shows the kind, which is translated with the portal's own strings.
ROUND_PHASES = {
    1: [
        (K.APPLICATIONS, SAME, None, None, {}),
        (
            K.OFFERS,
            texts("Innovasjonskonkurranse", "Innovasjonskonkurranse", "Innovation competition"),
            None,
            None,
            {"opens_offers": True},
        ),
        (
            K.ANNOUNCEMENT,
            texts(
                "Vinnerne kunngjort på Nordic Edge Expo",
                "Kunngjering av vinnarane på Nordic Edge Expo",
                "Winners announced at Nordic Edge Expo",
            ),
            oslo(2020, 9, 23),
            None,
            {},
        ),
    ],
    2: [
        (K.APPLICATIONS, SAME, None, None, {}),
        (K.SELECTION, SAME, None, None, {}),
        (
            K.OFFERS,
            texts("Åpen idékonkurranse", "Open idékonkurranse", "Open idea competition"),
            None,
            None,
            {"opens_offers": True},
        ),
        (
            K.EVALUATION,
            texts("To finalister per kommune", "To finalistar per kommune", "Two finalists per municipality"),
            None,
            None,
            {},
        ),
        (
            K.ANNOUNCEMENT,
            texts("Vinnerne kunngjort", "Kunngjering av vinnarane", "Winners announced"),
            oslo(2021, 9, 21),
            None,
            {},
        ),
    ],
    3: [
        (K.APPLICATIONS, SAME, oslo(2021, 12, 1), end_of(2022, 1, 14), {"opens_applications": True}),
        (
            K.ANNOUNCEMENT,
            texts(
                "Gnist-kommunene kunngjort",
                "Kunngjering av Gnist-kommunane",
                "Gnist municipalities announced",
            ),
            oslo(2022, 2, 10),
            None,
            {},
        ),
        (
            K.OFFERS,
            texts(
                "Konkurranseprogram og tilbud",
                "Konkurranseprogram og tilbod",
                "Competition programmes and offers",
            ),
            oslo(2022, 3, 10),
            end_of(2022, 4, 11),
            {"opens_challenges": True, "opens_questions": True, "opens_offers": True},
        ),
        (K.TEAM_WORK, SAME, oslo(2022, 5, 1), end_of(2022, 10, 31), {"month_only": True}),
        (
            K.GATHERING,
            texts("Avslutningssamling", "Avslutningssamling", "Closing gathering"),
            oslo(2022, 10, 1),
            end_of(2022, 10, 31),
            {"month_only": True},
        ),
    ],
    4: [
        (K.APPLICATIONS, SAME, oslo(2023, 2, 1), end_of(2023, 3, 31), {"opens_applications": True}),
        (
            K.MATURING,
            texts(
                "Ti kommuner i modningsfase",
                "Ti kommunar i modningsfase",
                "Ten municipalities in the maturing stage",
            ),
            oslo(2023, 4, 21),
            None,
            {},
        ),
        (
            K.SELECTION,
            texts(
                "Ekstern jury velger fem Gnist-kommuner",
                "Ekstern jury vel fem Gnist-kommunar",
                "External jury chooses five Gnist municipalities",
            ),
            None,
            None,
            {},
        ),
        (
            K.QUESTIONS,
            texts("Dialogmøter", "Dialogmøte", "Dialogue meetings"),
            oslo(2023, 6, 16),
            end_of(2023, 6, 19),
            {"opens_questions": True},
        ),
        (K.OFFERS, SAME, None, oslo(2023, 9, 1, 12), {"opens_offers": True}),
        (
            K.ANNOUNCEMENT,
            texts("Teamene kunngjort", "Kunngjering av teama", "Teams announced"),
            oslo(2023, 9, 29),
            None,
            {},
        ),
        (K.TEAM_WORK, SAME, None, None, {}),
    ],
}


# Themes an application can choose from.
THEMES = [
    ("demografi", texts("Demografi", "Demografi", "Demography")),
    ("bolig", texts("Bolig", "Bustad", "Housing")),
    ("inkludering", texts("Inkludering", "Inkludering", "Inclusion")),
    ("kompetanse", texts("Kompetanse", "Kompetanse", "Skills")),
    ("energi", texts("Energi", "Energi", "Energy")),
    ("mobilitet", texts("Mobilitet", "Mobilitet", "Mobility")),
    ("miljo-og-klima", texts("Miljø og klima", "Miljø og klima", "Environment and climate")),
    ("naeringsaktivitet", texts("Næringsaktivitet", "Næringsaktivitet", "Business activity")),
    ("reiseliv", texts("Reiseliv", "Reiseliv", "Tourism")),
    ("sirkularokonomi", texts("Sirkulærøkonomi", "Sirkulærøkonomi", "Circular economy")),
    ("helse-og-omsorg", texts("Helse og omsorg", "Helse og omsorg", "Health and care")),
    ("stedsutvikling", texts("Stedsutvikling", "Stadsutvikling", "Place development")),
]


def phase_defaults(kind, name, starts_at, ends_at, extra) -> dict:
    flags = dict.fromkeys(["month_only", *Phase.OPENS_FLAGS], False)
    return {
        "kind": kind,
        **localized(name=name),
        "starts_at": starts_at,
        "ends_at": ends_at,
        **flags,
        **extra,
    }


def _load_counties(rows: list[dict[str, str]], valid_from, valid_to) -> dict[str, int]:
    """The counties named in `rows` for one period; their ids by county number."""
    counties = {row["county_number"]: row["county_name"] for row in rows}
    County.objects.bulk_create(
        [
            County(number=n, name=name, valid_from=valid_from, valid_to=valid_to)
            for n, name in counties.items()
        ],
        update_conflicts=True,
        unique_fields=["number", "valid_from"],
        update_fields=["name", "valid_to"],
    )
    return dict(County.objects.filter(valid_from=valid_from).values_list("number", "id"))


def _load_period(rows: list[dict[str, str]], valid_from, valid_to, **defaults_by_number) -> None:
    """One structure's municipalities, inserted or updated in place in one statement."""
    county_ids = _load_counties(rows, valid_from, valid_to)
    Municipality.objects.bulk_create(
        [
            Municipality(
                number=row["municipality_number"],
                name=row["name"],
                official_names=row["official_names"],
                county_id=county_ids[row["county_number"]],
                valid_from=valid_from,
                valid_to=valid_to,
                latitude=row["latitude"] or None,
                longitude=row["longitude"] or None,
                organisation_number=row.get("organisation_number", ""),
                sami_administrative_area=row["sami_administrative_area"] == "true",
            )
            for row in rows
        ],
        update_conflicts=True,
        unique_fields=["number", "valid_from"],
        update_fields=[
            "name",
            "official_names",
            "county",
            "valid_to",
            "latitude",
            "longitude",
            "organisation_number",
            "sami_administrative_area",
        ],
    )


@transaction.atomic
def load_municipalities() -> None:
    """Both structures: 356 municipalities and 11 counties of 2020–2023, 357 and 15 from 2024."""
    load_structure_2020()
    load_structure_2024()


def load_structure_2020() -> None:
    _load_period(_read("municipalities-2020.csv"), *STRUCTURE_2020)


def load_structure_2024() -> None:
    """The 2024 structure, each municipality linked to its 2020–2023 predecessor; teams move along.

    Steps: carry each predecessor's organisation number over where the name stayed (Haram's is not in our
    data); insert or update the municipalities; link the predecessors; move the teams of 2020–2023 to the
    municipality that continues them (same name), since a team acts for its municipality today, while past
    participations and applications stay with the municipality as it was.
    """
    rows = _read("municipalities-2024.csv")
    old = {m.number: m for m in Municipality.objects.filter(valid_from=STRUCTURE_2020[0])}
    for row in rows:
        predecessor = old[row["number_2020_2023"]]
        row["organisation_number"] = (
            predecessor.organisation_number if predecessor.name == row["name"] else ""
        )
    _load_period(rows, *STRUCTURE_2024)
    new_ids = dict(Municipality.objects.filter(valid_from=STRUCTURE_2024[0]).values_list("number", "id"))
    links = Municipality.predecessors.through
    links.objects.bulk_create(
        [
            links(
                from_municipality_id=new_ids[row["municipality_number"]],
                to_municipality_id=old[row["number_2020_2023"]].pk,
            )
            for row in rows
        ],
        ignore_conflicts=True,
    )
    continued_by = {
        old[row["number_2020_2023"]].pk: new_ids[row["municipality_number"]]
        for row in rows
        if old[row["number_2020_2023"]].name == row["name"]
    }
    _move_teams(continued_by)


def _move_teams(continued_by: dict[int, int]) -> None:
    """Memberships of an ended municipality go to the one that continues it, unless the person is there."""
    memberships = list(Membership.objects.filter(municipality_id__in=continued_by))
    taken = set(
        Membership.objects.filter(municipality_id__in=continued_by.values()).values_list(
            "user_id", "municipality_id"
        )
    )
    moving = []
    for membership in memberships:
        target = continued_by[membership.municipality_id]
        if (membership.user_id, target) not in taken:
            taken.add((membership.user_id, target))
            membership.municipality_id = target
            moving.append(membership)
    Membership.objects.bulk_update(moving, ["municipality"])


@transaction.atomic
def load_rounds() -> None:
    """Rounds 1–4 with their criteria and dated phases."""
    for row in _read("rounds.csv"):
        number = int(row["round"])
        start_year, end_year = (int(year) for year in row["years"].split("-"))
        round_, _created = Round.objects.update_or_create(
            number=number,
            defaults={
                **localized(**ROUND_TEXTS[number]),
                "start_year": start_year,
                "end_year": end_year,
                "applications_count": int(row["applications"]) if row["applications"] else None,
            },
        )
        for order, name in enumerate(ROUND_CRITERIA[number], start=1):
            Criterion.objects.update_or_create(round=round_, order=order, defaults=localized(name=name))
        round_.criteria.filter(order__gt=len(ROUND_CRITERIA[number])).delete()
        for order, phase in enumerate(ROUND_PHASES[number], start=1):
            Phase.objects.update_or_create(round=round_, order=order, defaults=phase_defaults(*phase))
        round_.phases.filter(order__gt=len(ROUND_PHASES[number])).delete()


def _municipality_by_name(name: str, round_: Round) -> Municipality:
    return Municipality.objects.valid_on(round_.structure_date).get(name=name)


def _set_participant(round_, display_name, municipalities, **defaults) -> Participant:
    participant, _created = Participant.objects.update_or_create(
        round=round_, display_name=display_name, defaults=defaults
    )
    participant.municipalities.set(municipalities)
    return participant


@transaction.atomic
def load_participants() -> None:
    """Rounds 1, 2 and 4 from rounds.csv (one Gnist participant per municipality); round 3 from its file.

    Each participant is linked to its municipalities as they were in the round's structure (round 4: 2024).
    """
    rounds = {round_.number: round_ for round_ in Round.objects.filter(number__in=[1, 2, 3, 4])}
    for row in _read("rounds.csv"):
        if row["round"] == "3":
            continue
        for name in (part.strip() for part in row["municipalities"].split(";")):
            round_ = rounds[int(row["round"])]
            _set_participant(round_, name, [_municipality_by_name(name, round_)], role=Participant.Role.GNIST)

    by_number = {m.number: m for m in Municipality.objects.valid_on(rounds[3].structure_date)}
    rows = _read("gnist-round-3.csv")
    leads = {}
    # Gnist participants first, so that follow participants can point to them.
    for row in sorted(rows, key=lambda row: row["role"] != "gnist"):
        role = row["role"]
        leads[row["participant"]] = _set_participant(
            rounds[int(row["round"])],
            row["participant"],
            [by_number[number] for number in row["municipality_numbers"].split()],
            role=role,
            follows=leads[row["follows"]] if role == Participant.Role.FOLLOW else None,
            **localized(reason=FOLLOW_REASON if role == Participant.Role.FOLLOW else SAME),
            county_as_published=row["county_as_published"],
        )


def load_themes() -> None:
    for order, (slug, name) in enumerate(THEMES, start=1):
        Theme.objects.update_or_create(slug=slug, defaults={"order": order, **localized(name=name)})


@transaction.atomic
def load_reference_data() -> str:
    """Load everything above, all or nothing; return what the database now holds, in one line."""
    load_municipalities()
    load_themes()
    load_rounds()
    load_participants()
    return (
        f"Reference data: {County.objects.count()} counties, {Municipality.objects.count()} municipalities, "
        f"{Round.objects.count()} rounds, {Participant.objects.count()} participants."
    )


def seed_reference_data(ctx) -> None:
    ctx.log(load_reference_data())
