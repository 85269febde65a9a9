# ruff: noqa: RUF001, RUF002 -- Norwegian text uses the en dash and the multiplication sign on purpose.
"""Loads the programme's reference data (facts from `municipalities/data/`) and the app's demo content.

Every function is idempotent: rows are matched on their natural keys and updated in place.
"""

import csv
import datetime
from pathlib import Path

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from municipalities.models import (
    OSLO,
    County,
    Criterion,
    Membership,
    Municipality,
    Participant,
    Phase,
    Round,
)

DATA_DIR = Path(__file__).resolve().parent / "data"
STRUCTURE_2020 = (datetime.date(2020, 1, 1), datetime.date(2023, 12, 31))
FOLLOW_REASON = "Valgt ut som følgekommune på grunn av en overlappende utfordring."
GENERATED_ROUND_START = 101


def _read(name: str) -> list[dict[str, str]]:
    with open(DATA_DIR / name, encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


def oslo(year, month, day, hour=0, minute=0) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, minute, tzinfo=OSLO)


def end_of(year, month, day) -> datetime.datetime:
    """A published deadline day without a time: the phase runs to the end of that day."""
    return oslo(year, month, day, 23, 59)


# What we write about each round, from the facts in data/rounds.csv and the programme page.
ROUND_TEXTS = {
    1: {
        "title": "Sammen for smarte og bærekraftige byer og lokalsamfunn",
        "solution_part_name": "Innovasjonskonkurranse",
        "theme": "Smarte og bærekraftige lokalsamfunn",
        "eligibility": "",
        "funding": "Vinnerne ble kunngjort på Nordic Edge Expo 23. september 2020.",
        "description": "Forløperen til Gnist: en innovasjonskonkurranse der to kommuner søkte nye "
        "løsninger på lokale utfordringer sammen med næringslivet.",
    },
    2: {
        "title": "Gnist 2020–2021",
        "solution_part_name": "Gnist innovasjonsdel (idédugnad)",
        "theme": "Steds- og næringsutvikling i distriktskommuner",
        "eligibility": "Distriktskommuner.",
        "funding": "To finalister per kommune fikk 150 000 kroner hver, og én vinner per kommune ble kåret.",
        "description": "Tre kommuner inviterte alle som ville, til å sende inn ideer i en åpen "
        "idékonkurranse.",
    },
    3: {
        "title": "Gnist 2021–2022",
        "solution_part_name": "Gnist løsninger",
        "theme": "Steds- og næringsutvikling",
        "eligibility": "Distriktskommuner i sentralitetsklasse 4–6. Utfordringen må være forankret i "
        "eget fylke.",
        "funding": "Ni team fikk 300 000 kroner hver.",
        "description": "Ni Gnist-kommuner gjennomførte hver sin innovative anskaffelse, og tolv "
        "følgekommuner fulgte arbeidet fordi de hadde lignende utfordringer.",
    },
    4: {
        "title": "Gnist 2023–2024",
        "solution_part_name": "Gnist innovasjon",
        "theme": "Bærekraft og sirkularitet",
        "eligibility": "Kommuner av alle størrelser.",
        "funding": "Fem team fikk 400 000 kroner inkl. mva. hver. Konkurransene fikk 84 tilbud.",
        "description": "Kommunene var selv oppdragsgivere. Ti kommuner gikk videre til en modningsfase, "
        "og en ekstern jury valgte fem av dem.",
    },
}

ROUND_CRITERIA = {
    1: ["Engasjement", "Innovasjonsgrad", "Skaleringspotensial"],
    2: ["Innovasjonspotensial", "Forankring", "Overføringsverdi"],
    3: [],  # not in the published data: programme admins add them in Django admin
    4: ["Endringsvilje", "Innovasjonspotensial", "Forankring", "Bærekraftsambisjoner", "Overføringsverdi"],
}

