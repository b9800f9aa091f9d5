"""The Police and Crime Panel: members, meetings and their papers, minutes, PCC decisions,
task and finish groups and complaints monitoring.

Who may read what is decided here, once, by the querysets' `visible_to(user)`:
- a meeting's papers (agenda items, reports, attachments, declarations, public questions)
  reach the public and panel members from the agenda's publication date, OPCC staff at once;
- minutes reach them only when published or approved (and never before the papers);
- a restricted decision shows them only its reference, title, priority and date
  (`DecisionPresenter` in presenters.py blanks the rest; `searchable_by` does it in SQL).
"""

import datetime as dt
import re
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone

from core.history import ChangeHistory
from pcc_portal.access import is_opcc_staff
from pcc_portal.identity import choices, site_identity
from pcc_portal.publication import SignOff, SignOffQuerySet, SignOffStatus

from .files import content_type_for, extension_of, paper_upload_to, validate_paper_file

REFERENCE_RE = re.compile(r"^(?P<number>[1-9]\d{0,3})/(?P<year>(19|20)\d\d)$")
REFERENCE_HELP = "The decision's number and year, such as 17/2021."


def parse_reference(reference: str) -> tuple[int, int] | None:
    """(17, 2021) from "17/2021"; None if it is not of that form."""
    match = REFERENCE_RE.match((reference or "").strip())
    if not match:
        return None
    return int(match["number"]), int(match["year"])


# The authorities that appoint councillors to the panel: data (pcc_portal/identity.py).
Authority = models.TextChoices("Authority", choices(site_identity().councils))


class MemberKind(models.TextChoices):
    COUNCILLOR = "councillor", "Councillor"
    INDEPENDENT = "independent", "Independent co-opted member"


class MemberRole(models.TextChoices):
    CHAIR = "chair", "Chair"
    VICE_CHAIR = "vice-chair", "Vice-Chair"
    MEMBER = "member", "Member"


class Member(models.Model):
    """A member of the panel: a councillor appointed by an authority, or an independent."""

    name = models.CharField(max_length=120, unique=True)
    kind = models.CharField(max_length=12, choices=MemberKind.choices)
    authority = models.CharField(
        max_length=30,
        choices=Authority.choices,
        blank=True,
        help_text="The appointing council. Leave empty for an independent co-opted member, "
        "or when the papers do not say.",
    )
    role = models.CharField(max_length=12, choices=MemberRole.choices, default=MemberRole.MEMBER)
    term_start = models.DateField(null=True, blank=True)
    term_end = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(kind=MemberKind.INDEPENDENT) | models.Q(authority=""),
                name="panel_member_independent_has_no_authority",
                violation_error_message="An independent co-opted member has no authority.",
            ),
            models.CheckConstraint(
                condition=models.Q(term_end__isnull=True)
                | models.Q(term_start__isnull=True)
                | models.Q(term_end__gte=models.F("term_start")),
                name="panel_member_term_ends_after_start",
                violation_error_message="A term cannot end before it starts.",
            ),
        ]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        prefix = "Councillor " if self.kind == MemberKind.COUNCILLOR else ""
        return f"{prefix}{self.name}"

    @property
    def represents(self) -> str:
        if self.kind == MemberKind.INDEPENDENT:
            return MemberKind.INDEPENDENT.label
        return self.get_authority_display() or "Authority not recorded"

    def clean(self):
        if self.kind == MemberKind.INDEPENDENT and self.authority:
            raise ValidationError(
                {"authority": "An independent co-opted member is not appointed by a council."}
            )


class Body(models.TextChoices):
    PANEL = "panel", "Police and Crime Panel"
    SCRUTINY = "scrutiny", "Strategic Scrutiny meeting"


