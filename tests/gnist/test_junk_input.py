"""Bad input never gives a 500: every view that reads a form, a query parameter or an id from the URL gets
junk — strings for numbers, unknown choices, huge values, missing fields, lists for single values, NUL bytes,
negative and zero ids — as the role that may use it, and answers with a form error, a redirect or a 4xx.

`ENTRIES` lists the views by URL name; `test_every_url_name_is_in_the_junk_table` fails when a new view has
neither an entry nor a place in `NO_INPUT` (pages that read nothing from the request)."""

import datetime
import io
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from types import SimpleNamespace
from urllib.parse import urlencode

import pytest
from django.contrib import admin
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import NoReverseMatch, URLResolver, get_resolver, reverse
from django.utils import timezone
from PIL import Image

from challenges import alerts
from challenges.filters import county_key
from challenges.models import Challenge, ChallengeAttachment, ChallengeImage, Question
from competence.loading import load_course
from competence.models import Exercise, NotebookEntry, QuizAttempt
from municipalities.models import (
    Application,
    ApplicationAttachment,
    CoApplicant,
    Invitation,
    Membership,
    Phase,
)
from tests.competence.conftest import CONTENT
from tests.factories import (
    ApplicationFactory,
    CriterionFactory,
    MembershipFactory,
    ParticipantFactory,
    PhaseFactory,
    RoundFactory,
    ThemeFactory,
    UserFactory,
)

HUGE_NUMBER = str(10**30)
HUGE_TEXT = "x" * 100_000
# One value where one is expected: a form or view reading it must refuse each of these kindly.
JUNK = ["abc", "", "-1", "0", HUGE_NUMBER, HUGE_TEXT, "\x00", "1\x00", "a\x00b", ["1", "abc"]]
# Junk for ids inside the URL; values the URL's converter refuses never reach the view (skipped).
JUNK_IDS = ["abc", "-1", "0", HUGE_NUMBER, "x" * 10_000, "\x00", "1\x00", "%00", "..", "1.5"]
# Parameters someone may add to any URL: pagination, search, redirects, admin's ordering and paging.
QUERY_PARAMETERS = ["page", "q", "next", "o", "p"]
# The challenge catalogue's filters (its page, CSV and JSON read the same GET form).
CATALOGUE_PARAMETERS = [
    "q",
    "round",
    "county",
    "municipality",
    "theme",
    "goal",
    "status",
    "open",
    "sort",
    "page",
]
PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@dataclass
class Entry:
    """A view: its URL name, who uses it, its URL kwargs and a valid-looking body to spoil field by field."""

    name: str
    role: str | None = None  # an attribute of `cast`, or None for anonymous
    kwargs: Callable[[SimpleNamespace], dict] = lambda world: {}  # URL kwargs
    data: Callable[[SimpleNamespace], dict] = lambda world: {}  # POST data
    post: bool = True
    get: bool = True
    parameters: list[str] = field(default_factory=list)  # query parameters the view reads itself
    label: str = ""  # which, where one URL name has several entries

    def __str__(self):
        return f"{self.name}[{self.role}{'-' + self.label if self.label else ''}]"


