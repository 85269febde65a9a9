# ruff: noqa: RUF002 -- Norwegian text uses the en dash and the multiplication sign on purpose.
"""Generated content for the benchmark (`manage.py seed_scale N` with bench.settings, run by `make bench`).

Not real and not demo: bulk rows so the pages are measured with more than the demo's handful. Idempotent for
the same N; generated people cannot sign in.
"""

from django.contrib.auth.hashers import make_password
from django.db import transaction

from accounts.models import User
from challenges.models import Challenge, Follow, Question
from challenges.similar import update_similar_challenges
from competence.models import Course, LessonCompletion
from competence.services import published_modules
from gnist.languages import localized, localized_fields, texts
from municipalities.models import Membership, Municipality, Participant, Phase, Round, Theme
from municipalities.reference_data import K, end_of, oslo

GENERATED_ROUND_START = 101


@transaction.atomic
def seed_scale(scale: int) -> list[str]:
    """Add N times the generated content to the reference data and demo; return what was added."""
    return [_seed_municipalities(scale), _seed_course(scale), _seed_challenges(scale)]


def _generated_users(prefix: str, name: str, count: int) -> list[User]:
    """`count` people `<prefix>-00001@gnist.test` … in e-mail order, created once."""
    unusable = make_password(None)
    emails = [f"{prefix}-{i:05d}@gnist.test" for i in range(1, count + 1)]
    User.objects.bulk_create(
        [User(email=email, name=f"{name} {i}", password=unusable) for i, email in enumerate(emails, 1)],
        ignore_conflicts=True,
    )
    return list(User.objects.filter(email__in=emails).order_by("email"))


def _seed_municipalities(scale: int) -> str:
    """N×50 users with memberships and N×10 historic rounds, each with phases and six participants."""
    municipalities = list(Municipality.objects.current().order_by("number"))
    users = _generated_users("generert", "Generert bruker", scale * 50)
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

    numbers = range(GENERATED_ROUND_START, GENERATED_ROUND_START + scale * 10)
    Round.objects.bulk_create(
        [
            Round(
                number=number,
                **localized(
                    title=texts(f"Demo-runde {number}", f"Demorunde {number}", f"Demo round {number}"),
                    theme=texts("Generert innhold", "Generert innhald", "Generated content"),
                    description=texts(
                        "Generert for ytelsestester; ikke en ekte runde.",
                        "Generert for ytingstestar; ikkje ein ekte runde.",
                        "Generated for performance tests; not a real round.",
                    ),
                ),
                start_year=2000 + number % 18,
                end_year=2001 + number % 18,
            )
            for number in numbers
        ],
        update_conflicts=True,
        unique_fields=["number"],
        update_fields=["start_year", "end_year", *localized_fields("title", "theme", "description")],
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
    return f"Scale {scale}: {len(users)} generated users, {len(rounds)} generated rounds."


def _seed_course(scale: int) -> str:
    """N×20 participants who finished the current course's first module's lessons."""
    course = Course.objects.current()
    modules = published_modules(course) if course else []
    if not modules:
        return "Scale: no published course to add participants to."
    users = _generated_users("kurs-generert", "Generert kursdeltaker", scale * 20)
    lessons = list(modules[0].lessons.all())
    LessonCompletion.objects.bulk_create(
        [LessonCompletion(user=user, lesson=lesson) for user in users for lesson in lessons],
        ignore_conflicts=True,
    )
    return f"Scale {scale}: {len(users)} generated course participants."


QUESTIONS_PER_CHALLENGE = 3  # two answered and published, one still waiting
FOLLOWS_PER_CHALLENGE = 5


def _seed_challenges(scale: int) -> str:
    """A published challenge for each generated round's Gnist participant (N×30), each with two themes, three
    questions (two answered) and five followers among the generated users.

    The rows are written directly, statuses included: generated bulk rows, not a workflow, so none of the
    services' checks, logs or e-mails belong here. On PostgreSQL the `search` column fills itself (a generated
    column the model does not declare, so bulk_create leaves it out).
    """
    participants = list(
        Participant.objects.gnist()
        .filter(
            round__number__gte=GENERATED_ROUND_START, round__number__lt=GENERATED_ROUND_START + scale * 10
        )
        .select_related("round")
        .order_by("round__number", "display_name")
    )
    done = set(
        Challenge.objects.filter(participant__in=participants).values_list("participant_id", flat=True)
    )
    Challenge.objects.bulk_create(
        [
            _generated_challenge(participant, day=1 + i % 28)
            for i, participant in enumerate(participants)
            if participant.pk not in done
        ]
    )
    challenges = list(Challenge.objects.filter(participant__in=participants).order_by("pk"))
    themes = list(Theme.objects.order_by("order"))
    Through = Challenge.themes.through
    Through.objects.bulk_create(
        [
            Through(challenge=challenge, theme=themes[(i + step) % len(themes)])
            for i, challenge in enumerate(challenges)
            for step in (0, 3)
        ],
        ignore_conflicts=True,
    )
    asked = set(Question.objects.filter(challenge__in=challenges).values_list("challenge_id", flat=True))
    askers = _generated_users("generert", "Generert bruker", scale * 50)
    Question.objects.bulk_create(
        [
            Question(
                challenge=challenge,
                status=Question.Status.PUBLISHED if number < 2 else Question.Status.ASKED,
                original_text=f"Generert spørsmål {number + 1}?",
                text=f"Generert spørsmål {number + 1}?" if number < 2 else "",
                answer="Generert svar." if number < 2 else "",
                asked_by=askers[(i + number) % len(askers)],
                asked_at=challenge.published_at,
                published_at=challenge.published_at if number < 2 else None,
            )
            for i, challenge in enumerate(challenges)
            if challenge.pk not in asked
            for number in range(QUESTIONS_PER_CHALLENGE)
        ]
    )
    Follow.objects.bulk_create(
        [
            Follow(user=askers[(i * FOLLOWS_PER_CHALLENGE + n) % len(askers)], challenge=challenge)
            for i, challenge in enumerate(challenges)
            for n in range(FOLLOWS_PER_CHALLENGE)
        ],
        ignore_conflicts=True,
    )
    # The rows bypass the services, which would queue this after each publication.
    update_similar_challenges()
    return f"Scale {scale}: {len(challenges)} generated challenges with questions and followers."


def _generated_challenge(participant: Participant, *, day: int) -> Challenge:
    name, year = participant.display_name, participant.round.start_year
    return Challenge(
        participant=participant,
        title=f"Hvordan kan {name} bli bedre å bo i (runde {participant.round.number})?",
        summary=f"Generert utfordring for ytelsestester i {name}; ikke en ekte.",
        background="Generert bakgrunn. " * 20,
        needs="Genererte behov. " * 20,
        status=Challenge.Status.PUBLISHED,
        created_at=oslo(year, 5, 1),
        updated_at=oslo(year, 6, day),
        published_at=oslo(year, 6, day),
    )