class MeetingStatus(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    HELD = "held", "Held"
    CANCELLED = "cancelled", "Cancelled"
    RESCHEDULED = "rescheduled", "Rescheduled"


def papers_published_q(user, prefix: str = "") -> models.Q:
    """THE embargo rule: everyone but OPCC staff sees papers from the publication date on."""
    if is_opcc_staff(user):
        return models.Q()
    return models.Q(
        **{
            f"{prefix}agenda_published_on__isnull": False,
            f"{prefix}agenda_published_on__lte": timezone.localdate(),
        }
    )


class MeetingQuerySet(models.QuerySet):
    def with_papers_visible_to(self, user):
        """Meetings whose papers `user` may read (the meetings themselves are public)."""
        return self.filter(papers_published_q(user))

    def upcoming(self):
        return self.filter(date__gte=timezone.localdate())


class Meeting(models.Model):
    """A meeting of the panel, or the PCC's Strategic Scrutiny meeting with the Chief Constable."""

    body = models.CharField(max_length=10, choices=Body.choices, default=Body.PANEL)
    date = models.DateField()
    time = models.TimeField(null=True, blank=True, help_text="Empty when still to be agreed.")
    venue = models.CharField(max_length=200, blank=True)
    webcast_url = models.URLField(blank=True, verbose_name="webcast link")
    status = models.CharField(
        max_length=12, choices=MeetingStatus.choices, default=MeetingStatus.SCHEDULED
    )
    rescheduled_to = models.DateField(
        null=True, blank=True, help_text="The new date, for a rescheduled meeting."
    )
    agenda_published_on = models.DateField(
        null=True,
        blank=True,
        verbose_name="agenda published on",
        help_text="The papers are public from this date; until then only OPCC staff see them.",
    )
    note = models.TextField(
        blank=True,
        help_text="Public note on the date, e.g. why it was cancelled or “if required”.",
    )
    summary = models.TextField(
        blank=True,
        help_text="What was discussed (used for Strategic Scrutiny meetings); public with the "
        "papers.",
    )

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "body"]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "date"],
                name="panel_meeting_one_per_body_and_date",
                violation_error_message="This body already has a meeting on that date.",
            ),
            models.CheckConstraint(
                condition=models.Q(agenda_published_on__isnull=True)
                | models.Q(agenda_published_on__lte=models.F("date")),
                name="panel_meeting_agenda_published_by_meeting_date",
                violation_error_message="The agenda must be published on or before the "
                "meeting date.",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(status=MeetingStatus.RESCHEDULED, rescheduled_to__isnull=False)
                    | (~models.Q(status=MeetingStatus.RESCHEDULED) & models.Q(rescheduled_to=None))
                ),
                name="panel_meeting_rescheduled_has_new_date",
                violation_error_message="A rescheduled meeting needs its new date, and only "
                "a rescheduled meeting has one.",
            ),
        ]

    def __str__(self):
        return f"{self.get_body_display()}, {self.date:%-d %B %Y}"

    def get_absolute_url(self):
        return reverse("panel:meeting", kwargs={"body": self.body, "date": self.date})

    @property
    def date_passed(self) -> bool:
        """Scheduled for a day now gone, and not yet recorded as held."""
        return self.status == MeetingStatus.SCHEDULED and self.date < timezone.localdate()

    @property
    def starts_at(self) -> dt.datetime | None:
        if self.time is None:
            return None
        return timezone.make_aware(dt.datetime.combine(self.date, self.time))

    @property
    def not_known_label(self) -> str:
        """For an unknown time or venue: still to be agreed, or simply not in the papers."""
        return "To be agreed" if self.status == MeetingStatus.SCHEDULED else "Not recorded"

    @property
    def papers_public(self) -> bool:
        return (
            self.agenda_published_on is not None
            and self.agenda_published_on <= timezone.localdate()
        )

    def papers_visible_to(self, user) -> bool:
        """The embargo for one meeting already loaded; the same rule as papers_published_q."""
        return is_opcc_staff(user) or self.papers_public

    @property
    def is_cancelled(self) -> bool:
        return self.status in (MeetingStatus.CANCELLED, MeetingStatus.RESCHEDULED)

    def clean(self):
        errors = {}
        if self.agenda_published_on and self.date and self.agenda_published_on > self.date:
            errors["agenda_published_on"] = (
                f"The agenda must be published on or before the meeting date "
                f"({self.date:%-d %B %Y}); {self.agenda_published_on:%-d %B %Y} is after it."
            )
        if self.status == MeetingStatus.RESCHEDULED and not self.rescheduled_to:
            errors["rescheduled_to"] = "Give the new date of the rescheduled meeting."
        if self.status != MeetingStatus.RESCHEDULED and self.rescheduled_to:
            errors["rescheduled_to"] = "Only a rescheduled meeting has a new date; clear it."
        if self.is_cancelled and self.pk and Minutes.objects.filter(item__meeting=self).exists():
            errors["status"] = (
                "A cancelled meeting has no minutes: delete this meeting's minutes before "
                "marking it cancelled or rescheduled."
            )
        if errors:
            raise ValidationError(errors)


class AgendaItemQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(papers_published_q(user, "meeting__"))


class AgendaItem(models.Model):
    """One numbered item of a meeting's agenda."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField(help_text="Order on the agenda.")
    number = models.CharField(
        max_length=10, blank=True, help_text="As printed on the agenda, e.g. 5 or 5a."
    )
    title = models.CharField(max_length=250)
    presenter = models.CharField(max_length=120, blank=True)
    description = models.TextField(blank=True, help_text="Text printed under the item, if any.")

    objects = AgendaItemQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "position"],
                name="panel_item_one_per_position",
                violation_error_message="Another item already has that place on the agenda.",
            )
        ]

    def __str__(self):
        return f"{self.label}. {self.title}" if self.label else self.title

    def get_absolute_url(self):
        return f"{self.meeting.get_absolute_url()}#item-{self.position}"

    @property
    def label(self) -> str:
        return self.number or str(self.position)


class ReportQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(papers_published_q(user, "item__meeting__"))


class Report(models.Model):
    """The paper behind an agenda item, written in the admin or attached as files."""

    item = models.OneToOneField(AgendaItem, on_delete=models.CASCADE, related_name="report")
    title = models.CharField(max_length=250)
    contact = models.CharField(max_length=250, blank=True)
    executive_summary = models.TextField(blank=True)
    recommendation = models.TextField(blank=True)
    body = models.TextField(blank=True)

    objects = ReportQuerySet.as_manager()

    class Meta:
        ordering = ["item__meeting", "item__position"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return self.item.get_absolute_url()


class AttachmentQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(papers_published_q(user, "report__item__meeting__"))


class PaperFile(models.Model):
    """An uploaded file (PDF, DOCX, XLSX or CSV), served only through a checking view."""

    title = models.CharField(max_length=200)
    file = models.FileField(upload_to=paper_upload_to, validators=[validate_paper_file])
    original_name = models.CharField(max_length=255, blank=True, editable=False)

    class Meta:
        abstract = True

    def __str__(self):
        return self.title

    def clean(self):
        # The stored name is random; keep the name the officer uploaded for the download.
        if self.file and not getattr(self.file, "_committed", True):
            self.original_name = PurePath(self.file.name).name[:255]

    @property
    def content_type(self) -> str:
        return content_type_for(self.original_name or self.file.name)

    @property
    def extension(self) -> str:
        return extension_of(self.original_name or self.file.name).upper()


class Attachment(PaperFile):
    """A file of a report: PDF, DOCX, XLSX or CSV, served only through the download view."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="attachments")
    position = models.PositiveSmallIntegerField(default=1)

    objects = AttachmentQuerySet.as_manager()

    class Meta:
        ordering = ["report", "position", "title"]

    def get_absolute_url(self):
        return reverse("panel:attachment", kwargs={"pk": self.pk})


class MinutesStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published (draft, for approval)"
    APPROVED = "approved", "Approved"


class MinutesQuerySet(models.QuerySet):
    def visible_to(self, user):
        if is_opcc_staff(user):
            return self
        return self.filter(
            papers_published_q(user, "item__meeting__"),
            status__in=[MinutesStatus.PUBLISHED, MinutesStatus.APPROVED],
        )