K = Phase.Kind
# (kind, name, starts_at, ends_at, extra fields); only published dates, the rest left empty.
ROUND_PHASES = {
    1: [
        (K.APPLICATIONS, "", None, None, {}),
        (K.OFFERS, "Innovasjonskonkurranse", None, None, {"opens_offers": True}),
        (K.ANNOUNCEMENT, "Vinnerne kunngjort på Nordic Edge Expo", oslo(2020, 9, 23), None, {}),
    ],
    2: [
        (K.APPLICATIONS, "", None, None, {}),
        (K.SELECTION, "", None, None, {}),
        (K.OFFERS, "Åpen idékonkurranse", None, None, {"opens_offers": True}),
        (K.EVALUATION, "To finalister per kommune", None, None, {}),
        (K.ANNOUNCEMENT, "Vinnerne kunngjort", oslo(2021, 9, 21), None, {}),
    ],
    3: [
        (K.APPLICATIONS, "", oslo(2021, 12, 1), end_of(2022, 1, 14), {"opens_applications": True}),
        (K.ANNOUNCEMENT, "Gnist-kommunene kunngjort", oslo(2022, 2, 10), None, {}),
        (
            K.OFFERS,
            "Konkurranseprogram og tilbud",
            oslo(2022, 3, 10),
            end_of(2022, 4, 11),
            {"opens_challenges": True, "opens_questions": True, "opens_offers": True},
        ),
        (K.TEAM_WORK, "", oslo(2022, 5, 1), end_of(2022, 10, 31), {"month_only": True}),
        (K.GATHERING, "Avslutningssamling", oslo(2022, 10, 1), end_of(2022, 10, 31), {"month_only": True}),
    ],
    4: [
        (K.APPLICATIONS, "", oslo(2023, 2, 1), end_of(2023, 3, 31), {"opens_applications": True}),
        (K.MATURING, "Ti kommuner i modningsfase", oslo(2023, 4, 21), None, {}),
        (K.SELECTION, "Ekstern jury velger fem Gnist-kommuner", None, None, {}),
        (K.QUESTIONS, "Dialogmøter", oslo(2023, 6, 16), end_of(2023, 6, 19), {"opens_questions": True}),
        (K.OFFERS, "", None, oslo(2023, 9, 1, 12), {"opens_offers": True}),
        (K.ANNOUNCEMENT, "Teamene kunngjort", oslo(2023, 9, 29), None, {}),
        (K.TEAM_WORK, "", None, None, {}),
    ],
}


def _phase_defaults(kind, name, starts_at, ends_at, extra) -> dict:
    flags = {
        "month_only": False,
        "opens_applications": False,
        "opens_challenges": False,
        "opens_questions": False,
        "opens_offers": False,
        "opens_evaluation": False,
        "opens_reporting": False,
    }
    return {"kind": kind, "name": name, "starts_at": starts_at, "ends_at": ends_at, **flags, **extra}


@transaction.atomic
def load_municipalities() -> None:
    """All 356 municipalities and 11 counties of the 2020–2023 structure."""
    valid_from, valid_to = STRUCTURE_2020
    rows = _read("municipalities-2020.csv")
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
    county_ids = dict(County.objects.filter(valid_from=valid_from).values_list("number", "id"))
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
                organisation_number=row["organisation_number"],
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
def load_rounds() -> None:
    """Rounds 1–4 with their criteria and dated phases."""
    for row in _read("rounds.csv"):
        number = int(row["round"])
        start_year, end_year = (int(year) for year in row["years"].split("-"))
        round_, _created = Round.objects.update_or_create(
            number=number,
            defaults={
                **ROUND_TEXTS[number],
                "start_year": start_year,
                "end_year": end_year,
                "applications_count": int(row["applications"]) if row["applications"] else None,
            },
        )
        for order, name in enumerate(ROUND_CRITERIA[number], start=1):
            Criterion.objects.update_or_create(round=round_, order=order, defaults={"name": name})
        round_.criteria.filter(order__gt=len(ROUND_CRITERIA[number])).delete()
        for order, phase in enumerate(ROUND_PHASES[number], start=1):
            Phase.objects.update_or_create(round=round_, order=order, defaults=_phase_defaults(*phase))
        round_.phases.filter(order__gt=len(ROUND_PHASES[number])).delete()


def _municipality_by_name(name: str) -> Municipality:
    return Municipality.objects.valid_on(STRUCTURE_2020[0]).get(name=name)


def _set_participant(round_, display_name, municipalities, **defaults) -> Participant:
    participant, _created = Participant.objects.update_or_create(
        round=round_, display_name=display_name, defaults=defaults
    )
    participant.municipalities.set(municipalities)
    return participant


@transaction.atomic
def load_participants() -> None:
    """Rounds 1, 2 and 4 from rounds.csv (one Gnist participant per municipality); round 3 from its file."""
    rounds = {round_.number: round_ for round_ in Round.objects.filter(number__in=[1, 2, 3, 4])}
    for row in _read("rounds.csv"):
        if row["round"] == "3":
            continue
        for name in (part.strip() for part in row["municipalities"].split(";")):
            _set_participant(
                rounds[int(row["round"])], name, [_municipality_by_name(name)], role=Participant.Role.GNIST
            )

    by_number = {m.number: m for m in Municipality.objects.valid_on(STRUCTURE_2020[0])}
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
            reason=FOLLOW_REASON if role == Participant.Role.FOLLOW else "",
            county_as_published=row["county_as_published"],
        )