ENTRIES = [
    # --- accounts and the allauth pages we customised -------------------------------------------------
    Entry("accounts:profile", "staff", data=lambda w: {"profile-name": "Stine Stab"}),
    # A wrong password, so no variant deletes the account the others need.
    Entry("accounts:delete", "participant", data=lambda w: {"password": "not-it", "confirm": "on"}),
    Entry(
        "account_login", data=lambda w: {"login": "staff@example.no", "password": "wrong", "remember": "on"}
    ),
    Entry("account_logout", "staff"),
    Entry(
        "account_signup",
        data=lambda w: {
            "email": "new@example.no",
            "name": "Ny",
            "password1": "pw-9x!Qz",
            "password2": "pw-9x!Qz",
        },
    ),
    Entry("account_reset_password", data=lambda w: {"email": "staff@example.no"}),
    Entry(
        "account_reset_password_from_key",
        kwargs=lambda w: {"uidb36": "1", "key": "abc-def"},
        data=lambda w: {"password1": "pw-9x!Qz", "password2": "pw-9x!Qz"},
    ),
    Entry("account_email", "staff", data=lambda w: {"email": "second@example.no", "action_add": ""}),
    Entry(
        "account_email",
        "participant",
        data=lambda w: {"email": "participant@example.no", "action_remove": ""},
    ),
    Entry(
        "account_change_password",
        "staff",
        data=lambda w: {"oldpassword": "wrong", "password1": "pw-9x!Qz", "password2": "pw-9x!Qz"},
    ),
    Entry("account_set_password", "staff", data=lambda w: {"password1": "pw-9x!Qz", "password2": "pw-9x!Qz"}),
    Entry("account_confirm_email", kwargs=lambda w: {"key": "abc"}),
    Entry("account_reauthenticate", "staff", data=lambda w: {"password": "wrong"}),
    Entry("account_confirm_login_code", data=lambda w: {"code": "ABC123"}),
    Entry("mfa_activate_totp", "staff", data=lambda w: {"code": "123456"}),
    Entry("mfa_authenticate", data=lambda w: {"code": "123456"}),
    Entry("mfa_reauthenticate", "programme_admin", data=lambda w: {"code": "123456"}),
    Entry("mfa_deactivate_totp", "programme_admin", data=lambda w: {"code": "123456"}),
    Entry("mfa_generate_recovery_codes", "programme_admin", data=lambda w: {"code": "123456"}),
    Entry("mfa_view_recovery_codes", "programme_admin", post=False),
    Entry("mfa_download_recovery_codes", "programme_admin", post=False),
    Entry("mfa_index", "programme_admin", post=False),
    # --- municipalities: public pages, team, applications ------------------------------------------
    Entry("municipalities:round_list", post=False, parameters=["page"]),
    Entry("municipalities:round_detail", kwargs=lambda w: {"number": w.round.number}, post=False),
    Entry("municipalities:municipality_list", post=False, parameters=["q"]),
    Entry(
        "municipalities:municipality_detail",
        kwargs=lambda w: {"number": w.cast.municipality.number},
        post=False,
    ),
    Entry(
        "municipalities:team", "staff", kwargs=lambda w: {"number": w.cast.municipality.number}, post=False
    ),
    Entry(
        "municipalities:team_request", "participant", kwargs=lambda w: {"number": w.cast.municipality.number}
    ),
    Entry(
        "municipalities:team_invite",
        "staff",
        kwargs=lambda w: {"number": w.cast.municipality.number},
        data=lambda w: {"invite-email": "colleague@example.no", "invite-role": "editor"},
    ),
    Entry(
        "municipalities:team_decide",
        "staff",
        kwargs=lambda w: {"number": w.cast.municipality.number, "pk": w.pending.pk},
        data=lambda w: {"decision": "decline"},
    ),
    Entry(
        "municipalities:team_invitation_withdraw",
        "staff",
        kwargs=lambda w: {"number": w.cast.municipality.number, "pk": w.invitation.pk},
    ),
    Entry(
        "municipalities:team_remove",
        "staff",
        kwargs=lambda w: {"number": w.cast.municipality.number, "pk": w.editor.pk},
    ),
    Entry(
        "municipalities:team_role",
        "staff",
        kwargs=lambda w: {"number": w.cast.municipality.number, "pk": w.editor.pk},
        data=lambda w: {"role": "editor"},
    ),
    Entry("municipalities:team_invitation_accept", "staff", kwargs=lambda w: {"token": "abc"}),
    Entry("municipalities:application_list", "staff", post=False),
    Entry(
        "municipalities:application_start",
        "staff",
        kwargs=lambda w: {"number": w.round.number},
        data=lambda w: {"municipality": w.cast.municipality.pk},
    ),
    Entry("municipalities:application_detail", "staff", kwargs=lambda w: {"pk": w.draft.pk}, post=False),
    Entry("municipalities:application_edit", "staff", kwargs=lambda w: {"pk": w.draft.pk}, post=False),
    *[
        Entry(
            "municipalities:application_section",
            "staff",
            kwargs=lambda w, section=section: {"pk": w.draft.pk, "section": section},
            data=lambda w, values=values: {"version": w.draft.version, "seen": "0" * 32} | values(w),
            label=section,
        )
        for section, values in {
            "utfordringen": lambda w: {
                "question": "Hvordan kan flere bo i sentrum?",
                "themes": [w.theme.pk],
                "description": "Sentrum står tomt.",
            },
            "kriterier": lambda w: {f"answer_{criterion.pk}": "Svar" for criterion in w.round.criteria.all()},
            "medsokere": lambda w: {
                "co_municipalities": [w.cast.other_municipality.pk],
                "other_co_applicants": "Fylket",
            },
            "forankring": lambda w: {
                "political_anchoring": "Vedtak",
                "administrative_anchoring": "Rådmann",
                "county_anchoring": "yes",
                "county_anchoring_by": "Fylkesdirektør",
            },
            "kontaktpersoner": lambda w: {
                "contact_1_name": "Stine Stab",
                "contact_1_email": "staff@example.no",
                "contact_1_phone": "12345678",
            },
        }.items()
    ],
    Entry("municipalities:application_attachments", "staff", kwargs=lambda w: {"pk": w.draft.pk}, post=False),
    Entry("municipalities:application_submit", "staff", kwargs=lambda w: {"pk": w.draft.pk}),
    Entry(
        "municipalities:application_confirm",
        "other_staff",
        kwargs=lambda w: {"pk": w.draft.pk},
        data=lambda w: {"co_applicant": w.co_applicant.pk},
    ),
    Entry(
        "municipalities:application_attachment_add",
        "staff",
        kwargs=lambda w: {"pk": w.draft.pk},
        data=lambda w: {"file": ContentFile(b"not a pdf", name="evil.pdf")},
        get=False,
    ),
    Entry(
        "municipalities:application_attachment",
        "staff",
        kwargs=lambda w: {"pk": w.draft.pk, "attachment": w.attachment.pk},
        post=False,
    ),
    Entry(
        "municipalities:application_attachment_delete",
        "staff",
        kwargs=lambda w: {"pk": w.draft.pk, "attachment": w.attachment.pk},
        get=False,
    ),
    # --- competence -----------------------------------------------------------------------------
    Entry("competence:course", "staff", post=False),
    Entry("competence:module", kwargs=lambda w: {"module": w.module.slug}, post=False),
    Entry(
        "competence:lesson", kwargs=lambda w: {"module": w.module.slug, "lesson": w.lesson.slug}, post=False
    ),
    Entry(
        "competence:lesson_done",
        "participant",
        kwargs=lambda w: {"module": w.module.slug, "lesson": w.lesson.slug},
        get=False,
    ),
    Entry(
        "competence:exercise",
        "participant",
        kwargs=lambda w: {"module": w.exercise.module.slug, "exercise": w.exercise.slug},
        data=lambda w: {spec["key"]: "Et svar" for spec in w.exercise.answer_fields()},
    ),
    Entry(
        "competence:quiz",
        "participant",
        kwargs=lambda w: {"module": w.module.slug},
        data=lambda w: {
            f"q{question.pk}": question.choices.first().pk for question in w.module.quiz.questions.all()
        },
    ),
    Entry(
        "competence:quiz_result",
        "participant",
        kwargs=lambda w: {"module": w.module.slug, "pk": w.attempt.pk},
        post=False,
    ),
    Entry("competence:notebook", "participant", post=False),
    Entry("competence:notebook_entry", "participant", kwargs=lambda w: {"pk": w.entry.pk}, post=False),
    Entry("competence:notebook_download", "participant", kwargs=lambda w: {"fmt": "md"}, post=False),
    Entry("competence:certificate", "participant"),
    Entry("competence:certificate_download", "participant", post=False),
    Entry("competence:verify", kwargs=lambda w: {"code": "ABCD-1234"}, post=False),
    Entry("competence:team_sharing", "staff", data=lambda w: {"shared": "on"}, get=False),
    Entry("competence:team", "staff", kwargs=lambda w: {"number": w.cast.municipality.number}, post=False),
    # --- Django admin pages outside the per-model ones (those are in `ADMIN_VIEWS`) ----------------
    Entry(
        "admin:autocomplete",
        "programme_admin",
        post=False,
        parameters=["term", "app_label", "model_name", "field_name", "page"],
    ),
    Entry("admin:app_list", "programme_admin", kwargs=lambda w: {"app_label": "municipalities"}, post=False),
    Entry(
        "admin:view_on_site",
        "programme_admin",
        kwargs=lambda w: {"content_type_id": w.round_type.pk, "object_id": w.round.pk},
        post=False,
    ),
    Entry(
        "admin:auth_user_password_change",
        "programme_admin",
        kwargs=lambda w: {"id": w.cast.participant.pk},
        data=lambda w: {"password1": "pw-9x!Qz", "password2": "pw-9x!Qz", "usable_password": "true"},
    ),
    Entry(
        "admin:password_change",
        "programme_admin",
        data=lambda w: {"old_password": "wrong", "new_password1": "pw-9x!Qz", "new_password2": "pw-9x!Qz"},
    ),
    Entry("admin:login", data=lambda w: {"username": "staff@example.no", "password": "wrong"}),
    # --- challenges ------------------------------------------------------------------------------
    Entry("challenges:detail", "staff", kwargs=lambda w: {"pk": w.challenge.pk}, post=False),
    Entry("challenges:start", "staff", data=lambda w: {"participant": w.challenge.participant_id}),
    Entry("challenges:start", "supplier", data=lambda w: {"participant": w.challenge.participant_id}),
    Entry(
        "challenges:start_from_canvas", "staff", data=lambda w: {"participant": w.challenge.participant_id}
    ),
    Entry(
        "challenges:edit",
        "staff",
        kwargs=lambda w: {"pk": w.challenge.pk},
        data=lambda w: {
            "version": w.challenge.version,
            "title": "Hvordan kan vi bo?",
            "summary": "Kort.",
            "language": "nb",
            "background": "Bakgrunn",
            "contact_email": "staff@example.no",
            "themes": [w.theme.pk],
            "goals": [1],
        },
    ),
    Entry("challenges:submit", "staff", kwargs=lambda w: {"pk": w.challenge.pk}),
    Entry("challenges:close", "staff", kwargs=lambda w: {"pk": w.challenge.pk}),
    Entry("challenges:publish", "programme_admin", kwargs=lambda w: {"pk": w.challenge.pk}, get=False),
    Entry(
        "challenges:request_changes",
        "programme_admin",
        kwargs=lambda w: {"pk": w.challenge.pk},
        data=lambda w: {"changes-comment": "Mer, takk."},
    ),
    *(
        Entry(name, role, post=False, parameters=CATALOGUE_PARAMETERS)
        for name in ("challenges:catalogue", "challenges:catalogue_csv", "challenges:catalogue_json")
        for role in (None, "staff")
    ),
    Entry("challenges:feed", post=False),
    Entry("challenges:theme_feed", kwargs=lambda w: {"slug": w.theme.slug}, post=False),
    Entry(
        "challenges:county_feed",
        kwargs=lambda w: {"key": county_key(w.cast.municipality.county.name)},
        post=False,
    ),
    Entry(
        "challenges:question_ask",
        "supplier",
        kwargs=lambda w: {"pk": w.published.pk},
        data=lambda w: {"text": "Når starter det?"},
    ),
    Entry("challenges:question_list", "staff", kwargs=lambda w: {"pk": w.published.pk}, post=False),
    Entry("challenges:question_detail", "staff", kwargs=lambda w: {"pk": w.question.pk}, post=False),
    Entry(
        "challenges:question_answer",
        "staff",
        kwargs=lambda w: {"pk": w.question.pk},
        data=lambda w: {"text": "Når?", "answer": "I mars."},
        get=False,
    ),
    Entry(
        "challenges:question_decline",
        "staff",
        kwargs=lambda w: {"pk": w.question.pk},
        data=lambda w: {"decline-message": "Besvart."},
        get=False,
    ),
    Entry(
        "challenges:clarification_add",
        "staff",
        kwargs=lambda w: {"pk": w.published.pk},
        data=lambda w: {"text": "Frister", "answer": "1. mars."},
    ),
    Entry("challenges:follow", "participant", kwargs=lambda w: {"pk": w.published.pk}, get=False),
    Entry("challenges:unfollow", "participant", kwargs=lambda w: {"pk": w.published.pk}, get=False),
    Entry(
        "challenges:alerts",
        "participant",
        data=lambda w: {
            "themes": [w.theme.pk],
            "counties": [w.cast.municipality.county_id],
            "frequency": "weekly",
        },
    ),
    Entry("challenges:unsubscribe", kwargs=lambda w: {"token": w.alert_settings.unsubscribe_token}),
    Entry(
        "challenges:unsubscribe_follow",
        kwargs=lambda w: {"token": w.alert_settings.unsubscribe_token, "challenge": w.published.pk},
    ),
    Entry("challenges:files", "staff", kwargs=lambda w: {"pk": w.challenge.pk}, post=False),
    Entry(
        "challenges:image_add",
        "staff",
        kwargs=lambda w: {"pk": w.challenge.pk},
        data=lambda w: {
            "image-file": ContentFile(PDF, name="kart.jpg"),
            "image-alt_text": "Kart",
            "image-caption": "Sentrum",
        },
        get=False,
    ),
    Entry(
        "challenges:attachment_add",
        "staff",
        kwargs=lambda w: {"pk": w.challenge.pk},
        data=lambda w: {"attachment-file": ContentFile(b"not a pdf", name="evil.pdf")},
        get=False,
    ),
    Entry("challenges:image", "staff", kwargs=lambda w: {"pk": w.image.pk, "width": 480}, post=False),
    Entry("challenges:image_delete", "staff", kwargs=lambda w: {"pk": w.image.pk}, get=False),
    Entry("challenges:attachment", "staff", kwargs=lambda w: {"pk": w.challenge_attachment.pk}, post=False),
    Entry(
        "challenges:attachment_delete", "staff", kwargs=lambda w: {"pk": w.challenge_attachment.pk}, get=False
    ),
]

