"""Applications: start, save, submit, attachments and co-applicant confirmation (`Application.status` up to
submitted).

Deadlines are checked with `now` at the moment of writing; tests pass `now` to freeze time.
"""

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import User
from gnist.ratelimit import DAY, allow, allow_daily
from municipalities import emails, permissions
from municipalities.models import (
    Application,
    ApplicationAttachment,
    CoApplicant,
    CriterionAnswer,
    Membership,
    Municipality,
    Round,
    SelectionLogEntry,
    Theme,
)

# Naming a co-applicant e-mails its admins: a person's daily cap on co-applicants named.
CO_APPLICANTS_PER_DAY = 20


class ApplicationError(Exception):
    """An application change that cannot be made; `str(error)` is a translated message for the person."""


class ApplicationLocked(ApplicationError):
    """The phase that allows the change is not open (the deadline has passed), or the person may not."""


class StaleApplication(ApplicationError):
    """Someone saved the application after this person opened it; `current` is what is stored now."""

    def __init__(self, current: Application, message: str | None = None) -> None:
        super().__init__(
            message
            or _(
                "Someone else saved this application while you were editing it. Your text is kept below; "
                "compare it with the saved version and save again."
            )
        )
        self.current = current


class TooManyAttachments(ApplicationError):
    def __init__(self) -> None:
        limit = ApplicationAttachment.MAX_PER_APPLICATION
        super().__init__(
            ngettext(
                "An application can have at most %(limit)s attachment. Remove one before you add another.",
                "An application can have at most %(limit)s attachments. Remove one before you add another.",
                limit,
            )
            % {"limit": limit}
        )


class TooManyCoApplicants(ApplicationError):
    """The person has named as many co-applicants as a day allows; nothing was saved."""

    def __init__(self):
        super().__init__(
            _(
                "You have named many co-applicant municipalities today, and each one is e-mailed. Try again "
                "tomorrow, or save without the new ones."
            )
        )


class ApplicationIncomplete(ApplicationError):
    def __init__(self, missing: list[str]) -> None:
        super().__init__(
            _("The application is not complete yet: %(missing)s.") % {"missing": "; ".join(missing)}
        )
        self.missing = missing


class CoApplicationClosed(ApplicationLocked):
    """The application is no longer a draft or submitted, or the application phase is over."""

    def __init__(self) -> None:
        super().__init__(_("The application phase is over. The co-application can no longer be confirmed."))


def log_event(
    application: Application,
    *,
    actor: User | None,
    action: str,
    details: str = "",
    at: datetime.datetime | None = None,
) -> None:
    SelectionLogEntry.objects.create(
        round_id=application.round_id,
        application=application,
        actor=actor,
        action=action,
        details=details,
        at=at or timezone.now(),
    )


def create_application(
    round_: Round, *, municipality: Municipality, actor: User, now: datetime.datetime | None = None
) -> Application:
    """Start (or return the existing) application of `municipality` while applications are open."""
    now = now or timezone.now()
    if not permissions.can_start_application(actor, municipality, round_, now):
        raise ApplicationLocked(
            _("Applications to this round are not open for %(name)s.") % {"name": municipality.name}
        )
    existing = Application.objects.filter(round=round_, municipality=municipality).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            application = Application.objects.create(
                round=round_, municipality=municipality, created_by=actor, created_at=now, updated_at=now
            )
            log_event(application, actor=actor, action=SelectionLogEntry.Action.CREATED, at=now)
    except IntegrityError:
        # A colleague started it at the same moment: theirs is the one.
        return Application.objects.get(round=round_, municipality=municipality)
    return application