def seed_reference_data(ctx) -> None:
    load_municipalities()
    load_rounds()
    load_participants()
    ctx.log(
        f"Reference data: {County.objects.count()} counties, {Municipality.objects.count()} municipalities, "
        f"{Round.objects.count()} rounds, {Participant.objects.count()} participants."
    )


def seed_demo_memberships(ctx) -> None:
    """The municipality demo account is an approved admin of Åseral's team."""
    user = ctx.users.get("kommune")
    if user is None:
        return
    aseral = Municipality.objects.with_number("4224").first()
    Membership.objects.update_or_create(
        user=user,
        municipality=aseral,
        defaults={
            "role": Membership.Role.ADMIN,
            "status": Membership.Status.APPROVED,
            "decided_by": ctx.users.get("admin"),
        },
        create_defaults={
            "role": Membership.Role.ADMIN,
            "status": Membership.Status.APPROVED,
            "decided_by": ctx.users.get("admin"),
            "decided_at": timezone.now(),
        },
    )


@transaction.atomic
def seed_scale(ctx) -> None:
    """Generated content for benchmarks: N×50 users with memberships and N×10 historic rounds."""
    if ctx.scale <= 0:
        return
    from accounts.models import User

    municipalities = list(Municipality.objects.order_by("number", "valid_from"))
    unusable = make_password(None)  # generated people cannot sign in
    emails = [f"generert-{i:05d}@gnist.test" for i in range(1, ctx.scale * 50 + 1)]
    User.objects.bulk_create(
        [
            User(email=email, name=f"Generert bruker {i}", password=unusable)
            for i, email in enumerate(emails, 1)
        ],
        ignore_conflicts=True,
    )
    users = User.objects.filter(email__in=emails).order_by("email")
    Membership.objects.bulk_create(
        [
            Membership(
                user=user,
                municipality=municipalities[i % len(municipalities)],
                role=Membership.Role.ADMIN if i % 10 == 0 else Membership.Role.EDITOR,
                status=Membership.Status.PENDING if i % 7 == 0 else Membership.Status.APPROVED,
            )
            for i, user in enumerate(users)
        ],
        ignore_conflicts=True,
    )

    numbers = range(GENERATED_ROUND_START, GENERATED_ROUND_START + ctx.scale * 10)
    Round.objects.bulk_create(
        [
            Round(
                number=number,
                title=f"Demo-runde {number}",
                start_year=2000 + number % 18,
                end_year=2001 + number % 18,
                theme="Generert innhold",
                description="Generert for ytelsestester; ikke en ekte runde.",
            )
            for number in numbers
        ],
        update_conflicts=True,
        unique_fields=["number"],
        update_fields=["title", "start_year", "end_year", "theme", "description"],
    )
    rounds = list(Round.objects.filter(number__in=numbers))
    Phase.objects.bulk_create(
        [
            Phase(
                round=round_,
                order=order,
                kind=kind,
                starts_at=oslo(round_.start_year, month, 1),
                ends_at=end_of(round_.start_year, month, 28),
            )
            for round_ in rounds
            for order, (kind, month) in enumerate(
                [(K.APPLICATIONS, 2), (K.SELECTION, 4), (K.OFFERS, 6), (K.TEAM_WORK, 9), (K.REPORTING, 11)], 1
            )
        ],
        update_conflicts=True,
        unique_fields=["round", "order"],
        update_fields=["kind", "starts_at", "ends_at"],
    )

    # Three Gnist participants per round, each followed by one follow participant.
    def pick(round_, slot):
        return municipalities[(round_.number * 6 + slot) % len(municipalities)]

    for role, slots in [(Participant.Role.GNIST, range(3)), (Participant.Role.FOLLOW, range(3, 6))]:
        leads = {}
        if role == Participant.Role.FOLLOW:
            leads = {
                (p.round_id, p.display_name): p for p in Participant.objects.gnist().filter(round__in=rounds)
            }
        Participant.objects.bulk_create(
            [
                Participant(
                    round=round_,
                    display_name=pick(round_, slot).name,
                    role=role,
                    follows=leads.get((round_.id, pick(round_, slot - 3).name)),
                )
                for round_ in rounds
                for slot in slots
            ],
            update_conflicts=True,
            unique_fields=["round", "display_name"],
            update_fields=["role", "follows"],
        )
    by_key = {(p.round_id, p.display_name): p.id for p in Participant.objects.filter(round__in=rounds)}
    Through = Participant.municipalities.through
    Through.objects.bulk_create(
        [
            Through(
                participant_id=by_key[(round_.id, pick(round_, slot).name)],
                municipality_id=pick(round_, slot).id,
            )
            for round_ in rounds
            for slot in range(6)
        ],
        ignore_conflicts=True,
    )
    ctx.log(f"Scale {ctx.scale}: {len(emails)} generated users, {len(rounds)} generated rounds.")
