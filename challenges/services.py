"""The challenges app's workflows: one transition function per lifecycle, the only writer of `status`.

Each checks that the move is allowed (a `ChallengeError` with a message for the person otherwise), runs in a
transaction with a conditional update on the status (and the version, for edits), records who and when in a
`ChallengeEvent`, and queues its e-mail to be sent after commit. A move to the current state does nothing.
A service that changes what a public page shows (the challenge's page, the catalogue, its exports and feeds,
the round's and the municipality's pages) bumps the content version, so cached pages go stale on commit.
"""

import datetime
import logging
from collections.abc import Iterable

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from challenges import alerts, emails, permissions, similar
from challenges.images import PreparedImage, image_file, rendition_name
from challenges.models import (
    Challenge,
    ChallengeAttachment,
    ChallengeEvent,
    ChallengeImage,
    Question,
    SustainableDevelopmentGoal,
)
from gnist.pagecache import bump_content_version
from gnist.ratelimit import allow_daily
from gnist.storage import private_storage
from municipalities.models import Participant, Theme

logger = logging.getLogger(__name__)

Status = Challenge.Status


class ChallengeError(Exception):
    """A challenge change that cannot be made; `str(error)` is a translated message for the person."""


class ChallengeLocked(ChallengeError):
    """The phase or the state does not allow the change now, or the person may not make it."""


class StaleChallenge(ChallengeError):
    """Someone saved the challenge after this person opened it; `current` is what is stored now."""

    def __init__(self, current: Challenge) -> None:
        super().__init__(
            _(
                "Someone else saved this challenge while you were editing it. Your text is kept below; "
                "compare it with the saved version and save again."
            )
        )
        self.current = current


class ChallengeIncomplete(ChallengeError):
    def __init__(self, missing: list[str]) -> None:
        super().__init__(
            _("The challenge is not ready for review yet: %(missing)s.") % {"missing": "; ".join(missing)}
        )
        self.missing = missing


def log_event(
    challenge: Challenge,
    *,
    actor: User | None,
    action: str,
    details: str = "",
    changed_fields: Iterable[str] = (),
    at: datetime.datetime | None = None,
) -> ChallengeEvent:
    return ChallengeEvent.objects.create(
        challenge=challenge,
        actor=actor,
        action=action,
        details=details,
        changed_fields=list(changed_fields),
        at=at or timezone.now(),
    )


def _move(
    challenge: Challenge, *, actor: User, old: Iterable[str], new: str, now: datetime.datetime, **fields
) -> bool:
    """Move `challenge` from one of `old` to `new` with a conditional update; False when someone else moved it
    first (the caller tells the person kindly). Refreshes `challenge` either way."""
    updated = Challenge.objects.filter(pk=challenge.pk, status__in=list(old)).update(
        status=new, updated_at=now, updated_by=actor, **fields
    )
    challenge.refresh_from_db()
    return bool(updated)


def _stale_state(challenge: Challenge) -> ChallengeError:
    return ChallengeError(
        _("Someone changed this challenge at the same time. It is now: %(status)s. Nothing was changed.")
        % {"status": challenge.get_status_display()}
    )


def create_challenge(
    participant: Participant, *, actor: User, now: datetime.datetime | None = None, **fields
) -> Challenge:
    """Start a draft for a Gnist participant while its round's challenge phase is open.

    `fields` may fill texts from the start (the course's challenge canvas does). The person's name, role and
    e-mail become the contact until someone changes them.
    """
    now = now or timezone.now()
    if not permissions.can_start_challenge(actor, participant, now):
        raise ChallengeLocked(_("Challenges cannot be written for %(name)s now.") % {"name": participant})
    unknown = set(fields) - set(Challenge.TEXT_FIELDS) - {"language"}
    if unknown:
        raise ValueError(f"Not challenge texts: {sorted(unknown)}")
    with transaction.atomic():
        challenge = Challenge.objects.create(
            participant=participant,
            created_by=actor,
            created_at=now,
            updated_by=actor,
            updated_at=now,
            **{"contact_name": actor.name, "contact_email": actor.email, **fields},
        )
        log_event(challenge, actor=actor, action=ChallengeEvent.Action.CREATED, at=now)
        similar.queue_update(challenge)
    return challenge