# Per registered model, the admin's own views; each is sent junk by `test_admin_views_refuse_junk`.
ADMIN_VIEWS = ["changelist", "add", "change", "delete", "history"]

# URL names that read nothing from the request: no form, no query parameter, no id in the URL.
NO_INPUT = {
    "home",
    "about",
    "accessibility",
    "privacy",
    "accounts:export",  # a JSON download of the signed-in person's data
    "account_inactive",
    "account_email_verification_sent",
    "account_reset_password_done",
    "account_reset_password_from_key_done",
    "admin:index",
    "admin:logout",  # POST without fields; signs out
    "admin:jsi18n",
    "admin:password_change_done",
    "challenges:review_list",  # the moderators' queue: a list without parameters
    "challenges:mine",  # the signed-in person's municipalities' challenges
}


def _url_names(resolver=None, namespace="") -> set[str]:
    names = set()
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= _url_names(pattern, inner)
        elif pattern.name:
            names.add(namespace + pattern.name)
    return names


def _admin_url_names() -> set[str]:
    return {
        f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}"
        for model in admin.site._registry
        for view in ADMIN_VIEWS
    }


def test_every_url_name_is_in_the_junk_table():
    covered = {entry.name for entry in ENTRIES} | _admin_url_names() | NO_INPUT

    assert sorted(_url_names() - covered) == []
    assert sorted(NO_INPUT - _url_names()) == []