class Minutes(models.Model):
    """The minute of one agenda item, ending with its resolution (“RESOLVED –”)."""

    item = models.OneToOneField(AgendaItem, on_delete=models.CASCADE, related_name="minutes")
    text = models.TextField(blank=True)
    resolution = models.TextField(
        blank=True, help_text="The text after “RESOLVED –”, without those words."
    )
    status = models.CharField(
        max_length=10, choices=MinutesStatus.choices, default=MinutesStatus.DRAFT
    )
    approved_at = models.ForeignKey(
        Meeting,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="approved_minutes",
        help_text="The meeting at which these minutes were agreed as a correct record.",
    )
    history = ChangeHistory()

    objects = MinutesQuerySet.as_manager()

    class Meta:
        ordering = ["item__meeting", "item__position"]
        verbose_name_plural = "minutes"

    def __str__(self):
        return f"Minutes: {self.item}"

    def clean(self):
        meeting = self.item.meeting if self.item_id else None
        if meeting is not None and meeting.is_cancelled:
            raise ValidationError(
                f"{meeting} was {meeting.get_status_display().lower()}: a cancelled meeting "
                "has no minutes."
            )
        if self.status == MinutesStatus.APPROVED and self.approved_at_id is None:
            raise ValidationError(
                {"approved_at": "Say at which meeting the minutes were approved."}
            )


class AttendanceKind(models.TextChoices):
    PRESENT = "present", "Present"
    APOLOGIES = "apologies", "Apologies"
    IN_ATTENDANCE = "in-attendance", "Also in attendance"


class Attendance(models.Model):
    """Who was present, who sent apologies, and who else attended (officers, the PCC)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    kind = models.CharField(max_length=14, choices=AttendanceKind.choices)
    member = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.PROTECT, related_name="attendance"
    )
    name = models.CharField(max_length=120, blank=True, help_text="For people who are not members.")
    capacity = models.CharField(
        max_length=120, blank=True, help_text="e.g. Police and Crime Commissioner, Secretary."
    )
    position = models.PositiveSmallIntegerField(default=1)

    class Meta:
        ordering = ["meeting", "kind", "position"]
        verbose_name_plural = "attendance"
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "member"],
                name="panel_attendance_member_once_per_meeting",
                violation_error_message="This member is already recorded for this meeting.",
            ),
            models.CheckConstraint(
                condition=models.Q(member__isnull=False) | ~models.Q(name=""),
                name="panel_attendance_member_or_name",
                violation_error_message="Choose a member or type the person's name.",
            ),
        ]

    def __str__(self):
        return self.person

    @property
    def person(self) -> str:
        return self.member.display_name if self.member_id else self.name


class Declaration(models.Model):
    """A member's declaration of interest at a meeting."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="declarations")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="declarations")
    item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    interest = models.TextField(help_text="The interest declared, as minuted.")

    class Meta:
        ordering = ["meeting", "member__name"]

    def __str__(self):
        return f"{self.member}: {self.interest[:60]}"


class PublicQuestion(models.Model):
    """A question from a member of the public and the answer given."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="public_questions")
    asked_by = models.CharField(max_length=120, help_text="As minuted (name or “a resident”).")
    question = models.TextField()
    answer = models.TextField(blank=True)

    class Meta:
        ordering = ["meeting", "pk"]

    def __str__(self):
        return f"Question from {self.asked_by}"


class DecisionScope(models.TextChoices):
    PRIORITY = "priority", "A Police and Crime Plan priority"
    ALL = "all", "All priorities"
    GOVERNANCE = "governance", "Governance"


class DecisionMaker(models.TextChoices):
    PCC = "pcc", "Police and Crime Commissioner"
    DIRECTOR = "director", "Director under delegated authority"


# What the public and panel members never read of a restricted decision.
RESTRICTED_FIELDS = ("summary", "reasons", "notes")


class DecisionQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Every decision is listed for everyone; the presenter hides restricted content."""
        return self

    def searchable_by(self, user):
        """Annotates search_title/search_summary/search_reasons/search_notes with only the
        text `user` may read, so a search can never find a decision by hidden words."""
        if is_opcc_staff(user):
            return self.annotate(
                search_title=models.F("title"),
                search_summary=models.F("summary"),
                search_reasons=models.F("reasons"),
                search_notes=models.F("notes"),
            )
        hidden = models.Value("")

        def unless(condition, field):
            return models.Case(
                models.When(condition, then=hidden),
                default=models.F(field),
                output_field=models.TextField(),
            )

        restricted = models.Q(restricted=True)
        return self.annotate(
            search_title=unless(models.Q(withhold_title=True), "title"),
            search_summary=unless(restricted, "summary"),
            search_reasons=unless(restricted, "reasons"),
            search_notes=unless(restricted, "notes"),
        )