def save_challenge(
    challenge: Challenge,
    *,
    actor: User,
    version: int,
    data: dict[str, str],
    themes: Iterable[Theme] = (),
    goals: Iterable[SustainableDevelopmentGoal] = (),
    now: datetime.datetime | None = None,
) -> Challenge:
    """Save the person's edits.

    Steps: check the person may edit now (its staff, while the challenge phase is open, in an editable state);
    a conditional update on the version the person started from and the status (a stale save raises
    StaleChallenge with what is stored now and changes nothing); set themes and goals; log — an edit of a
    published challenge is logged with the sections it changed, for the public change log.
    """
    now = now or timezone.now()
    if not permissions.can_edit_challenge(actor, challenge, now):
        raise ChallengeLocked(permissions.why_not_editable(actor, challenge, now))
    fields = {name: data[name] for name in Challenge.TEXT_FIELDS if name in data}
    if "language" in data:
        fields["language"] = data["language"]
    # Field names, not labels: the change log shows them in each reader's language.
    changed = [
        name
        for name, value in fields.items()
        if name in Challenge.TEXT_FIELDS and getattr(challenge, name) != value
    ]
    with transaction.atomic():
        updated = Challenge.objects.filter(pk=challenge.pk, version=version, status=challenge.status).update(
            **fields, version=F("version") + 1, updated_at=now, updated_by=actor
        )
        if not updated:
            raise StaleChallenge(Challenge.objects.get(pk=challenge.pk))
        challenge.themes.set(themes)
        challenge.goals.set(goals)
        if challenge.status == Status.PUBLISHED:
            if changed:
                log_event(
                    challenge,
                    actor=actor,
                    action=ChallengeEvent.Action.EDITED,
                    changed_fields=changed,
                    at=now,
                )
            bump_content_version()  # its page, the catalogue, feeds and exports show the new text
        else:
            log_event(
                challenge,
                actor=actor,
                action=ChallengeEvent.Action.SAVED,
                details=f"version {version + 1}",
                at=now,
            )
        similar.queue_update(challenge)
    challenge.refresh_from_db()
    return challenge


def missing_for_review(challenge: Challenge) -> list[str]:
    """What a challenge needs before the programme can review it (labels of the empty parts)."""
    required = ["title", "summary", "background", "needs", "contact_name", "contact_email"]
    missing = [
        str(Challenge._meta.get_field(name).verbose_name)
        for name in required
        if not getattr(challenge, name).strip()
    ]
    if not challenge.themes.exists():
        missing.append(str(_("at least one theme")))
    return missing


def submit_challenge(challenge: Challenge, *, actor: User, now: datetime.datetime | None = None) -> Challenge:
    """Send a draft (or one sent back) for review: check the person may and that it is complete; move to
    in review; log; e-mail the moderators."""
    now = now or timezone.now()
    if challenge.status == Status.IN_REVIEW:
        return challenge
    if not permissions.can_submit_challenge(actor, challenge, now):
        raise ChallengeLocked(permissions.why_not_submittable(actor, challenge, now))
    missing = missing_for_review(challenge)
    if missing:
        raise ChallengeIncomplete(missing)
    with transaction.atomic():
        if not _move(
            challenge,
            actor=actor,
            old=(Status.DRAFT, Status.CHANGES_REQUESTED),
            new=Status.IN_REVIEW,
            now=now,
            submitted_at=now,
            submitted_by=actor,
        ):
            raise _stale_state(challenge)
        log_event(challenge, actor=actor, action=ChallengeEvent.Action.SUBMITTED, at=now)
        emails.send_challenge_submitted(challenge)
    return challenge


