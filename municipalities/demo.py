# ruff: noqa: RUF001 -- Norwegian text uses the en dash on purpose.
"""The municipalities app's demo content: the demo municipality account's team, an open demo round 5 taking
applications, and a demo round 6 in its challenge phase with Åseral selected as its Gnist municipality.

Only for development and demos; the real facts are in `reference_data.py`. Every step is idempotent.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from gnist.languages import Texts, localized, same_in_all, texts
from gnist.seeding import acting_as_programme
from municipalities import services
from municipalities.models import (
    Application,
    Criterion,
    CriterionAnswer,
    Membership,
    Municipality,
    Phase,
    Round,
    Theme,
    end_of_day,
)
from municipalities.models.programme import add_months
from municipalities.reference_data import (
    ROUND_CRITERIA,
    SAME,
    K,
    end_of,
    oslo,
    phase_defaults,
)

DEMO_ROUND = 5
# The demo round in its challenge phase: numbered after round 5 but a year older, so that round 5 stays the
# latest round (`RoundQuerySet.current`), the one the home page shows.
DEMO_CHALLENGE_ROUND = 6
CRITERION_DESCRIPTIONS = [
    texts(
        "Hvordan er kommunen villig til å endre egen praksis for å løse utfordringen?",
        "Korleis er kommunen villig til å endre eigen praksis for å løyse utfordringa?",
        "How willing is the municipality to change its own practice to solve the challenge?",
    ),
    texts(
        "Hva er nytt med tilnærmingen, og hvilke muligheter gir den?",
        "Kva er nytt med tilnærminga, og kva moglegheiter gir ho?",
        "What is new about the approach, and what opportunities does it open?",
    ),
    texts(
        "Hvordan er utfordringen forankret politisk, administrativt og hos innbyggerne?",
        "Korleis er utfordringa forankra politisk, administrativt og hos innbyggjarane?",
        "How is the challenge anchored politically, administratively and among residents?",
    ),
    texts(
        "Hvilke ambisjoner har dere for bærekraft og sirkularitet?",
        "Kva ambisjonar har de for berekraft og sirkularitet?",
        "What are your ambitions for sustainability and circularity?",
    ),
    texts(
        "Hvordan kan løsningen tas i bruk av andre kommuner?",
        "Korleis kan løysinga takast i bruk av andre kommunar?",
        "How can other municipalities use the solution?",
    ),
]


def demo_round_dates(today: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    """An application phase open around `today`: from 1 November (or earlier) to 31 March 12:00."""
    season = today.year if today.month >= 4 else today.year - 1
    opens = min(oslo(season, 11, 1), oslo(today.year, today.month, 1))
    return opens, oslo(season + 1, 3, 31, 12)


# (municipality number, status, themes, question, description)
DEMO_APPLICATIONS = [
    (
        "4224",
        "draft",
        ["bolig", "demografi"],
        "Hvordan kan flere unge voksne finne en bolig i Åseral?",
        "Unge som vil flytte hjem, finner ingen utleieboliger, og hyttene står tomme store deler av året.",
    ),
    (
        "4222",
        "submitted",
        ["reiseliv", "bolig"],
        "Hvordan kan hytteeiere bli helårsinnbyggere i Bykle?",
        "Bykle har flere hytter enn innbyggere. Vi vil gjøre det enkelt å bo og jobbe her hele året.",
    ),
    (
        "4221",
        "submitted",
        ["mobilitet", "inkludering"],
        "Hvordan kan eldre i Valle komme seg til butikk og lege uten bil?",
        "Bussen går sjelden, og mange eldre bor langt fra sentrum.",
    ),
    (
        "4220",
        "shortlisted",
        ["sirkularokonomi", "naeringsaktivitet"],
        "Hvordan kan overskuddsmaterialer fra byggeplasser bli nye produkter i Bygland?",
        "Lokale bedrifter kaster mye materiale som andre kunne brukt.",
    ),
]


def seed_demo_memberships(ctx) -> None:
    """The municipality demo account is an approved admin of Åseral's team."""
    user = ctx.users.get("kommune")
    if user is None:
        return
    aseral = Municipality.objects.current().with_number("4224").first()
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