class Decision(models.Model):
    """A decision of the PCC (or of the Director under delegation), as in the decisions log."""

    reference = models.CharField(
        max_length=12,
        unique=True,
        help_text=REFERENCE_HELP,
        validators=[
            RegexValidator(
                REFERENCE_RE,
                message="Enter the reference as number/year, such as 17/2021.",
            )
        ],
        error_messages={"unique": "There is already a decision with this reference."},
    )
    # Copies of the reference's parts, for ordering and the per-year uniqueness rule.
    number = models.PositiveSmallIntegerField(editable=False)
    year = models.PositiveSmallIntegerField(editable=False)
    title = models.CharField(max_length=250)
    scope = models.CharField(
        max_length=12,
        choices=DecisionScope.choices,
        default=DecisionScope.PRIORITY,
        verbose_name="PCC priority",
    )
    priority = models.ForeignKey(
        "performance.Priority",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="decisions",
        help_text="Only when the decision serves one plan priority.",
    )
    decided_on = models.DateField(verbose_name="date of decision")
    decision_maker = models.CharField(
        max_length=10, choices=DecisionMaker.choices, default=DecisionMaker.PCC
    )
    summary = models.TextField(blank=True)
    reasons = models.TextField(blank=True)
    notes = models.TextField(blank=True)
    restricted = models.BooleanField(
        default=False,
        help_text="The public and panel members see only the reference, title, priority and "
        "date, marked “Restricted”.",
    )
    withhold_title = models.BooleanField(
        default=False,
        help_text="Also hide the title: shown as “Restricted decision”. Needs “restricted”.",
    )
    history = ChangeHistory()

    objects = DecisionQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "number"],
                name="panel_decision_number_unique_per_year",
                violation_error_message="There is already a decision with this number this year.",
            ),
            models.CheckConstraint(
                condition=models.Q(withhold_title=False) | models.Q(restricted=True),
                name="panel_decision_withheld_title_is_restricted",
                violation_error_message="Only a restricted decision can have its title withheld.",
            ),
            models.CheckConstraint(
                condition=models.Q(scope=DecisionScope.PRIORITY) | models.Q(priority__isnull=True),
                name="panel_decision_priority_only_for_priority_scope",
                violation_error_message="Choose a priority only for a decision on one priority.",
            ),
        ]

    def __str__(self):
        return f"{self.reference} {self.title}"

    def save(self, *args, **kwargs):
        # The number and year always follow the reference, whoever saves.
        parsed = parse_reference(self.reference)
        if parsed:
            self.number, self.year = parsed
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("panel:decision", kwargs={"year": self.year, "number": self.number})

    @property
    def priority_label(self) -> str:
        if self.scope == DecisionScope.PRIORITY:
            return self.priority.title if self.priority_id else "Priority not recorded"
        return self.get_scope_display()

    def clean(self):
        errors = {}
        parsed = parse_reference(self.reference)
        if parsed:
            self.number, self.year = parsed
            clash = Decision.objects.filter(year=self.year, number=self.number)
            if self.pk:
                clash = clash.exclude(pk=self.pk)
            if clash.exists():
                errors["reference"] = (
                    f"Decision {self.number}/{self.year} already exists: each number is "
                    "used once a year."
                )
        if self.withhold_title and not self.restricted:
            errors["withhold_title"] = "Only a restricted decision can have its title withheld."
        if self.scope == DecisionScope.PRIORITY and not self.priority_id:
            errors["priority"] = (
                "Choose the plan priority, or set the PCC priority to “All priorities” or "
                "“Governance”."
            )
        if self.scope != DecisionScope.PRIORITY and self.priority_id:
            errors["priority"] = "Leave the priority empty for “All priorities” or “Governance”."
        if errors:
            raise ValidationError(errors)

    # clean() explains a clash of number and year on the reference field; the unique index
    # and constraint still stop a clash that bypasses the form, but are not said twice here.
    def validate_unique(self, exclude=None):
        super().validate_unique(exclude=set(exclude or ()) | {"reference", "number", "year"})

    def validate_constraints(self, exclude=None):
        super().validate_constraints(exclude=set(exclude or ()) | {"number", "year"})