def request_changes(
    challenge: Challenge, *, actor: User, comment: str, now: datetime.datetime | None = None
) -> Challenge:
    """A moderator sends a challenge in review back with a comment; its staff are e-mailed the comment."""
    now = now or timezone.now()
    if challenge.status == Status.CHANGES_REQUESTED:
        return challenge
    if not permissions.can_review_challenge(actor, challenge):
        raise ChallengeLocked(_("Only programme admins review challenges, and only those in review."))
    if not comment.strip():
        raise ChallengeError(_("Say what should be changed: the comment is sent to the municipality."))
    with transaction.atomic():
        if not _move(
            challenge,
            actor=actor,
            old=(Status.IN_REVIEW,),
            new=Status.CHANGES_REQUESTED,
            now=now,
            review_comment=comment.strip(),
        ):
            raise _stale_state(challenge)
        log_event(challenge, actor=actor, action=ChallengeEvent.Action.CHANGES_REQUESTED, at=now)
        emails.send_changes_requested(challenge)
    return challenge


def publish_challenge(
    challenge: Challenge, *, actor: User, now: datetime.datetime | None = None
) -> Challenge:
    """A moderator publishes a challenge in review: everyone can read it; its staff are told, and people
    with alerts for its themes or counties are e-mailed (at once or in their weekly digest)."""
    now = now or timezone.now()
    if challenge.status == Status.PUBLISHED:
        return challenge
    if not permissions.can_review_challenge(actor, challenge):
        raise ChallengeLocked(_("Only programme admins publish challenges, and only those in review."))
    with transaction.atomic():
        if not _move(
            challenge,
            actor=actor,
            old=(Status.IN_REVIEW,),
            new=Status.PUBLISHED,
            now=now,
            published_at=now,
            published_by=actor,
            review_comment="",
        ):
            raise _stale_state(challenge)
        log_event(challenge, actor=actor, action=ChallengeEvent.Action.PUBLISHED, at=now)
        emails.send_challenge_published(challenge)
        alerts.queue_new_challenge(challenge)
        similar.queue_update(challenge)
        bump_content_version()  # the catalogue, feeds, exports, round and municipality pages list it
    return challenge


def close_challenge(challenge: Challenge, *, actor: User, now: datetime.datetime | None = None) -> Challenge:
    """Close a published challenge: it stays public, takes no more questions or edits."""
    now = now or timezone.now()
    if challenge.status == Status.CLOSED:
        return challenge
    if not permissions.can_close_challenge(actor, challenge):
        raise ChallengeLocked(_("This challenge cannot be closed now."))
    with transaction.atomic():
        if not _move(
            challenge,
            actor=actor,
            old=(Status.PUBLISHED,),
            new=Status.CLOSED,
            now=now,
            closed_at=now,
            closed_by=actor,
        ):
            raise _stale_state(challenge)
        log_event(challenge, actor=actor, action=ChallengeEvent.Action.CLOSED, at=now)
        bump_content_version()  # its page stops taking questions; the catalogue shows it closed
    return challenge


def follow_challenge(challenge: Challenge, *, actor: User) -> None:
    """Follow a public challenge (twice is once)."""
    from challenges.models import Follow

    if not permissions.can_follow_challenge(actor, challenge):
        raise ChallengeLocked(_("Only published challenges can be followed."))
    try:
        with transaction.atomic():
            Follow.objects.get_or_create(user=actor, challenge=challenge)
    except IntegrityError:
        pass  # a double click: the other request made it


def unfollow_challenge(challenge: Challenge, *, actor: User) -> None:
    from challenges.models import Follow

    Follow.objects.filter(user=actor, challenge=challenge).delete()


# ----------------------------------------------------------------------------------------------------
# Writing: starting a draft from the course (Gnist kompetanse, module 4's challenge canvas).

