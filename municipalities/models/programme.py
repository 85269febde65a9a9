# ruff: noqa: RUF001, RUF002 -- Norwegian text uses the en dash between years on purpose.
"""The shared programme models: the country's municipalities, the yearly rounds and who took part in them."""

import calendar
import datetime
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

from gnist.fields import actor_field
from municipalities import maps

OSLO = ZoneInfo("Europe/Oslo")

# A deadline at midnight or 23:59 (Oslo) means "that day": it is shown as a date, without a time of day.
END_OF_DAY = datetime.time(23, 59)
_WHOLE_DAY_TIMES = (datetime.time(0, 0), END_OF_DAY)


def is_whole_day(moment: datetime.datetime) -> bool:
    """Whether `moment` stands for a whole day (midnight or 23:59 in Oslo), not a published time of day."""
    return timezone.localtime(moment, OSLO).time() in _WHOLE_DAY_TIMES


def end_of_day(day: datetime.date) -> datetime.datetime:
    """A deadline "on `day`": its last minute in Oslo, shown as the date alone."""
    return datetime.datetime.combine(day, END_OF_DAY, tzinfo=OSLO)


# Æ, Ø and Å come after Z (ä/ö are sorted as æ/ø, ü as y); "{|}" are the three characters after "z".
_NORWEGIAN_LETTERS = str.maketrans({"æ": "{", "ä": "{", "ø": "|", "ö": "|", "å": "}", "ü": "y"})


def norwegian_key(text: str) -> tuple[str, str]:
    """Sort key for names in Norwegian alphabetical order: A-Z, Æ, Ø, Å; case and other accents ignored."""
    folded = unicodedata.normalize("NFKD", text.casefold().translate(_NORWEGIAN_LETTERS))
    return "".join(char for char in folded if not unicodedata.combining(char)), text


def sorted_by_name[T](items: Iterable[T], name: Callable[[T], str] = lambda item: item.name) -> list[T]:
    """The items in Norwegian alphabetical order of their name (in Python: SQLite and PostgreSQL disagree)."""
    return sorted(items, key=lambda item: norwegian_key(name(item)))


def join_names(names: Iterable[str]) -> str:
    """Names as a list in running text in the active language: "A", "A and B", "A, B and C"."""
    names = list(names)
    if len(names) < 2:
        return "".join(names)
    return pgettext("list of names", "%(items)s and %(last)s") % {
        "items": ", ".join(names[:-1]),
        "last": names[-1],
    }


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later; the month's last day when it is shorter (31 Jan + 1 month = 28/29 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def valid_on(date: datetime.date, through: str = "") -> Q:
    """The condition that a county or municipality (reached `through` a relation, e.g. "municipality__") is
    valid on `date`: a join where a subquery would cost more to build and to run."""
    return Q(**{f"{through}valid_from__lte": date}) & (
        Q(**{f"{through}valid_to__isnull": True}) | Q(**{f"{through}valid_to__gte": date})
    )


class ValidityQuerySet(models.QuerySet):
    """Numbers and names of counties and municipalities are valid for a period (e.g. until 31 Dec 2023)."""

    def valid_on(self, date: datetime.date):
        return self.filter(valid_on(date))

    def current(self):
        return self.valid_on(timezone.localdate())


class County(models.Model):
    number = models.CharField(_("county number"), max_length=2)
    name = models.CharField(_("name"), max_length=100)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)

    objects = ValidityQuerySet.as_manager()

    class Meta:
        verbose_name = _("county")
        verbose_name_plural = _("counties")
        ordering = ["name", "-valid_from"]
        constraints = [models.UniqueConstraint(fields=["number", "valid_from"], name="county_number_period")]

    def __str__(self):
        return self.name


class MunicipalityQuerySet(ValidityQuerySet):
    def with_number(self, number: str):
        """Every period a municipality number was used, the newest first."""
        return self.filter(number=number).order_by("-valid_from")

    def map_points(self, on: datetime.date) -> dict:
        """The coordinates of the municipalities as they were on `on` (for the round map), in one query."""
        rows = self.filter(latitude__isnull=False, longitude__isnull=False).values_list(
            "number", "latitude", "longitude", "valid_from", "valid_to"
        )
        return maps.points_in_use(rows, on)

    def search(self, text: str):
        """By name, official name or number; a number that changed finds the municipality that took over."""
        text = text.strip()
        if not text:
            return self
        by_old_number = Q(pk__in=self.model.objects.filter(predecessors__number=text).values("pk"))
        return self.filter(
            Q(name__icontains=text) | Q(official_names__icontains=text) | Q(number=text) | by_old_number
        )

    def resolve_number(self, number: str) -> "tuple[Municipality | None, list[Municipality]]":
        """The municipality a number names (its newest period), and which municipalities of today took over
        if that period has ended (e.g. 5427 Skjervøy → 5542 Skjervøy, 1507 Ålesund → 1508 Ålesund and Haram).
        """
        municipality = self.with_number(number).select_related("county").first()
        if municipality is None or municipality.is_valid_on(timezone.localdate()):
            return municipality, []
        return municipality, sorted_by_name(municipality.successors.current().select_related("county"))