def _demo_round(number: int, *, start_year: int, theme: Texts, description: Texts, phases: list) -> Round:
    """A published demo round with round 4's criteria (described) and `phases`, in every language."""
    round_, _created = Round.objects.update_or_create(
        number=number,
        defaults={
            **localized(
                title=same_in_all(f"Gnist {start_year}–{start_year + 1} (demo)"),
                theme=theme,
                eligibility=texts(
                    "Kommuner av alle størrelser.",
                    "Kommunar av alle storleikar.",
                    "Municipalities of every size.",
                ),
                description=description,
                solution_part_name=texts("Gnist innovasjon", "Gnist innovasjon", "Gnist innovation"),
                funding=SAME,
            ),
            "start_year": start_year,
            "end_year": start_year + 1,
            "is_draft": False,
        },
    )
    for order, phase in enumerate(phases, start=1):
        Phase.objects.update_or_create(round=round_, order=order, defaults=phase_defaults(*phase))
    round_.phases.filter(order__gt=len(phases)).delete()
    for order, (name, description) in enumerate(
        zip(ROUND_CRITERIA[4], CRITERION_DESCRIPTIONS, strict=True), 1
    ):
        Criterion.objects.update_or_create(
            round=round_, order=order, defaults=localized(name=name, description=description)
        )
    return round_


def _answer(criterion: Criterion) -> str:
    return f"{criterion.name_nb}: vårt svar i demoen."


@transaction.atomic
def seed_demo_round(ctx) -> None:
    """An open demo round 5 (only in demo environments) with applications in different states."""
    if not ctx.demo_accounts:
        return
    opens, deadline = demo_round_dates(timezone.localdate())
    year = deadline.year
    round_ = _demo_round(
        DEMO_ROUND,
        start_year=year - 1,
        theme=texts("Bærekraftig stedsutvikling", "Berekraftig stadsutvikling", "Sustainable places"),
        description=texts(
            "En demorunde med åpen søknadsfrist, så alle sider har noe å vise.",
            "Ein demorunde med open søknadsfrist, så alle sider har noko å vise.",
            "A demo round open for applications, so every page has something to show.",
        ),
        phases=[
            (K.APPLICATIONS, SAME, opens, deadline, {"opens_applications": True}),
            (K.REVISION, SAME, oslo(year, 4, 21), oslo(year, 5, 31, 12), {}),
            (K.SELECTION, SAME, oslo(year, 6, 1), end_of(year, 6, 15), {}),
            (K.OFFERS, SAME, oslo(year, 8, 1), oslo(year, 9, 1, 12), {"opens_offers": True}),
        ],
    )
    criteria = list(round_.criteria.all())
    themes = {theme.slug: theme for theme in Theme.objects.all()}
    by_number = {m.number: m for m in Municipality.objects.valid_on(round_.structure_date)}
    kommune = ctx.users.get("kommune")
    for number, status, theme_slugs, question, description in DEMO_APPLICATIONS:
        municipality = by_number[number]
        submitted = status != "draft"
        application, _created = Application.objects.update_or_create(
            round=round_,
            municipality=municipality,
            defaults={
                "status": status,
                "question": question,
                "description": description,
                "political_anchoring": "Vedtatt i kommunestyret.",
                "administrative_anchoring": "Forankret i kommunedirektørens ledergruppe.",
                "contacts": [
                    {"name": "Demo Kontakt", "role": "Rådgiver", "email": "kontakt@gnist.test", "phone": ""}
                ],
                "created_by": kommune if number == "4224" else None,
                "submitted_at": opens + datetime.timedelta(days=10) if submitted else None,
            },
        )
        application.themes.set([themes[slug] for slug in theme_slugs])
        for criterion in criteria:
            CriterionAnswer.objects.update_or_create(
                application=application, criterion=criterion, defaults={"text": _answer(criterion)}
            )
    ctx.log(f"Demo round {DEMO_ROUND} open until {deadline:%d.%m.%Y %H:%M}, applications seeded.")