# Where each canvas field lands. The canvas asks for the problem "seen from the people it concerns", which
# is the challenge's background; its "local advantages" are half of "needs, local advantages and premises";
# its one "anchoring" answer names who owns the challenge, so it starts as the administrative anchoring (the
# staff split it up when they edit); "what success looks like" ends with what other municipalities could
# learn, the transfer value. A problem already phrased as a short "Hvordan …?" question becomes the title.
CANVAS_SECTIONS = {
    "problem": "background",
    "affected": "target_groups",
    "advantages": "needs",
    "anchoring": "anchoring_administrative",
    "success": "transfer_value",
}


def canvas_texts(answers: dict) -> dict[str, str]:
    """The challenge texts a canvas's answers fill (CANVAS_SECTIONS); unknown keys and non-text ignored."""
    from municipalities.models import is_question

    texts = {
        section: answers[key].strip()
        for key, section in CANVAS_SECTIONS.items()
        if isinstance(answers.get(key), str) and answers[key].strip()
    }
    problem = texts.get("background", "")
    if is_question(problem) and len(problem) <= Challenge._meta.get_field("title").max_length:
        texts["title"] = problem
    return texts


def create_challenge_from_canvas(
    participant: Participant, *, actor: User, answers: dict, now: datetime.datetime | None = None
) -> Challenge:
    """Start a draft from the person's challenge canvas.

    Steps: map the canvas answers to sections (`canvas_texts`); create the draft through `create_challenge`
    (its checks and its log); mark it as started from the canvas, so the draft links back to the course.
    """
    with transaction.atomic():
        challenge = create_challenge(participant, actor=actor, now=now, **canvas_texts(answers))
        Challenge.objects.filter(pk=challenge.pk).update(from_canvas=True)
        challenge.from_canvas = True
    return challenge


# End of writing.
# ----------------------------------------------------------------------------------------------------


# Questions and answers (equal treatment: every answer is public, without the asker's name)

# How many questions one person may ask in a day (each e-mails the challenge's staff).
QUESTIONS_PER_DAY = 10


class QuestionLimitReached(ChallengeError):
    """The person has asked as many questions as a day allows; nothing was stored."""


def _answered_elsewhere(question: Question) -> ChallengeError:
    question.refresh_from_db()
    return ChallengeError(
        _("Someone else handled this question at the same time. It is now: %(status)s. Nothing was changed.")
        % {"status": question.get_status_display()}
    )


def ask_question(
    challenge: Challenge, *, actor: User, text: str, now: datetime.datetime | None = None
) -> Question:
    """A signed-in person asks about a published challenge while it takes questions.

    Steps: check the phase (and the question deadline, once competitions have one) allows it; refuse empty
    text and more than QUESTIONS_PER_DAY a day; store the question privately as asked; log; e-mail the
    challenge's staff after commit.
    """
    now = now or timezone.now()
    if not permissions.can_ask_question(actor, challenge, now):
        raise ChallengeLocked(permissions.why_no_questions(challenge, now))
    text = text.strip()
    if not text:
        raise ChallengeError(_("Write your question."))
    if not allow_daily("challenge-question", actor, limit=QUESTIONS_PER_DAY):
        raise QuestionLimitReached(_("You have asked many questions today. Try again tomorrow."))
    with transaction.atomic():
        question = Question.objects.create(
            challenge=challenge, original_text=text, asked_by=actor, asked_at=now
        )
        emails.send_question_asked(question)
    logger.info("User %s asked question %s about challenge %s.", actor.pk, question.pk, challenge.pk)
    return question