class Municipality(models.Model):
    number = models.CharField(_("municipality number"), max_length=4)
    name = models.CharField(_("name"), max_length=100)
    official_names = models.CharField(
        _("official names"), max_length=200, blank=True, help_text=_("All official names, e.g. in Sami.")
    )
    county = models.ForeignKey(
        County, models.PROTECT, related_name="municipalities", verbose_name=_("county")
    )
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    latitude = models.DecimalField(_("latitude"), max_digits=8, decimal_places=5, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=8, decimal_places=5, null=True, blank=True)
    organisation_number = models.CharField(_("organisation number"), max_length=9, blank=True)
    sami_administrative_area = models.BooleanField(_("in the Sami administrative area"), default=False)
    predecessors = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="successors",
        verbose_name=_("predecessors"),
        help_text=_("The municipalities of the previous structure it continues, with their numbers then."),
    )

    objects = MunicipalityQuerySet.as_manager()

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = ["name", "-valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["number", "valid_from"], name="municipality_number_period")
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("municipalities:municipality_detail", kwargs={"number": self.number})

    def is_valid_on(self, date: datetime.date) -> bool:
        return self.valid_from <= date and (self.valid_to is None or date <= self.valid_to)


class RoundQuerySet(models.QuerySet):
    def published(self):
        """Rounds the public may see: not drafts being prepared (e.g. copied from last year's setup)."""
        return self.filter(is_draft=False)

    def with_application_counts(self):
        """Each round with its sent-in applications counted and its application deadline, in the same query.

        Adds `submitted_applications` and `application_deadline_at`, which `Round.applications_number` reads.
        """
        from municipalities.models.applications import Application

        deadline = (
            Phase.objects.filter(round=models.OuterRef("pk"), opens_applications=True)
            .order_by("order")
            .values("ends_at")[:1]
        )
        submitted = (
            Application.objects.submitted()
            .filter(round=models.OuterRef("pk"))
            .order_by()
            .values("round")
            .annotate(count=models.Count("pk"))
            .values("count")
        )
        return self.annotate(
            submitted_applications=Coalesce(models.Subquery(submitted), 0),
            application_deadline_at=models.Subquery(deadline),
        )

    def newest_first(self):
        return self.order_by("-start_year", "-number")

    def with_participant_counts(self):
        return self.annotate(
            gnist_count=models.Count("participants", filter=Q(participants__role=Participant.Role.GNIST)),
            follow_count=models.Count("participants", filter=Q(participants__role=Participant.Role.FOLLOW)),
        )

    def current(self):
        """The latest round: the one the programme is running now or ran last (None before any round)."""
        return self.newest_first().prefetch_related("phases").first()


class Round(models.Model):
    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    title = models.CharField(_("title"), max_length=200)
    start_year = models.PositiveSmallIntegerField(_("first year"))
    end_year = models.PositiveSmallIntegerField(_("last year"))
    theme = models.CharField(_("theme"), max_length=200, blank=True)
    eligibility = models.TextField(_("who can apply"), blank=True)
    description = models.TextField(_("description"), blank=True)
    solution_part_name = models.CharField(
        _("name of the solution part"),
        max_length=200,
        blank=True,
        help_text=_("What the round called its competition part, e.g. “Gnist løsninger”."),
    )
    funding = models.TextField(_("funding"), blank=True, help_text=_("Teams and amounts, as published."))
    is_draft = models.BooleanField(
        _("draft"), default=False, help_text=_("A round being prepared (e.g. copied from last year's setup).")
    )
    applications_count = models.PositiveIntegerField(_("number of applications"), null=True, blank=True)
    retain_application_data_until = models.DateField(
        _("keep application data until"),
        null=True,
        blank=True,
        help_text=_(
            "After this date, drafts and attachments are deleted and the texts and contact persons of "
            "applications that were not selected are blanked. Left empty, it is set when the decisions are "
            "announced."
        ),
    )
    purged_at = models.DateTimeField(_("application data purged at"), null=True, blank=True, editable=False)

    objects = RoundQuerySet.as_manager()

    class Meta:
        verbose_name = _("round")
        verbose_name_plural = _("rounds")
        ordering = ["number"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("municipalities:round_detail", kwargs={"number": self.number})

    @property
    def structure_date(self) -> datetime.date:
        """The day whose municipalities and counties the round is shown with: its last year's first day, so
        rounds 1–3 keep the 2020–2023 structure and round 4 (2023–2024) on use the 2024 one."""
        return datetime.date(self.end_year, 1, 1)

    @property
    def years(self) -> str:
        if self.start_year == self.end_year:
            return str(self.start_year)
        return f"{self.start_year}–{self.end_year}"

    @property
    def title_names_years(self) -> bool:
        """Whether the title already says the years (round 4 is "Gnist 2023-2024"), so none are added."""
        return self.years in self.title

    @property
    def applications_number(self) -> int | None:
        """The published number if there is one, else the applications sent in once the deadline has passed.

        Needs `RoundQuerySet.with_application_counts()`.
        """
        if self.applications_count is not None:
            return self.applications_count
        deadline = self.application_deadline_at
        if self.submitted_applications and deadline and deadline <= timezone.now():
            return self.submitted_applications
        return None

    # --- retention of application data (uses prefetched phases) ---
    def default_retention_date(self) -> datetime.date:
        """GNIST_ROUND_RETENTION_MONTHS after the round's last phase ends (or starts, when open-ended);
        counted from the end of the round's last year when no phase is dated."""
        moments = [
            moment for phase in self.phases.all() for moment in (phase.starts_at, phase.ends_at) if moment
        ]
        last_day = (
            max(timezone.localdate(moment, OSLO) for moment in moments)
            if moments
            else datetime.date(self.end_year, 12, 31)
        )
        return add_months(last_day, settings.GNIST_ROUND_RETENTION_MONTHS)

    @property
    def retention_date(self) -> datetime.date:
        """The last day the round's application data is kept in full: the date set, else the default."""
        return self.retain_application_data_until or self.default_retention_date()

    # --- applications and selection (uses prefetched phases) ---
    @property
    def application_phase(self) -> "Phase | None":
        """The phase that takes applications (the first one with `opens_applications`)."""
        return next((phase for phase in self.phases.all() if phase.opens_applications), None)

    @property
    def revision_phase(self) -> "Phase | None":
        """The phase in which shortlisted applicants revise their application (round 4's maturing stage)."""
        return next((phase for phase in self.phases.all() if phase.kind == Phase.Kind.REVISION), None)

    @property
    def selection_has_stages(self) -> bool:
        """Selection in stages (shortlist, revised applications, final choice), as in round 4."""
        return any(phase.kind in (Phase.Kind.MATURING, Phase.Kind.REVISION) for phase in self.phases.all())

    @property
    def application_deadline(self) -> datetime.datetime | None:
        phase = self.application_phase
        return phase.ends_at if phase else None

    @property
    def applications_over(self) -> bool:
        """Whether the application phase is past (uses prefetched phases), so texts about it use the past
        tense. A round without an application phase counts as over once its last year has passed."""
        phase = self.application_phase
        if phase is None:
            return timezone.localdate().year > self.end_year
        step = next(step for step in self.timeline() if step.phase == phase)
        return step.state == TimelineStep.PAST

    def takes_applications_at(self, moment: datetime.datetime) -> bool:
        phase = self.application_phase
        return bool(phase and phase.is_open_at(moment))

    def takes_revisions_at(self, moment: datetime.datetime) -> bool:
        phase = self.revision_phase
        return bool(phase and phase.is_open_at(moment))

    def timeline(self, now: datetime.datetime | None = None) -> list["TimelineStep"]:
        """The phases in order, each marked past, current or upcoming (uses prefetched phases)."""
        now = now or timezone.now()
        phases = list(self.phases.all())
        round_end = datetime.datetime(self.end_year + 1, 1, 1, tzinfo=OSLO)
        steps = []
        for index, phase in enumerate(phases):
            # An open-ended phase lasts until the next dated phase starts, or until the round is over.
            later_starts = [later.starts_at for later in phases[index + 1 :] if later.starts_at]
            end = phase.ends_at or (later_starts[0] if later_starts else round_end)
            if phase.starts_at and phase.starts_at <= now < end:
                state = TimelineStep.CURRENT
            elif end <= now:
                state = TimelineStep.PAST
            else:
                state = TimelineStep.UPCOMING
            steps.append(TimelineStep(phase, state))
        return steps


@dataclass(frozen=True)
class TimelineStep:
    PAST = "past"
    CURRENT = "current"
    UPCOMING = "upcoming"

    phase: "Phase"
    state: str

    @property
    def is_current(self) -> bool:
        return self.state == self.CURRENT


class Criterion(models.Model):
    round = models.ForeignKey(Round, models.CASCADE, related_name="criteria", verbose_name=_("round"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["round", "order"]
        constraints = [models.UniqueConstraint(fields=["round", "order"], name="criterion_order_per_round")]

    def __str__(self):
        return self.name


class PhaseQuerySet(models.QuerySet):
    def open_at(self, moment: datetime.datetime):
        """Phases with both dates known that are running at `moment`."""
        return self.filter(starts_at__lte=moment, ends_at__gt=moment)

    def open_now(self):
        return self.open_at(timezone.now())

    def open_or_upcoming_at(self, moment: datetime.datetime):
        """Phases running at `moment` or starting after it (the home page's "open now" or "next")."""
        return self.filter(Q(starts_at__lte=moment, ends_at__gt=moment) | Q(starts_at__gt=moment))

    def accepting_applications(self):
        return self.filter(opens_applications=True)

    def next_change_after(self, moment: datetime.datetime) -> datetime.datetime | None:
        """The soonest start or end of these phases after `moment`: when pages showing them change."""
        found = self.aggregate(
            start=models.Min("starts_at", filter=Q(starts_at__gt=moment)),
            end=models.Min("ends_at", filter=Q(ends_at__gt=moment)),
        )
        return min((value for value in found.values() if value is not None), default=None)


class Phase(models.Model):
    class Kind(models.TextChoices):
        LAUNCH = "launch", _("Launch")
        APPLICATIONS = "applications", _("Applications")
        SELECTION = "selection", _("Selection")
        MATURING = "maturing", _("Maturing stage")
        REVISION = "revision", _("Revised applications")
        CHALLENGES = "challenges", _("Challenges published")
        QUESTIONS = "questions", _("Questions and dialogue")
        OFFERS = "offers", _("Offers")
        EVALUATION = "evaluation", _("Evaluation")
        ANNOUNCEMENT = "announcement", _("Announcement")
        TEAM_WORK = "team_work", _("Team work")
        REPORTING = "reporting", _("Reporting")
        GATHERING = "gathering", _("Gathering")
        OTHER = "other", _("Other")

    # What a phase opens; the admin, the copy of a round's setup and the demo data read this list.
    OPENS_FLAGS = (
        "opens_applications",
        "opens_challenges",
        "opens_questions",
        "opens_offers",
        "opens_evaluation",
        "opens_reporting",
    )

    round = models.ForeignKey(Round, models.CASCADE, related_name="phases", verbose_name=_("round"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    name = models.CharField(
        _("name"), max_length=200, blank=True, help_text=_("Leave empty to use the kind.")
    )
    starts_at = models.DateTimeField(_("starts at"), null=True, blank=True)
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    month_only = models.BooleanField(
        _("only the month is known"), default=False, help_text=_("Shows the dates as month and year.")
    )
    opens_applications = models.BooleanField(_("opens applications"), default=False)
    opens_challenges = models.BooleanField(_("opens challenges"), default=False)
    opens_questions = models.BooleanField(_("opens questions"), default=False)
    opens_offers = models.BooleanField(_("opens offers"), default=False)
    opens_evaluation = models.BooleanField(_("opens evaluation"), default=False)
    opens_reporting = models.BooleanField(_("opens reporting"), default=False)

    objects = PhaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("phase")
        verbose_name_plural = _("phases")
        ordering = ["round", "order"]
        constraints = [
            models.UniqueConstraint(fields=["round", "order"], name="phase_order_per_round"),
            models.CheckConstraint(
                condition=Q(starts_at__isnull=True)
                | Q(ends_at__isnull=True)
                | Q(ends_at__gte=models.F("starts_at")),
                name="phase_ends_after_start",
            ),
        ]

    def __str__(self):
        return self.label

    @property
    def label(self) -> str:
        return self.name or self.get_kind_display()

    @property
    def ends_at_shows_time(self) -> bool:
        """Whether the deadline has a published time of day (not just a date)."""
        return bool(self.ends_at) and not is_whole_day(self.ends_at)

    def is_open_at(self, moment: datetime.datetime) -> bool:
        return bool(self.starts_at and self.ends_at and self.starts_at <= moment < self.ends_at)


class ParticipantQuerySet(models.QuerySet):
    def gnist(self):
        return self.filter(role=Participant.Role.GNIST)

    def follow(self):
        return self.filter(role=Participant.Role.FOLLOW)

    def for_municipality(self, municipality: "Municipality"):
        return self.filter(municipalities=municipality)


class Participant(models.Model):
    """One or more municipalities taking part in a round together, as Gnist or follow municipality."""

    class Role(models.TextChoices):
        GNIST = "gnist", _("Gnist municipality")
        FOLLOW = "follow", _("Follow municipality")

    round = models.ForeignKey(Round, models.CASCADE, related_name="participants", verbose_name=_("round"))
    display_name = models.CharField(_("name"), max_length=200, help_text=_("As the programme published it."))
    municipalities = models.ManyToManyField(
        Municipality, related_name="participations", verbose_name=_("municipalities")
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.GNIST)
    follows = models.ForeignKey(
        "self",
        models.CASCADE,
        null=True,
        blank=True,
        related_name="followers",
        limit_choices_to={"role": Role.GNIST},
        verbose_name=_("follows"),
        help_text=_("The Gnist municipality a follow municipality follows."),
    )
    reason = models.TextField(
        _("reason"), blank=True, help_text=_("Why it follows, e.g. a shared challenge.")
    )
    county_as_published = models.CharField(_("county as published"), max_length=100, blank=True)

    objects = ParticipantQuerySet.as_manager()

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["round", "display_name"]
        constraints = [
            models.UniqueConstraint(fields=["round", "display_name"], name="participant_name_per_round"),
            models.CheckConstraint(
                condition=Q(role="gnist", follows__isnull=True) | Q(role="follow"),
                name="only_follow_participants_follow",
            ),
        ]

    def __str__(self):
        return f"{self.display_name} ({self.round.number})" if self.round_id else self.display_name

    def get_absolute_url(self):
        return self.round.get_absolute_url()

    @property
    def sorted_municipalities(self) -> list["Municipality"]:
        """The municipalities in alphabetical order (uses prefetched municipalities)."""
        return sorted_by_name(self.municipalities.all())

    @property
    def sorted_followers(self) -> list["Participant"]:
        """The follow participants in alphabetical order (uses prefetched followers)."""
        return sorted_by_name(self.followers.all(), lambda participant: participant.display_name)

    @property
    def name_parts(self) -> list[tuple[str, "Municipality | None"]]:
        """The published name split into text and municipalities, to link each one where it is named.

        "Sogndal, Luster og Aurland" gives [("Sogndal", sogndal), (", ", None), ("Luster", luster),
        (" og ", None), ("Aurland", aurland)]. Municipalities the name does not mention follow in
        parentheses. Uses prefetched municipalities.
        """
        municipalities = {m.name: m for m in self.municipalities.all()}
        if not municipalities:
            return [(self.display_name, None)]
        # Longest names first, so that "Nord-Aurdal" is not read as "Aurdal".
        names = sorted(municipalities, key=len, reverse=True)
        pattern = re.compile(r"(?<!\w)(" + "|".join(map(re.escape, names)) + r")(?!\w)")
        parts, position, named = [], 0, set()
        for match in pattern.finditer(self.display_name):
            if match.start() > position:
                parts.append((self.display_name[position : match.start()], None))
            parts.append((match.group(), municipalities[match.group()]))
            named.add(match.group())
            position = match.end()
        if position < len(self.display_name):
            parts.append((self.display_name[position:], None))
        unnamed = sorted_by_name(m for name, m in municipalities.items() if name not in named)
        if unnamed:
            parts.append((" (", None))
            for index, municipality in enumerate(unnamed):
                parts += [(", ", None)] if index else []
                parts.append((municipality.name, municipality))
            parts.append((")", None))
        return parts

    @property
    def county_label(self) -> str:
        """The county as the programme published it, else its first municipality's county (prefetched)."""
        if self.county_as_published:
            return self.county_as_published
        municipalities = self.sorted_municipalities
        return municipalities[0].county.name if municipalities else ""


class MembershipQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(status=Membership.Status.APPROVED)

    def may_ask_again(self):
        """Memberships whose person is off the team and may ask to join again (declined, removed or left)."""
        return self.filter(status__in=Membership.REJOINABLE)

    def pending(self):
        return self.filter(status=Membership.Status.PENDING)

    def approved_or_pending(self):
        """On the team or asking to join: the team page's members and requests, read together."""
        return self.filter(status__in=Membership.ON_TEAM_OR_ASKING)

    def admins(self):
        return self.filter(role=Membership.Role.ADMIN)

    def for_user(self, user):
        return self.filter(user=user) if user.is_authenticated else self.none()


class Membership(models.Model):
    """A person on a municipality's team; only approved members may act for the municipality."""

    class Role(models.TextChoices):
        ADMIN = "admin", _("Administrator")
        EDITOR = "editor", _("Editor")

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting approval")
        APPROVED = "approved", _("Approved")
        DECLINED = "declined", _("Declined")
        REMOVED = "removed", _("Removed")

    # An invitation link to join a team works this many days (the form, the e-mail and the expiry message).
    INVITATION_DAYS = 7

    # Off the team: a declined request, or a member who was removed or left; both may ask to join again.
    REJOINABLE = (Status.DECLINED, Status.REMOVED)
    # On the team or asking to join: what a team page lists.
    ON_TEAM_OR_ASKING = (Status.APPROVED, Status.PENDING)

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="memberships", verbose_name=_("user")
    )
    municipality = models.ForeignKey(
        Municipality, models.CASCADE, related_name="memberships", verbose_name=_("municipality")
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.EDITOR)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = actor_field(_("decided by"))
    removed_at = models.DateTimeField(_("removed at"), null=True, blank=True)
    removed_by = actor_field(_("removed by"))
    role_changed_at = models.DateTimeField(_("role changed at"), null=True, blank=True)
    role_changed_by = actor_field(_("role changed by"))

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["municipality__name", "user__email"]
        constraints = [
            models.UniqueConstraint(fields=["user", "municipality"], name="one_membership_per_municipality")
        ]

    def __str__(self):
        return f"{self.user} – {self.municipality}"


class InvitationQuerySet(models.QuerySet):
    def pending(self, now: datetime.datetime | None = None):
        """Invitations that can still be accepted: not used, not withdrawn, not expired."""
        return self.filter(
            accepted_at__isnull=True, withdrawn_at__isnull=True, expires_at__gt=now or timezone.now()
        )


class Invitation(models.Model):
    """An e-mailed invitation to join a municipality's team; the link carries its id, signed.

    Listed on the team page while pending, so the team's admins see whom they invited and can withdraw it.
    """

    municipality = models.ForeignKey(
        Municipality, models.CASCADE, related_name="invitations", verbose_name=_("municipality")
    )
    email = models.EmailField(_("e-mail address"))
    role = models.CharField(_("role"), max_length=10, choices=Membership.Role.choices)
    invited_by = actor_field(_("invited by"), related_name="invitations_sent")
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"))
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawn_by = actor_field(_("withdrawn by"))

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.email} – {self.municipality}"

    @property
    def role_label(self) -> str:
        return self.get_role_display()


def export_invitations(user) -> list[dict]:
    """The invitations a person sent, for the personal-data download."""
    return [
        {
            "municipality": invitation.municipality.name,
            "email": invitation.email,
            "role": invitation.role,
            "created_at": invitation.created_at.isoformat(),
            "expires_at": invitation.expires_at.isoformat(),
            "accepted_at": invitation.accepted_at.isoformat() if invitation.accepted_at else None,
            "withdrawn_at": invitation.withdrawn_at.isoformat() if invitation.withdrawn_at else None,
        }
        for invitation in user.invitations_sent.select_related("municipality").order_by("created_at")
    ]


def export_memberships(user) -> list[dict]:
    """What the municipalities app holds about a person, for the personal-data download."""
    return [
        {
            "municipality": membership.municipality.name,
            "municipality_number": membership.municipality.number,
            "role": membership.role,
            "status": membership.status,
            "created_at": membership.created_at.isoformat(),
            "decided_at": membership.decided_at.isoformat() if membership.decided_at else None,
            "removed_at": membership.removed_at.isoformat() if membership.removed_at else None,
            "role_changed_at": membership.role_changed_at.isoformat() if membership.role_changed_at else None,
        }
        for membership in user.memberships.select_related("municipality").order_by("created_at")
    ]