class DecisionDocumentQuerySet(models.QuerySet):
    def visible_to(self, user):
        if is_opcc_staff(user):
            return self
        return self.filter(decision__restricted=False)


class DecisionDocument(PaperFile):
    """A decision notice or supporting paper; hidden with the decision when restricted."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="documents")

    objects = DecisionDocumentQuerySet.as_manager()

    class Meta:
        ordering = ["decision", "title"]

    def get_absolute_url(self):
        return reverse("panel:decision_document", kwargs={"pk": self.pk})


class GroupStatus(models.TextChoices):
    FORMING = "forming", "Seeking members"
    ACTIVE = "active", "Active"
    REPORTED = "reported", "Reported"
    CLOSED = "closed", "Closed"


class TaskGroup(models.Model):
    """A task and finish group of panel members looking into one subject."""

    title = models.CharField(max_length=200)
    year = models.CharField(max_length=7, help_text="Municipal year, e.g. 2021/22.")
    remit = models.TextField(blank=True)
    members = models.ManyToManyField(Member, blank=True, related_name="task_groups")
    places = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="How many members the group is to have."
    )
    status = models.CharField(
        max_length=10, choices=GroupStatus.choices, default=GroupStatus.FORMING
    )
    report_due = models.DateField(null=True, blank=True)
    outcome = models.TextField(blank=True)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["-year", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "title"], name="panel_task_group_unique_per_year"
            )
        ]

    def __str__(self):
        return f"{self.title} ({self.year})"


class ComplaintReturn(models.Model):
    """Complaints about the PCC received in a period and where they stand. Counts only:
    no complainant, no subject, nothing personal."""

    period_start = models.DateField()
    period_end = models.DateField()
    reported_at = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    being_assessed = models.PositiveSmallIntegerField(default=0)
    resolved_informally = models.PositiveSmallIntegerField(default=0)
    referred_to_iopc = models.PositiveSmallIntegerField(default=0, verbose_name="referred to IOPC")
    no_further_action = models.PositiveSmallIntegerField(default=0)
    withdrawn = models.PositiveSmallIntegerField(default=0)
    note = models.TextField(blank=True)

    STATUS_FIELDS = (
        "being_assessed",
        "resolved_informally",
        "referred_to_iopc",
        "no_further_action",
        "withdrawn",
    )

    class Meta:
        ordering = ["-period_end"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="panel_complaints_period_ends_after_start",
                violation_error_message="The period cannot end before it starts.",
            ),
            models.UniqueConstraint(
                fields=["period_start", "period_end"], name="panel_complaints_one_per_period"
            ),
        ]

    def __str__(self):
        return f"Complaints {self.period_start:%-d %B %Y} to {self.period_end:%-d %B %Y}"

    @property
    def received(self) -> int:
        """Computed from the statuses, so the total can never disagree with its parts."""
        return sum(getattr(self, name) for name in self.STATUS_FIELDS)

    @property
    def status_counts(self) -> list[tuple[str, int]]:
        return [
            (self._meta.get_field(name).verbose_name.capitalize(), getattr(self, name))
            for name in self.STATUS_FIELDS
        ]


# --- Composed papers ------------------------------------------------------------------------
#
# A panel paper as officers write it: a cover (body, meeting, title, contact, executive
# summary, recommendation, period covered), then ordered sections — narrative in Markdown or
# figures drawn live from the published data — and a signature. It goes through the same
# sign-off as figures: an officer writes it (draft), the performance lead verifies it and
# then publishes it, never their own. Only a published paper reaches the public and panel
# members, and then only once its meeting's papers are published.


class PaperKind(models.TextChoices):
    PERFORMANCE = "performance", "Performance Monitoring Report"
    PCC_UPDATE = "pcc_update", "PCC Update Report"
    PLAN = "plan", "Police and Crime Plan"
    OTHER = "other", "Other paper"


# The figures' own sign-off states: a paper is signed off as a figure is.
PaperStatus = SignOffStatus


class PaperQuerySet(SignOffQuerySet):
    def visible_to(self, user, *, show_drafts: bool = False):
        """OPCC staff who ask see every paper but the withdrawn; everyone else a published paper
        whose meeting's papers are public (or that belongs to no meeting)."""
        if show_drafts and is_opcc_staff(user):
            return super().visible_to(user, show_drafts=True)
        return self.published()._papers_public_to(user)

    def withdrawn_visible_to(self, user):
        """Withdrawn papers where readers saw them: their pages say when and why."""
        return self.withdrawn()._papers_public_to(user)

    def _papers_public_to(self, user):
        if is_opcc_staff(user):
            return self
        return self.filter(
            models.Q(item__isnull=True) | papers_published_q(user, "item__meeting__")
        )