# --- the world the views act on ------------------------------------------------------------------------


@pytest.fixture
def world(cast, settings, tmp_path):
    """An open round with a draft of `cast.staff`'s municipality and `cast.other_staff`'s municipality as
    co-applicant, an attachment, a pending request and an editor on the team, and the test course with a
    notebook entry and a quiz attempt of `cast.participant`."""
    from django.contrib.contenttypes.models import ContentType

    settings.MEDIA_ROOT = str(tmp_path / "media")
    now = timezone.now()
    round_ = RoundFactory(number=900, title="Testrunde")
    PhaseFactory(
        round=round_,
        kind=Phase.Kind.APPLICATIONS,
        opens_applications=True,
        opens_questions=True,
        starts_at=now - datetime.timedelta(days=1),
        ends_at=now + datetime.timedelta(days=30),
    )
    PhaseFactory(
        round=round_,
        kind=Phase.Kind.CHALLENGES,
        opens_challenges=True,
        starts_at=now - datetime.timedelta(days=1),
        ends_at=now + datetime.timedelta(days=30),
    )
    CriterionFactory(round=round_, order=1, name="Endringsvilje")
    draft = ApplicationFactory(
        round=round_, municipality=cast.municipality, status=Application.Status.DRAFT, created_by=cast.staff
    )
    attachment = ApplicationAttachment.objects.create(
        application=draft, file=ContentFile(PDF, name="plan.pdf"), name="plan.pdf", size=len(PDF)
    )
    challenge = Challenge.objects.create(
        participant=ParticipantFactory(round=round_, municipalities=[cast.municipality]),
        title="Hvordan kan vi bo?",
        summary="Kort.",
    )
    webp = io.BytesIO()
    Image.new("RGB", (10, 10)).save(webp, "WEBP")
    course = load_course(CONTENT)
    module = course.modules.order_by("order").first()
    exercise = Exercise.objects.filter(module__course=course).first()
    quiz = module.quiz
    # A published challenge of cast.municipality taking questions (the open phase opens them), one waiting.
    published = Challenge.objects.create(
        participant=ParticipantFactory(round=round_, municipalities=[cast.municipality]),
        title="Hvordan kan flere bo her?",
        summary="Kort.",
        status=Challenge.Status.PUBLISHED,
        published_at=now,
    )
    return SimpleNamespace(
        cast=cast,
        round=round_,
        round_type=ContentType.objects.get_for_model(round_),
        theme=ThemeFactory(),
        draft=draft,
        co_applicant=CoApplicant.objects.create(application=draft, municipality=cast.other_municipality),
        attachment=attachment,
        pending=MembershipFactory(
            user=cast.participant, municipality=cast.municipality, status=Membership.Status.PENDING
        ),
        editor=MembershipFactory(user=UserFactory(), municipality=cast.municipality),
        invitation=Invitation.objects.create(
            municipality=cast.municipality,
            email="colleague@example.no",
            role=Membership.Role.EDITOR,
            invited_by=cast.staff,
            expires_at=now + datetime.timedelta(days=7),
        ),
        module=module,
        lesson=module.lessons.first(),
        exercise=exercise,
        entry=NotebookEntry.objects.create(
            user=cast.participant, exercise=exercise, answers={"answer": "Et svar"}
        ),
        challenge=challenge,
        image=ChallengeImage.objects.create(
            challenge=challenge, file=ContentFile(webp.getvalue(), name="torg.webp"), alt_text="Torget"
        ),
        challenge_attachment=ChallengeAttachment.objects.create(
            challenge=challenge, file=ContentFile(PDF, name="plan.pdf"), name="plan.pdf", size=len(PDF)
        ),
        published=published,
        question=Question.objects.create(challenge=published, original_text="Når?", asked_by=cast.supplier),
        alert_settings=alerts.settings_for(cast.participant),
        attempt=QuizAttempt.objects.create(
            user=cast.participant,
            quiz=quiz,
            answers={},
            correct_count=0,
            question_count=quiz.questions.count(),
            score=0,
            passed=False,
        ),
    )