def answer_question(
    question: Question, *, actor: User, text: str, answer: str, now: datetime.datetime | None = None
) -> Question:
    """Staff answer a waiting question and publish it for everyone, without the asker's name.

    Steps: check the person answers for this challenge; the published text is `text` (their rephrasing) or
    the question as asked; a conditional update from waiting to published (someone who answered first wins;
    the other is told); log; e-mail the asker and, once each, the challenge's followers after commit.
    """
    now = now or timezone.now()
    if question.status == Question.Status.PUBLISHED:
        return question
    if not permissions.can_answer_question(actor, question):
        raise ChallengeLocked(_("Only the challenge's staff answer its questions."))
    answer = answer.strip()
    if not answer:
        raise ChallengeError(_("Write the answer."))
    text = text.strip() or question.original_text
    with transaction.atomic():
        updated = Question.objects.filter(pk=question.pk, status=Question.Status.ASKED).update(
            status=Question.Status.PUBLISHED, text=text, answer=answer, answered_by=actor, published_at=now
        )
        if not updated:
            raise _answered_elsewhere(question)
        question.refresh_from_db()
        emails.send_question_answered(question)
        emails.send_answer_to_followers(question, actor=actor)
        bump_content_version()  # the answer is on the challenge's public page
    logger.info("User %s answered question %s.", actor.pk, question.pk)
    return question


def publish_clarification(
    challenge: Challenge, *, actor: User, text: str, answer: str, now: datetime.datetime | None = None
) -> Question:
    """Staff publish a clarification of their own (a heading and the text), seen by all and e-mailed to the
    followers after commit."""
    now = now or timezone.now()
    if not permissions.can_publish_clarification(actor, challenge):
        raise ChallengeLocked(_("Only the challenge's staff publish clarifications."))
    text, answer = text.strip(), answer.strip()
    if not (text and answer):
        raise ChallengeError(_("Write both what the clarification is about and the clarification."))
    with transaction.atomic():
        question = Question.objects.create(
            challenge=challenge,
            status=Question.Status.PUBLISHED,
            is_clarification=True,
            text=text,
            answer=answer,
            answered_by=actor,
            published_at=now,
        )
        emails.send_answer_to_followers(question, actor=actor)
        bump_content_version()  # the clarification is on the challenge's public page
    logger.info("User %s published clarification %s on challenge %s.", actor.pk, question.pk, challenge.pk)
    return question


def decline_question(
    question: Question, *, actor: User, message: str = "", now: datetime.datetime | None = None
) -> Question:
    """Staff decline to publish a waiting question (off topic, personal, already answered): it stays private,
    and the asker is told kindly, with `message` when given."""
    if question.status == Question.Status.WITHDRAWN:
        return question
    if not permissions.can_answer_question(actor, question):
        raise ChallengeLocked(_("Only the challenge's staff decide about its questions."))
    with transaction.atomic():
        updated = Question.objects.filter(pk=question.pk, status=Question.Status.ASKED).update(
            status=Question.Status.WITHDRAWN, answered_by=actor
        )
        if not updated:
            raise _answered_elsewhere(question)
        question.refresh_from_db()
        emails.send_question_declined(question, message=message.strip())
    logger.info("User %s declined question %s.", actor.pk, question.pk)
    return question


# --- images and attachments --------------------------------------------------------------------------------


class TooManyFiles(ChallengeError):
    """The challenge has as many images (or attachments) as it may have."""


def _lock_for_files(challenge: Challenge, *, actor: User, now: datetime.datetime) -> Challenge:
    """The challenge's row, locked until the transaction ends, if the person may edit it now (checked on the
    locked row: a challenge sent for review a moment ago takes no more files)."""
    locked = Challenge.objects.select_for_update().get(pk=challenge.pk)
    locked.participant = challenge.participant  # with its prefetched municipalities and phases
    if not permissions.can_edit_challenge(actor, locked, now):
        raise ChallengeLocked(permissions.why_not_editable(actor, locked, now))
    return locked


def _bump_if_public(challenge: Challenge) -> None:
    """A published challenge's files are on its public page; a draft's change nothing anyone else sees."""
    if challenge.is_public:
        bump_content_version()