def validate_pdf(upload) -> None:
    validate_paper_file(upload)
    if extension_of(getattr(upload, "name", "") or "") != "PDF":
        raise ValidationError("Only a PDF can be printed in the pack as the paper itself.")


class Paper(SignOff):
    """A panel paper composed of ordered sections, with its cover and signature, signed off as
    figures are (pcc_portal.publication)."""

    kind = models.CharField(max_length=12, choices=PaperKind.choices, default=PaperKind.OTHER)
    title = models.CharField(max_length=250)
    item = models.OneToOneField(
        AgendaItem,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="paper",
        verbose_name="agenda item",
        help_text="The meeting's agenda item this paper is for: it becomes that item's pages "
        "in the Public Document Pack.",
    )
    body_name = models.CharField(
        max_length=120, default="Police and Crime Panel", verbose_name="body"
    )
    period_start = models.DateField(
        null=True, blank=True, help_text="First day of the period the paper reports on."
    )
    period_end = models.DateField(
        null=True, blank=True, help_text="Last day of the period: the figures are as at then."
    )
    contact_name = models.CharField(max_length=120, blank=True)
    contact_phone = models.CharField(max_length=40, blank=True)
    contact_organisation = models.CharField(
        max_length=160, blank=True, default="Office of the Police and Crime Commissioner"
    )
    contact_email = models.EmailField(blank=True)
    executive_summary = models.TextField(blank=True, help_text="Markdown, as the sections.")
    recommendation = models.TextField(blank=True, help_text="Markdown, as the sections.")
    signatory_name = models.CharField(max_length=120, blank=True)
    signatory_role = models.CharField(max_length=120, blank=True)
    document = models.FileField(
        upload_to=paper_upload_to,
        validators=[validate_pdf],
        blank=True,
        help_text="An uploaded PDF printed after the sections (for example the Police and "
        "Crime Plan itself).",
    )
    updated_at = models.DateTimeField(auto_now=True)
    history = ChangeHistory()

    objects = PaperQuerySet.as_manager()

    class Meta:
        ordering = ["-period_end", "title"]
        permissions = [("publish_paper", "Can verify and publish panel papers")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_start__isnull=True, period_end__isnull=True)
                | models.Q(period_end__gt=models.F("period_start")),
                name="panel_paper_period_end_after_start",
                violation_error_message="The period covered must end after it starts.",
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("panel:paper", kwargs={"pk": self.pk})

    def clean(self):
        errors = {}
        if (self.period_start is None) != (self.period_end is None):
            errors["period_end"] = "Give both the first and the last day of the period covered."
        elif self.period_start and self.period_end and self.period_end <= self.period_start:
            errors["period_end"] = "The period covered must end after it starts."
        else:
            from .papers.validation import paper_context, text_errors

            context = paper_context(self)
            for name in ("executive_summary", "recommendation"):
                found = text_errors(getattr(self, name), context)
                if found:
                    errors[name] = found
        if errors:
            raise ValidationError(errors)

    @property
    def meeting(self) -> "Meeting | None":
        return self.item.meeting if self.item_id else None


class SectionKind(models.TextChoices):
    NARRATIVE = "narrative", "Narrative"
    FIGURES = "figures", "Figures"


class HeadingLevel(models.IntegerChoices):
    SECTION = 2, "Section heading"
    SUB_SECTION = 3, "Sub-heading"


