# ruff: noqa: RUF001 -- Norwegian text uses the en dash on purpose.
"""The municipalities app's demo content: the demo municipality account's team and an open demo round 5.

Only for development and demos; the real facts are in `reference_data.py`. Every step is idempotent.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from gnist.languages import localized, same_in_all, texts
from municipalities.models import (
    Application,
    Criterion,
    CriterionAnswer,
    Membership,
    Municipality,
    Phase,
    Round,
    Theme,
)
from municipalities.reference_data import (
    ROUND_CRITERIA,
    SAME,
    K,
    end_of,
    oslo,
    phase_defaults,
)

DEMO_ROUND = 5
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


@transaction.atomic
def seed_demo_round(ctx) -> None:
    """An open demo round 5 (only in demo environments) with applications in different states."""
    if not ctx.demo_accounts:
        return
    opens, deadline = demo_round_dates(timezone.localdate())
    year = deadline.year
    round_, _created = Round.objects.update_or_create(
        number=DEMO_ROUND,
        defaults={
            **localized(
                title=same_in_all(f"Gnist {year - 1}–{year} (demo)"),
                theme=texts("Bærekraftig stedsutvikling", "Berekraftig stadsutvikling", "Sustainable places"),
                eligibility=texts(
                    "Kommuner av alle størrelser.",
                    "Kommunar av alle storleikar.",
                    "Municipalities of every size.",
                ),
                description=texts(
                    "En demorunde med åpen søknadsfrist, så alle sider har noe å vise.",
                    "Ein demorunde med open søknadsfrist, så alle sider har noko å vise.",
                    "A demo round open for applications, so every page has something to show.",
                ),
                solution_part_name=texts("Gnist innovasjon", "Gnist innovasjon", "Gnist innovation"),
                funding=SAME,
            ),
            "start_year": year - 1,
            "end_year": year,
            "is_draft": False,
        },
    )
    phases = [
        (K.APPLICATIONS, SAME, opens, deadline, {"opens_applications": True}),
        (K.REVISION, SAME, oslo(year, 4, 21), oslo(year, 5, 31, 12), {}),
        (K.SELECTION, SAME, oslo(year, 6, 1), end_of(year, 6, 15), {}),
        (K.OFFERS, SAME, oslo(year, 8, 1), oslo(year, 9, 1, 12), {"opens_offers": True}),
    ]
    for order, phase in enumerate(phases, start=1):
        Phase.objects.update_or_create(round=round_, order=order, defaults=phase_defaults(*phase))
    round_.phases.filter(order__gt=len(phases)).delete()
    criteria = []
    for order, (name, description) in enumerate(
        zip(ROUND_CRITERIA[4], CRITERION_DESCRIPTIONS, strict=True), 1
    ):
        criterion, _created = Criterion.objects.update_or_create(
            round=round_, order=order, defaults=localized(name=name, description=description)
        )
        criteria.append(criterion)
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
                application=application,
                criterion=criterion,
                defaults={"text": f"{criterion.name_nb}: vårt svar i demoen."},
            )
    ctx.log(f"Demo round {DEMO_ROUND} open until {deadline:%d.%m.%Y %H:%M}, applications seeded.")