def demo_challenge_phase_dates(today: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    """A challenge phase open around `today`: from the first of last month to the end of next month, so that
    its first weeks, when the demo challenge was written and asked about, lie in the past."""
    this_month = today.replace(day=1)
    end_of_next_month = add_months(this_month, 2) - datetime.timedelta(days=1)
    return _midnight(add_months(this_month, -1)), end_of_day(end_of_next_month)


def _midnight(day: datetime.date, hour: int = 0) -> datetime.datetime:
    """`day` at `hour` o'clock in Oslo."""
    return oslo(day.year, day.month, day.day, hour)


# Åseral's application to round 6, selected: the challenge it publishes (challenges/demo.py) sharpens it.
ASERAL_APPLICATION = {
    "question": "Hvordan kan fastboende og hyttefolk reise til og fra Åseral uten egen bil?",
    "description": (
        "Bussen til Kristiansand går sjelden, og nesten alle kjører egen bil. Unge uten førerkort, eldre og "
        "hyttegjester trenger andre måter å reise på."
    ),
    "political_anchoring": "Vedtatt i kommunestyret.",
    "administrative_anchoring": "Forankret i kommunedirektørens ledergruppe.",
    "county_anchoring": True,
    "county_anchoring_by": "Agder fylkeskommune, samferdsel",
}
ASERAL_THEMES = ["mobilitet", "reiseliv", "miljo-og-klima"]


@transaction.atomic
def seed_demo_challenge_round(ctx) -> None:
    """A demo round 6 in its challenge phase (only in demo environments), with the demo municipality
    account's Åseral selected as its Gnist municipality.

    Steps: the round, its phases dated from today (applications and selection before the challenge phase,
    offers after it) and round 4's criteria; then, unless Åseral has applied already, through the services
    at moments inside each phase: Åseral's team applies and submits, the demo admin selects it and announces
    the decision, which makes Åseral the round's Gnist participant.
    """
    users = ctx.users
    if not ctx.demo_accounts or not {"admin", "kommune"} <= users.keys():
        return
    opens, ends = demo_challenge_phase_dates(timezone.localdate())
    applications_open = _midnight(add_months(opens.date(), -6))
    selection_opens = _midnight(add_months(opens.date(), -4) + datetime.timedelta(days=1))
    offers_open = _midnight(ends.date() + datetime.timedelta(days=1))
    year = demo_round_dates(timezone.localdate())[1].year
    round_ = _demo_round(
        DEMO_CHALLENGE_ROUND,
        start_year=year - 2,
        theme=texts("Mobilitet i distriktene", "Mobilitet i distrikta", "Getting around in rural areas"),
        description=texts(
            "En demorunde der Gnist-kommunene skriver utfordringene sine og svarer på spørsmål nå.",
            "Ein demorunde der Gnist-kommunane skriv utfordringane sine og svarar på spørsmål no.",
            "A demo round whose Gnist municipalities write their challenges and answer questions now.",
        ),
        phases=[
            (
                K.APPLICATIONS,
                SAME,
                applications_open,
                _midnight(add_months(opens.date(), -4), 12),
                {"opens_applications": True},
            ),
            (K.SELECTION, SAME, selection_opens, end_of_day(opens.date() - datetime.timedelta(days=1)), {}),
            (
                K.CHALLENGES,
                texts("Utfordringer og spørsmål", "Utfordringar og spørsmål", "Challenges and questions"),
                opens,
                ends,
                {"opens_challenges": True, "opens_questions": True},
            ),
            (
                K.OFFERS,
                SAME,
                offers_open,
                _midnight(add_months(offers_open.date(), 1), 12),
                {"opens_offers": True},
            ),
        ],
    )
    aseral = Municipality.objects.valid_on(round_.structure_date).get(number="4224")
    if Application.objects.filter(round=round_, municipality=aseral).exists():
        ctx.log(f"Demo round {DEMO_CHALLENGE_ROUND} open for challenges until {ends:%d.%m.%Y}.")
        return
    kommune = users["kommune"]
    applied = applications_open + datetime.timedelta(days=14, hours=10)
    application = services.create_application(round_, municipality=aseral, actor=kommune, now=applied)
    application = services.save_application(
        application,
        actor=kommune,
        version=application.version,
        data={
            **ASERAL_APPLICATION,
            "contacts": [{"name": kommune.name, "role": "Rådgiver", "email": kommune.email, "phone": ""}],
        },
        answers={criterion.pk: _answer(criterion) for criterion in round_.criteria.all()},
        themes=Theme.objects.filter(slug__in=ASERAL_THEMES),
        now=applied + datetime.timedelta(minutes=30),
    )
    services.submit_application(application, actor=kommune, now=applied + datetime.timedelta(days=1))
    with acting_as_programme():
        services.stage_decision(
            application,
            actor=users["admin"],
            decision=Application.Decision.SELECT,
            now=selection_opens + datetime.timedelta(days=14, hours=10),
        )
        services.announce_round_decisions(
            round_, actor=users["admin"], now=selection_opens + datetime.timedelta(days=21, hours=12)
        )
    ctx.log(f"Demo round {DEMO_CHALLENGE_ROUND} open for challenges until {ends:%d.%m.%Y}, Åseral selected.")