class PaperSection(models.Model):
    """One section of a paper, in order: a heading and either Markdown text or figures."""

    paper = models.ForeignKey(Paper, on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveSmallIntegerField(default=1)
    kind = models.CharField(
        max_length=10, choices=SectionKind.choices, default=SectionKind.NARRATIVE
    )
    heading = models.CharField(max_length=200, blank=True)
    heading_level = models.PositiveSmallIntegerField(
        choices=HeadingLevel.choices, default=HeadingLevel.SECTION
    )
    text = models.TextField(
        blank=True,
        help_text="Markdown: numbered paragraphs (“1.” each: the paper numbers them in "
        "order), “###” sub-headings, “-” bullets, simple | tables. A figure is written "
        "{{ measure-code.change }} (also .value, .previous, .period, .target, .assessment; "
        "add @quarter or @year after the code for that basis).",
    )
    figure = models.CharField(
        max_length=40, blank=True, help_text="For a figures section: what it shows."
    )
    subject = models.CharField(
        max_length=80,
        blank=True,
        help_text="For a figures section: the priority, measure or fund code it shows.",
    )
    history = ChangeHistory()

    class Meta:
        ordering = ["paper", "position", "pk"]

    def __str__(self):
        return self.heading or self.get_kind_display()

    def clean(self):
        from .papers.validation import section_errors

        errors = section_errors(self)
        if errors:
            raise ValidationError(errors)


class QuestionStatus(models.TextChoices):
    RAISED = "raised", "Raised"
    ANSWERED = "answered", "Answered"
    PUBLISHED = "published", "Published"


class QuestionQuerySet(models.QuerySet):
    def published(self):
        """Published questions, never one about a restricted decision: its question could
        tell what the decision withholds."""
        return self.filter(status=QuestionStatus.PUBLISHED).exclude(decision__restricted=True)

    def visible_to(self, user):
        """OPCC staff see every question; everyone else the published ones only."""
        return self if is_opcc_staff(user) else self.published()

    def open(self):
        """Raised and not yet answered, or answered and not yet published: staff's work."""
        return self.exclude(status=QuestionStatus.PUBLISHED)


class Question(models.Model):
    """A panel member's question to the Commissioner about a measure, a decision or a paper,
    for the next meeting. OPCC staff record the answer; once published, the question and its
    answer appear on the measure's or decision's page and in the meeting's document pack."""

    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="questions",
        help_text="The meeting the question is for.",
    )
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="panel_questions"
    )
    raised_on = models.DateField(default=timezone.localdate)
    measure = models.ForeignKey(
        "performance.Measure",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="panel_questions",
    )
    decision = models.ForeignKey(
        "Decision", on_delete=models.CASCADE, null=True, blank=True, related_name="questions"
    )
    report = models.ForeignKey(
        Report, on_delete=models.CASCADE, null=True, blank=True, related_name="questions"
    )
    text = models.TextField("question", max_length=2000)
    answer = models.TextField("the Commissioner's answer", max_length=5000, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    answered_on = models.DateField(null=True, blank=True)
    status = models.CharField(
        max_length=10, choices=QuestionStatus.choices, default=QuestionStatus.RAISED
    )

    objects = QuestionQuerySet.as_manager()

    class Meta:
        ordering = ["-raised_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(measure__isnull=False, decision__isnull=True, report__isnull=True)
                    | models.Q(measure__isnull=True, decision__isnull=False, report__isnull=True)
                    | models.Q(measure__isnull=True, decision__isnull=True, report__isnull=False)
                ),
                name="question_about_one_thing",
                violation_error_message="A question is about one measure, decision or paper.",
            ),
            models.CheckConstraint(
                condition=models.Q(status=QuestionStatus.RAISED) | ~models.Q(answer=""),
                name="question_answered_has_answer",
                violation_error_message="An answered question needs the answer.",
            ),
        ]

    def __str__(self):
        return f"Question about {self.subject} ({self.raised_on:%-d %B %Y})"

    @property
    def subject(self):
        return self.measure or self.decision or self.report

    @property
    def subject_label(self) -> str:
        if self.measure_id:
            return f"the measure “{self.measure}”"
        if self.decision_id:
            return f"decision {self.decision.reference}"
        return f"the paper “{self.report.title}”"

    @property
    def subject_url(self) -> str:
        return self.subject.get_absolute_url()