def save_application(
    application: Application,
    *,
    actor: User,
    version: int,
    data: dict | None = None,
    answers: dict[int, str] | None = None,
    themes: Iterable[Theme] | None = None,
    co_municipalities: Iterable[Municipality] | None = None,
    now: datetime.datetime | None = None,
) -> Application:
    """Save the person's edits to an application: the parts given (one section of the form saves its own;
    `data` holds some of `Application.APPLICANT_FIELDS`, a part left out or None is left as it is).

    Steps: check the person may edit now (until the deadline; shortlisted ones in the revision phase), at the
    moment of writing; a conditional update on the version the person started from (a stale save raises
    StaleApplication with what is stored now, and changes nothing); replace the answers per criterion, the
    themes and the co-applicants given (keeping confirmations of those that stay; past the person's
    CO_APPLICANTS_PER_DAY new ones, TooManyCoApplicants and nothing saved); ask new co-applicants' admins to
    confirm, unless that municipality was asked for this application within a day (removed and added
    again); record who and when.
    """
    now = now or timezone.now()
    if not permissions.can_edit_application(actor, application, now):
        raise ApplicationLocked(
            _("The deadline has passed. The application is locked and can no longer be changed.")
        )
    revising = application.status == Application.Status.SHORTLISTED
    data = data or {}
    fields = {name: data[name] for name in Application.APPLICANT_FIELDS if name in data}
    if revising:
        fields["revised_at"] = now
    with transaction.atomic():
        updated = Application.objects.filter(
            pk=application.pk, version=version, status=application.status
        ).update(**fields, version=F("version") + 1, updated_at=now)
        if not updated:
            raise StaleApplication(Application.objects.get(pk=application.pk))
        if answers is not None:
            for criterion in application.round.criteria.all():
                CriterionAnswer.objects.update_or_create(
                    application=application,
                    criterion=criterion,
                    defaults={"text": answers.get(criterion.pk, "")},
                )
        if themes is not None:
            application.themes.set(themes)
        if co_municipalities is not None:
            _replace_co_applicants(application, co_municipalities, actor=actor)
        action = SelectionLogEntry.Action.REVISED if revising else SelectionLogEntry.Action.SAVED
        log_event(application, actor=actor, action=action, details=f"version {version + 1}", at=now)
    application.refresh_from_db()
    return application


def _replace_co_applicants(
    application: Application, co_municipalities: Iterable[Municipality], *, actor: User
):
    """Part of `save_application`, in its transaction."""
    wanted = {m.pk: m for m in co_municipalities if m.pk != application.municipality_id}
    application.co_applicants.exclude(municipality_id__in=wanted).delete()
    kept = set(application.co_applicants.values_list("municipality_id", flat=True))
    added = [municipality for pk, municipality in wanted.items() if pk not in kept]
    if added and not allow_daily("co-applicant", actor, limit=CO_APPLICANTS_PER_DAY, cost=len(added)):
        raise TooManyCoApplicants()  # rolls back the save
    for municipality in added:
        co = CoApplicant.objects.create(application=application, municipality=municipality)
        if not allow(f"co-applicant-notice:{application.pk}:{municipality.pk}", limit=1, period=DAY):
            continue
        for membership in (
            Membership.objects.filter(municipality=municipality).approved().admins().select_related("user")
        ):
            emails.send_co_application_request(co, to=membership.user)


def revise_application(application: Application, **kwargs: Any) -> Application:
    """A shortlisted applicant's revised application (rounds with stages, during the revision phase)."""
    if application.status != Application.Status.SHORTLISTED:
        raise ApplicationLocked(_("Only shortlisted applications can be revised."))
    return save_application(application, **kwargs)


def submit_application(
    application: Application, *, actor: User, now: datetime.datetime | None = None
) -> Application:
    """Send in a draft before the deadline.

    Steps: a submitted application stays as it is (a second click does nothing); check the person may submit
    now, at the moment of writing (Europe/Oslo deadline); check it is complete; move draft → submitted with a
    conditional update on the status and the version checked (a colleague's save in between raises
    StaleApplication), recording who and when; log; e-mail the receipt listing what was submitted.
    """
    now = now or timezone.now()
    if application.status != Application.Status.DRAFT:
        return application
    if not permissions.can_submit_application(actor, application, now):
        raise ApplicationLocked(_("The deadline has passed. The application can no longer be submitted."))
    missing = application.missing_for_submission()
    if missing:
        raise ApplicationIncomplete(missing)
    with transaction.atomic():
        # Only the version checked for completeness above is sent: a colleague's save in between is stale.
        updated = Application.objects.filter(
            pk=application.pk, status=Application.Status.DRAFT, version=application.version
        ).update(
            status=Application.Status.SUBMITTED,
            submitted_at=now,
            submitted_by=actor,
            updated_at=now,
            version=F("version") + 1,
        )
        if not updated:
            current = Application.objects.get(pk=application.pk)
            if current.status != Application.Status.DRAFT:
                return current  # a colleague submitted it at the same moment: done, once
            raise StaleApplication(
                current,
                _(
                    "Someone else saved this application while you were submitting it. Check that it is "
                    "complete and submit it again."
                ),
            )
        application.refresh_from_db()
        log_event(application, actor=actor, action=SelectionLogEntry.Action.SUBMITTED, at=now)
        emails.send_application_receipt(application, to=actor)
    return application


