"""Retention: what a round no longer needs is purged once its retention date has passed, and a person's
deleted account leaves no name, e-mail or phone behind in applications and their log."""

import datetime
import logging
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import User
from accounts.personal_data import verified_emails
from gnist.pagecache import bump_content_version
from municipalities.models import (
    OSLO,
    Application,
    ApplicationAttachment,
    CoApplicant,
    CriterionAnswer,
    Invitation,
    Round,
    SelectionLogEntry,
    contact_entries_of,
)
from municipalities.services.applications import log_event

logger = logging.getLogger(__name__)

# Applications that became a Gnist or follow municipality: the record behind the published participants.
RETAINED_STATUSES = (Application.Status.SELECTED, Application.Status.FOLLOW)
# The programme's own entries in the selection log: the record of its decisions, kept by the purge.
DECISION_ACTIONS = (
    SelectionLogEntry.Action.STAGED,
    SelectionLogEntry.Action.ANNOUNCED,
    SelectionLogEntry.Action.PURGED,
)
# Log entries about attachments carry the person's file name (often a person's name); the files are purged.
ATTACHMENT_ACTIONS = (SelectionLogEntry.Action.ATTACHED, SelectionLogEntry.Action.DETACHED)
# What replaces a deleted person's name or e-mail address in free text.
ANONYMISED = "[anonymised]"


@dataclass
class RoundPurge:
    """What purging a round removed — or, in a dry run, would remove."""

    round: Round
    retain_until: datetime.date
    due: bool
    drafts: int = 0
    attachments: int = 0
    blanked: int = 0
    log_entries: int = 0
    applications_count: int | None = None  # the public number stored now (None: already stored or unknown)

    @property
    def changes_anything(self) -> bool:
        return bool(
            self.drafts
            or self.attachments
            or self.blanked
            or self.log_entries
            or self.applications_count is not None
        )

    def describe(self, *, dry_run: bool = False) -> str:
        """One line for the log and the management command (English, for whoever runs the portal)."""
        head = f"Round {self.round.number}, kept until {self.retain_until:%Y-%m-%d}"
        if not self.due:
            return f"{head}: not due yet."
        if not self.changes_anything:
            return f"{head}: nothing to purge."
        verb = "would delete" if dry_run else "deleted"
        parts = [f"{verb} {self.drafts} draft(s) and {self.attachments} attachment(s)"]
        parts.append(f"{'would blank' if dry_run else 'blanked'} {self.blanked} application(s) not selected")
        if self.log_entries:
            parts.append(f"{verb} {self.log_entries} log entr(y/ies) naming applicants or files")
        if self.applications_count is not None:
            parts.append(f"{'would store' if dry_run else 'stored'} the public number of applications")
        return f"{head}: " + ", ".join(parts) + "."


def rounds_due_for_purge(*, now: datetime.datetime) -> list[Round]:
    """Rounds whose retention date (set, or the default) is before today in Oslo, purged already or not."""
    today = timezone.localdate(now, OSLO)
    return [
        round_
        for round_ in Round.objects.prefetch_related("phases").order_by("number")
        if round_.retention_date < today
    ]