# --- sending junk -------------------------------------------------------------------------------------


class Prober:
    """Sends requests as one role and collects every one that ended in a server error."""

    def __init__(self, cast, role):
        self.client = Client(raise_request_exception=False)
        self.user = getattr(cast, role) if role else None
        self.failures = []

    def send(self, method, url, data=None):
        if self.user is not None:
            self.user.refresh_from_db()  # a variant may have changed the user; sign in afresh each time
            self.client.force_login(self.user)
        send = self.client.post if method == "POST" else self.client.get
        response = send(url, data or {})
        if response.status_code >= 500:
            summary = {key: _short(value) for key, value in (data or {}).items()}
            error = repr(response.exc_info[1]) if response.exc_info else ""
            self.failures.append(f"{method} {_short(url)} {summary} -> {response.status_code} {error[:200]}")
        return response


def _short(value):
    text = repr(value)
    return text if len(text) < 60 else text[:40] + f"…({len(text)} chars)"


def _reverse(name, kwargs):
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        return None


def _with_query(url, parameters):
    return f"{url}?{urlencode(parameters, doseq=True)}"


def _spoiled(data: dict, *, field_by_field: bool = True):
    """The data with nothing, each field in turn missing, then replaced by each junk value (or, not
    `field_by_field`, every field at once: admin forms are Django's own and have many fields)."""
    yield {}
    if field_by_field:
        for key in data:
            yield {k: v for k, v in data.items() if k != key}
            for junk in JUNK:
                yield data | {key: junk}
    else:
        for junk in JUNK:
            yield dict.fromkeys(data, junk)
    for junk in JUNK:
        yield data | {f"unknown{junk}"[:50] if isinstance(junk, str) else "unknown": junk}