def add_image(
    challenge: Challenge,
    *,
    actor: User,
    image: PreparedImage,
    alt_text: str,
    caption: str = "",
    now: datetime.datetime | None = None,
) -> ChallengeImage:
    """Add an image already checked and re-encoded by `challenges.images.prepare_image`.

    Steps: lock the challenge and check the person may edit it now; refuse past MAX_PER_CHALLENGE (counted
    under the lock); store the image and its renditions; log. If anything fails, the files stored so far
    are deleted again.
    """
    now = now or timezone.now()
    stored: list[str] = []
    try:
        with transaction.atomic():
            locked = _lock_for_files(challenge, actor=actor, now=now)
            count = locked.images.count()
            if count >= ChallengeImage.MAX_PER_CHALLENGE:
                raise TooManyFiles(
                    _("A challenge has at most %(count)d images. Remove one to add another.")
                    % {"count": ChallengeImage.MAX_PER_CHALLENGE}
                )
            row = ChallengeImage(
                challenge=locked,
                width=image.width,
                height=image.height,
                alt_text=alt_text,
                caption=caption,
                order=count,
                uploaded_at=now,
                uploaded_by=actor,
            )
            content = image_file(image)
            row.file.save(content.name, content, save=False)
            stored.append(row.file.name)
            storage = row.file.storage
            for width, smaller in image.renditions.items():
                name = storage.save(rendition_name(row.file.name, width), ContentFile(smaller))
                stored.append(name)
                row.renditions[str(width)] = name
            row.save()
            log_event(locked, actor=actor, action=ChallengeEvent.Action.IMAGE_ADDED, details=alt_text, at=now)
            _bump_if_public(locked)
    except BaseException:
        for name in stored:
            private_storage.delete(name)
        raise
    return row


def remove_image(image: ChallengeImage, *, actor: User, now: datetime.datetime | None = None) -> None:
    """Remove an image: lock the challenge, check the person may edit it now, delete the row and log; the
    file and its renditions go once the transaction has committed (apps.py)."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = _lock_for_files(image.challenge, actor=actor, now=now)
        deleted, _rows = ChallengeImage.objects.filter(pk=image.pk, challenge=locked).delete()
        if deleted:  # else a colleague removed it at the same moment
            log_event(
                locked,
                actor=actor,
                action=ChallengeEvent.Action.IMAGE_REMOVED,
                details=image.alt_text,
                at=now,
            )
            _bump_if_public(locked)


def add_attachment(
    challenge: Challenge, *, actor: User, upload: UploadedFile, now: datetime.datetime | None = None
) -> ChallengeAttachment:
    """Attach a PDF (checked by the form with `gnist.uploads.validate_pdf`).

    Steps: lock the challenge and check the person may edit it now; refuse past MAX_PER_CHALLENGE (counted
    under the lock); store the file privately under a generated path, keeping the person's file name (ending
    in .pdf, so a download named evil.html never opens as a web page); log.
    """
    now = now or timezone.now()
    name = upload.name[:196]
    if not name.lower().endswith(".pdf"):
        name += ".pdf"
    with transaction.atomic():
        locked = _lock_for_files(challenge, actor=actor, now=now)
        if locked.attachments.count() >= ChallengeAttachment.MAX_PER_CHALLENGE:
            raise TooManyFiles(
                _("A challenge has at most %(count)d attachments. Remove one to add another.")
                % {"count": ChallengeAttachment.MAX_PER_CHALLENGE}
            )
        attachment = ChallengeAttachment.objects.create(
            challenge=locked, file=upload, name=name, size=upload.size, uploaded_at=now, uploaded_by=actor
        )
        log_event(locked, actor=actor, action=ChallengeEvent.Action.ATTACHED, details=name, at=now)
        _bump_if_public(locked)
    return attachment


def remove_attachment(
    attachment: ChallengeAttachment, *, actor: User, now: datetime.datetime | None = None
) -> None:
    """Remove an attachment: lock the challenge, check the person may edit it now, delete the row and log;
    the file goes once the transaction has committed (apps.py)."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = _lock_for_files(attachment.challenge, actor=actor, now=now)
        deleted, _rows = ChallengeAttachment.objects.filter(pk=attachment.pk, challenge=locked).delete()
        if deleted:
            log_event(
                locked, actor=actor, action=ChallengeEvent.Action.DETACHED, details=attachment.name, at=now
            )
            _bump_if_public(locked)