def purge_round_data(round_: Round, *, now: datetime.datetime, dry_run: bool = False) -> RoundPurge:
    """Delete what a round no longer needs once its retention date has passed; a second run changes nothing.

    Steps, in one transaction with the round row locked:
    1. read the retention date (the one set, else GNIST_ROUND_RETENTION_MONTHS after the last phase ends);
       up to and including that day, stop without changing anything; past it, store the date if it was empty;
    2. store the public number of applications in `Round.applications_count` when it is empty, so it survives;
    3. delete never-submitted drafts, with their answers, co-applicants, log and attachment rows;
    4. delete the attachment rows of every other application, and their log entries (they name the files);
    5. in applications that were not selected (sent in, but not a Gnist or follow municipality): blank
       `Application.PURGED_FIELDS` (the applicant's texts and contact persons) and the answers, forget who
       created, submitted and confirmed them, and delete the applicants' log entries (all but
       DECISION_ACTIONS);
    6. log the purge on each kept application it changed, and stamp `Round.purged_at` the first time;
    7. after commit, delete the attachment files from storage (a rollback keeps them).
    What a purged round keeps: its participants, the number of applications, each sent-in application's
    municipalities, themes, status, scores and the programme's decisions and reasons with their log; selected
    and follow applications keep their texts, contacts and applicants' log as the record behind the
    published participants. A dry run works out the same numbers and changes nothing.
    """
    with transaction.atomic():
        round_ = Round.objects.select_for_update().prefetch_related("phases").get(pk=round_.pk)
        retain_until = round_.retention_date
        purge = RoundPurge(
            round=round_, retain_until=retain_until, due=retain_until < timezone.localdate(now, OSLO)
        )
        if not purge.due:
            return purge

        if round_.applications_count is None:
            purge.applications_count = (
                Round.objects.with_application_counts().get(pk=round_.pk).applications_number
            )
        applications = Application.objects.for_round(round_)
        drafts = set(applications.drafts().values_list("pk", flat=True))
        attachments = list(ApplicationAttachment.objects.filter(application__round=round_).order_by("pk"))
        blank = {name: Application._meta.get_field(name).get_default() for name in Application.PURGED_FIELDS}
        unselected = list(
            applications.submitted()
            .exclude(status__in=RETAINED_STATUSES)
            .only("created_by", "submitted_by", *blank)
        )
        answered = set(
            CriterionAnswer.objects.filter(application__in=unselected)
            .exclude(text="")
            .values_list("application_id", flat=True)
        )
        confirmed = set(
            CoApplicant.objects.filter(application__in=unselected, confirmed_by__isnull=False).values_list(
                "application_id", flat=True
            )
        )
        to_blank = {
            application.pk
            for application in unselected
            if application.pk in answered | confirmed
            or application.created_by_id
            or application.submitted_by_id
            or any(getattr(application, name) != value for name, value in blank.items())
        }
        log = SelectionLogEntry.objects.filter(application__in=applications.exclude(pk__in=drafts)).filter(
            Q(action__in=ATTACHMENT_ACTIONS) | Q(application__in=unselected) & ~Q(action__in=DECISION_ACTIONS)
        )
        logged = Counter(log.values_list("application_id", flat=True))
        purge.drafts, purge.attachments, purge.blanked = len(drafts), len(attachments), len(to_blank)
        purge.log_entries = logged.total()
        if dry_run:
            return purge

        changes = {}
        if round_.retain_application_data_until is None:
            changes["retain_application_data_until"] = retain_until
        if purge.applications_count is not None:
            changes["applications_count"] = purge.applications_count
        if round_.purged_at is None:
            changes["purged_at"] = now
        if changes:
            Round.objects.filter(pk=round_.pk).update(**changes)
            round_.refresh_from_db(fields=list(changes))

        ApplicationAttachment.objects.filter(pk__in=[attachment.pk for attachment in attachments]).delete()
        applications.drafts().filter(pk__in=drafts).delete()
        log.delete()
        Application.objects.filter(pk__in=to_blank).update(**blank, created_by=None, submitted_by=None)
        CriterionAnswer.objects.filter(application_id__in=to_blank).update(text="")
        CoApplicant.objects.filter(application_id__in=to_blank).update(confirmed_by=None)

        detached = Counter(attachment.application_id for attachment in attachments)
        for application in applications.filter(pk__in=set(detached) | to_blank | set(logged)).order_by("pk"):
            details = []
            if detached[application.pk]:
                details.append(
                    ngettext(
                        "%(count)s attachment deleted",
                        "%(count)s attachments deleted",
                        detached[application.pk],
                    )
                    % {"count": detached[application.pk]}
                )
            if application.pk in to_blank:
                details.append(_("texts, answers and contact persons blanked"))
            if logged[application.pk]:
                details.append(
                    ngettext(
                        "%(count)s log entry deleted", "%(count)s log entries deleted", logged[application.pk]
                    )
                    % {"count": logged[application.pk]}
                )
            log_event(
                application,
                actor=None,
                action=SelectionLogEntry.Action.PURGED,
                details="; ".join(details),
                at=now,
            )

        files = [attachment.file for attachment in attachments]
        transaction.on_commit(lambda: _delete_files(files))
        bump_content_version()  # the round page now reads the stored number of applications
    return purge


def _delete_files(files: Iterable[FieldFile]) -> None:
    """Delete stored files; one that cannot be deleted is logged and does not stop the others."""
    for file in files:
        try:
            file.storage.delete(file.name)
        except OSError:
            logger.exception("Could not delete the purged attachment file %s", file.name)


def anonymise_person(user: User) -> None:
    """Before `user`'s account is deleted: remove them from what the municipalities app keeps.

    Steps: blank the name, e-mail and phone of every contact entry in an application with one of the
    person's verified e-mail addresses (the role stays); replace their name and e-mail addresses in the
    selection log's free-text details; delete the team invitations sent to their addresses and those they
    sent (the team's own record is its memberships). The foreign keys that point to them (created,
    submitted, decided, logged by …) are SET_NULL and clear with the user row; their memberships go with it
    (CASCADE).
    """
    emails = verified_emails(user)
    Invitation.objects.filter(Q(email__in=emails) | Q(invited_by=user)).delete()
    changed: dict[int, Application] = {}
    for application, entry in contact_entries_of(emails):
        entry.update(dict.fromkeys(Application.CONTACT_PERSONAL_KEYS, ""))
        changed[application.pk] = application
    for application in changed.values():
        Application.objects.filter(pk=application.pk).update(contacts=application.contacts)

    terms = sorted({term for term in [user.name.strip(), *emails] if len(term) >= 3}, key=len, reverse=True)
    if not terms:
        return
    pattern = re.compile("|".join(rf"(?<!\w){re.escape(term)}(?!\w)" for term in terms), re.IGNORECASE)
    mentions = Q()
    for term in terms:
        mentions |= Q(details__icontains=term)
    for entry in SelectionLogEntry.objects.filter(mentions).only("details"):
        details = pattern.sub(ANONYMISED, entry.details)
        if details != entry.details:
            SelectionLogEntry.objects.filter(pk=entry.pk).update(details=details)