def _probe(prober, name, kwargs, methods, data, parameters, *, field_by_field=True):
    url = reverse(name, kwargs=kwargs)
    for method in methods:
        prober.send(method, url, data)
        for junk in JUNK:
            prober.send(method, _with_query(url, dict.fromkeys(QUERY_PARAMETERS + parameters, junk)), data)
            for parameter in parameters:
                prober.send(method, _with_query(url, {parameter: junk}), data)
        for key in kwargs:
            for junk in JUNK_IDS:
                spoiled_url = _reverse(name, kwargs | {key: junk})
                if spoiled_url:
                    prober.send(method, spoiled_url, data)
    if "POST" in methods:
        for spoiled in _spoiled(data, field_by_field=field_by_field):
            prober.send("POST", url, spoiled)


@pytest.mark.parametrize("entry", ENTRIES, ids=str)
def test_views_refuse_junk(world, entry):
    prober = Prober(world.cast, entry.role)
    methods = [method for method, wanted in [("GET", entry.get), ("POST", entry.post)] if wanted]

    _probe(prober, entry.name, entry.kwargs(world), methods, entry.data(world), entry.parameters)

    assert prober.failures == [], "\n".join(prober.failures)


def _admin_parameters(model_admin) -> list[str]:
    """The query parameters a changelist reads: search, ordering, paging, facets and each filter's lookups."""
    parameters = ["q", "o", "p", "all", "e", "_facets", "_popup", "_to_field"]
    for list_filter in model_admin.list_filter:
        if isinstance(list_filter, str):
            parameters += [
                f"{list_filter}__exact",
                f"{list_filter}__id__exact",
                f"{list_filter}__isnull",
                f"{list_filter}__gte",
                f"{list_filter}__lt",
            ]
    if model_admin.date_hierarchy:
        parameters += [f"{model_admin.date_hierarchy}__{part}" for part in ("year", "month", "day")]
    return parameters