def _lock_for_editing(application: Application, *, actor: User, now: datetime.datetime) -> Application:
    """Lock the application row and check, against what is stored now, that `actor` may still edit it."""
    locked = Application.objects.select_for_update().get(pk=application.pk)
    locked.round = application.round  # the round and its phases as already loaded
    if not permissions.can_edit_application(actor, locked, now):
        raise ApplicationLocked(
            _("The deadline has passed. The application is locked and can no longer be changed.")
        )
    return locked


def add_attachment(
    application: Application, *, actor: User, upload: UploadedFile, now: datetime.datetime | None = None
) -> ApplicationAttachment:
    """Attach a PDF (validated by the form) to an application.

    Steps: lock the application and check the person may edit it now, at the moment of writing; refuse past
    ApplicationAttachment.MAX_PER_APPLICATION (counted under the lock, so two uploads at once cannot pass
    it); store the file under a generated path, keeping the person's file name; log.
    """
    now = now or timezone.now()
    with transaction.atomic():
        locked = _lock_for_editing(application, actor=actor, now=now)
        if locked.attachments.count() >= ApplicationAttachment.MAX_PER_APPLICATION:
            raise TooManyAttachments()
        attachment = ApplicationAttachment.objects.create(
            application=locked,
            file=upload,
            name=upload.name[:200],
            size=upload.size,
            uploaded_at=now,
            uploaded_by=actor,
        )
        log_event(
            locked, actor=actor, action=SelectionLogEntry.Action.ATTACHED, details=attachment.name, at=now
        )
    return attachment


def remove_attachment(
    attachment: ApplicationAttachment, *, actor: User, now: datetime.datetime | None = None
) -> None:
    """Remove an attachment: lock the application, check the person may edit it now, delete the row and log;
    the file goes once the transaction has committed (a rollback keeps it)."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = _lock_for_editing(attachment.application, actor=actor, now=now)
        deleted, _rows = ApplicationAttachment.objects.filter(pk=attachment.pk, application=locked).delete()
        if not deleted:
            return  # removed by a colleague at the same moment
        log_event(
            locked, actor=actor, action=SelectionLogEntry.Action.DETACHED, details=attachment.name, at=now
        )
        file = attachment.file
        transaction.on_commit(lambda: file.delete(save=False))


def confirm_co_application(
    co_applicant: CoApplicant, *, actor: User, now: datetime.datetime | None = None
) -> CoApplicant:
    """The co-applicant municipality's staff confirm that it applies jointly; twice does nothing.

    Steps: a confirmed row stays as it is; check the person may confirm now (the co-applicant's own staff,
    while the application is a draft or submitted and the round takes applications); confirm with a
    conditional update that the application is still in such a state; log.
    """
    now = now or timezone.now()
    if co_applicant.is_confirmed:
        return co_applicant
    if not permissions.is_co_applicant_staff(actor, co_applicant):
        raise ApplicationError(_("Only the co-applicant municipality's own staff can confirm."))
    if not permissions.can_confirm_co_application(actor, co_applicant, now):
        raise CoApplicationClosed()
    with transaction.atomic():
        updated = CoApplicant.objects.filter(
            pk=co_applicant.pk,
            confirmed_at__isnull=True,
            application__status__in=permissions.CONFIRMABLE_STATUSES,
        ).update(confirmed_at=now, confirmed_by=actor)
        co_applicant.refresh_from_db()
        if not updated and not co_applicant.is_confirmed:
            # The programme decided on the application meanwhile (it is no longer a draft or submitted).
            raise CoApplicationClosed()
        if updated:
            log_event(
                co_applicant.application,
                actor=actor,
                action=SelectionLogEntry.Action.CONFIRMED,
                details=co_applicant.municipality.name,
                at=now,
            )
    return co_applicant