# Django admin's own code would answer some junk with a 500 (NUL in a changelist filter value on PostgreSQL,
# non-numeric `_selected_action`, junk ids in autocomplete widgets of an invalid add form, ids past 64 bits
# and 100,000-character searches on SQLite): gnist.admin refuses such requests (400) and keeps autocomplete
# widgets to values their field accepts. The sweep takes a few minutes.


@pytest.mark.parametrize(
    "model_admin", list(admin.site._registry.values()), ids=lambda model_admin: str(model_admin.opts)
)
def test_admin_views_refuse_junk(world, model_admin, monkeypatch):
    # One value of each kind of junk the admin's own code tripped on (a word, a NUL byte, a number past
    # 64 bits, a list): the admin has thousands of fields and parameters, and every one is probed.
    monkeypatch.setattr(sys.modules[__name__], "JUNK", ["abc", "\x00", HUGE_NUMBER, HUGE_TEXT, ["1", "abc"]])
    monkeypatch.setattr(sys.modules[__name__], "JUNK_IDS", ["abc", "\x00", "1\x00", HUGE_NUMBER])
    prober = Prober(world.cast, "programme_admin")
    info = f"admin:{model_admin.opts.app_label}_{model_admin.opts.model_name}"
    changelist = reverse(f"{info}_changelist")
    obj = model_admin.model._default_manager.order_by("pk").first()

    _probe(prober, f"{info}_changelist", {}, ["GET"], {}, _admin_parameters(model_admin))
    actions = [name for name, _description in model_admin.get_action_choices(_admin_request(world))] or ["x"]
    for action in [*actions, "unknown"]:
        selected = [obj.pk] if obj else []
        data = {"action": action, "_selected_action": selected, "index": "0", "apply": "", "reason": "Nei"}
        for spoiled in _spoiled(data, field_by_field=action == actions[0]):
            prober.send("POST", changelist, spoiled)
    form_data = _admin_form_data(prober, reverse(f"{info}_add"))
    _probe(prober, f"{info}_add", {}, ["POST"], form_data, [], field_by_field=False)
    for view in ("change", "delete", "history"):
        object_id = obj.pk if obj else 1
        _probe(prober, f"{info}_{view}", {"object_id": object_id}, ["GET"], {}, [])
        for junk in JUNK_IDS:
            url = _reverse(f"{info}_{view}", {"object_id": junk})
            if url:
                prober.send("POST", url, form_data)

    assert prober.failures == [], "\n".join(prober.failures)


def _admin_request(world):
    from django.test import RequestFactory

    request = RequestFactory().get("/admin/")
    request.user = world.cast.programme_admin
    return request


def _admin_form_data(prober, add_url) -> dict:
    """The add form's fields with plausible values, or nothing when the model cannot be added here."""
    response = prober.send("GET", add_url)
    if response.status_code != 200 or "adminform" not in (response.context or {}):
        return {}
    form = response.context["adminform"].form
    return {name: "1" for name in form.fields}
