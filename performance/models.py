"""The performance domain: plans, priorities, measures, areas, observations and commentary."""

import re
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models.functions import Floor
from django.urls import reverse
from django.utils import timezone

from core.history import ChangeHistory
from core.periods import FINANCIAL_YEAR, MONTH, QUARTER, ROLLING_12_MONTHS, Period, PeriodFields
from pcc_portal.publication import (
    SignOff,
    SignOffQuerySet,
    SignOffStatus,
    signoff_permissions,
    user_key,
)


class Plan(models.Model):
    """A Police and Crime Plan: the commissioner's priorities for a term of office."""

    code = models.SlugField(max_length=40, unique=True)
    title = models.CharField(max_length=200)
    start = models.DateField()
    end = models.DateField()

    class Meta:
        ordering = ["-start"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gt=models.F("start")),
                name="plan_end_after_start",
                violation_error_message="A plan must end after it starts.",
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("performance:plan", kwargs={"plan": self.code})

    @property
    def term(self) -> str:
        """The years a reader knows the plan by: 2021–25."""
        return f"{self.start.year}–{self.end.year % 100:02d}"


class Priority(models.Model):
    """A priority of a plan. What the PCC commits to and holds the force to account for are
    its `commitments` (performance.delivery)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="priorities")
    code = models.SlugField(max_length=80)
    title = models.CharField(max_length=200)
    position = models.PositiveSmallIntegerField(default=1)
    summary = models.TextField(blank=True)

    class Meta:
        ordering = ["plan", "position", "title"]
        verbose_name_plural = "priorities"
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="priority_code_unique_in_plan")
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse(
            "performance:priority", kwargs={"plan": self.plan.code, "priority": self.code}
        )

    @property
    def title_with_plan(self) -> str:
        """The title where priorities of several plans are listed together."""
        return f"{self.title} ({self.plan.term} plan)"


class Unit(models.TextChoices):
    COUNT = "count", "Count"
    PERCENTAGE = "percentage", "Percentage"
    MINUTES = "minutes", "Minutes"
    SECONDS = "seconds", "Seconds"
    MONEY = "money", "£ million"
    RATE = "rate", "Rate"


class Direction(models.TextChoices):
    UP = "up", "Higher is better"
    DOWN = "down", "Lower is better"
    NEITHER = "neither", "Neither (demand measure)"


class Frequency(models.TextChoices):
    MONTH = "month", "Monthly"
    QUARTER = "quarter", "Quarterly"
    YEAR = "year", "Annual or rolling 12 months"


# The kinds of period a measure takes figures for, by the frequency it is reported at. The
# published papers give quarterly measures' figures for months, quarters and 12 months alike, and
# annual measures' figures for quarters too; an annual measure's monthly figure is a slip.
# Periods that are not a whole month, quarter or year are taken with a warning (quality.py).
FREQUENCY_ACCEPTS = {
    Frequency.MONTH: (MONTH, QUARTER, FINANCIAL_YEAR, ROLLING_12_MONTHS),
    Frequency.QUARTER: (MONTH, QUARTER, FINANCIAL_YEAR, ROLLING_12_MONTHS),
    Frequency.YEAR: (QUARTER, FINANCIAL_YEAR, ROLLING_12_MONTHS),
}
FREQUENCY_WORDS = {
    Frequency.MONTH: "monthly",
    Frequency.QUARTER: "quarterly",
    Frequency.YEAR: "for a financial year or rolling 12 months",
}
KIND_PLURALS = {
    MONTH: "months",
    QUARTER: "quarters",
    FINANCIAL_YEAR: "financial years",
    ROLLING_12_MONTHS: "rolling 12 months",
}
# What an officer types for each unit, shown beside every value box.
UNIT_HINTS = {
    "count": "count: a whole number",
    "percentage": "%: 0 to 100, so 83.8 for 83.8%",
    "minutes": "minutes",
    "seconds": "seconds",
    "money": "£ million: 108.7 for £108.7m",
    "rate": "rate",
}


class TargetOperator(models.TextChoices):
    LT = "<", "less than"
    LTE = "<=", "at most"
    GT = ">", "more than"
    GTE = ">=", "at least"


class MeasureQuerySet(models.QuerySet):
    def of_priority(self, priority):
        """The priority's measures in the order the plan lists them."""
        return self.filter(priority_links__priority=priority).in_plan_order()

    def in_plan_order(self):
        """Ordered by place in the plan; for a queryset limited to one priority's links (a
        filter on one priority, or a prefetch of `Priority.measures`), whose join it reuses."""
        return self.order_by("priority_links__position", "name")


class Measure(models.Model):
    """Something counted or rated, such as All crime or 999 calls answered within 10 s (%)."""

    code = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=200)
    unit = models.CharField(max_length=12, choices=Unit.choices, default=Unit.COUNT)
    decimal_places = models.PositiveSmallIntegerField(default=0)
    direction_of_good = models.CharField(
        max_length=8, choices=Direction.choices, default=Direction.NEITHER
    )
    frequency = models.CharField(max_length=8, choices=Frequency.choices, default=Frequency.YEAR)
    target_operator = models.CharField(
        max_length=2, choices=TargetOperator.choices, blank=True, default=""
    )
    target_value = models.DecimalField(max_digits=16, decimal_places=4, null=True, blank=True)
    tolerance = models.DecimalField(
        "similar within",
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
        help_text="A change no larger than this reads “Similar”, neither better nor worse: in "
        "percentage points for a percentage (1 = 1 pp), in per cent of last year's figure for "
        "a count, money or rate (2 = 2%), in the measure's unit otherwise. Empty: every change "
        "counts.",
    )
    source = models.CharField(max_length=120, blank=True)
    notes = models.TextField(blank=True)
    priorities = models.ManyToManyField(
        Priority, through="PriorityMeasure", related_name="measures", blank=True
    )
    # A total such as All crime may declare the measures it is the sum of, so a quality check
    # can warn when the figures entered for one period do not add up.
    parts = models.ManyToManyField(
        "self",
        symmetrical=False,
        related_name="totals",
        blank=True,
        verbose_name="is the sum of",
        help_text="The measures that add up to this one, for the same area and period.",
    )

    objects = MeasureQuerySet.as_manager()
    history = ChangeHistory()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(target_operator="", target_value__isnull=True)
                    | (~models.Q(target_operator="") & models.Q(target_value__isnull=False))
                ),
                name="measure_target_needs_operator_and_value",
                violation_error_message="A target needs both an operator and a value.",
            ),
            models.CheckConstraint(
                condition=models.Q(decimal_places__lte=4),
                name="measure_decimal_places_at_most_4",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("performance:measure", kwargs={"measure": self.code})

    @property
    def unit_hint(self) -> str:
        return UNIT_HINTS.get(self.unit, self.get_unit_display())

    def period_problem(self, period: Period) -> str:
        """Why the measure takes no figure for `period`, or "" if it does; one message for
        the admin, the grid and every import."""
        if period.end <= period.start:
            return "The period must end after it starts."
        accepted = FREQUENCY_ACCEPTS.get(self.frequency, ())
        if period.kind == "other" or period.kind in accepted:
            return ""
        kinds = ", ".join(KIND_PLURALS[kind] for kind in accepted)
        return (
            f"{period.label} ({period.kind_label.lower()}) is not a period “{self.name}” takes: "
            f"it is reported {FREQUENCY_WORDS[self.frequency]} and takes figures for {kinds}."
        )

    @property
    def has_target(self) -> bool:
        return bool(self.target_operator) and self.target_value is not None

    @property
    def target_text(self) -> str:
        if not self.has_target:
            return ""
        from core.formatting import format_target

        target = format_target(self.unit, self.target_value, self.decimal_places)
        return f"{self.target_operator} {target}"


class PriorityMeasure(models.Model):
    """A measure's place among a priority's measures: the order in which the plan lists them,
    which every page, grid and report follows (ties, such as measures just added, by name)."""

    priority = models.ForeignKey(Priority, on_delete=models.CASCADE, related_name="measure_links")
    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="priority_links")
    position = models.PositiveSmallIntegerField(
        default=0, help_text="Measures are listed from the lowest number up."
    )

    class Meta:
        ordering = ["priority", "position", "measure__name"]
        verbose_name = "measure of a priority"
        verbose_name_plural = "measures of the priority, in the plan's order"
        constraints = [
            models.UniqueConstraint(
                fields=["priority", "measure"],
                name="priority_measure_once",
                violation_error_message="The measure is already listed under this priority.",
            )
        ]

    def __str__(self):
        return f"{self.priority}: {self.measure}"


class AreaKind(models.TextChoices):
    FORCE = "force", "Force"
    DIVISION = "division", "Division (BCU)"
    DISTRICT = "district", "District (Community Safety Partnership)"
    REGION = "region", "Region"
    MSG = "msg", "Most similar group"
    COUNTRY = "country", "Country"
    NATIONAL = "national", "National"


class AreaQuerySet(models.QuerySet):
    def home_force(self):
        """The force the portal reports on: the one whose ONS code is the HOME_FORCE setting."""
        return self.filter(ons_code=settings.HOME_FORCE).first()


class Area(models.Model):
    """Where a figure is counted: a force, a division, a district, a region or a nation.

    Areas that official statistics publish carry their ONS (GSS) code, which is how every
    import finds them; a district belongs to its force (`parent`), a force to its region.
    """

    code = models.SlugField(max_length=20, unique=True)
    name = models.CharField(max_length=120)
    kind = models.CharField(max_length=10, choices=AreaKind.choices)
    ons_code = models.CharField(
        "ONS code",
        max_length=9,
        blank=True,
        default="",
        help_text="The Government Statistical Service code, e.g. E23000003 for a force.",
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
        help_text="The force of a district; the region of a force.",
    )
    position = models.PositiveSmallIntegerField(default=10)

    objects = AreaQuerySet.as_manager()

    class Meta:
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["ons_code"],
                condition=~models.Q(ons_code=""),
                name="area_ons_code_unique",
                violation_error_message="Another area already has this ONS code.",
            )
        ]

    def __str__(self):
        return self.name


class PeerGroup(models.Model):
    """A named set of forces the home force is compared with, such as its Most Similar Group.

    Officers maintain the members; the portal adds up their figures and ranks the force among
    them, so no group figure is ever typed in.
    """

    name = models.CharField(max_length=120, unique=True)
    description = models.TextField(blank=True)
    members = models.ManyToManyField(
        Area, related_name="peer_groups", limit_choices_to={"kind": AreaKind.FORCE}
    )
    is_default = models.BooleanField(
        default=False, help_text="The group the dashboards and measure pages rank the force in."
    )

    class Meta:
        ordering = ["-is_default", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"],
                condition=models.Q(is_default=True),
                name="peer_group_one_default",
                violation_error_message="Only one peer group can be the default.",
            )
        ]

    def __str__(self):
        return self.name


def period_ends_after_start(name: str, message: str = "The period must end after it starts."):
    """The database's own check that a record's period (`period_start` to `period_end`) ends
    after it starts, as every form and import also checks it."""
    return models.CheckConstraint(
        condition=models.Q(period_end__gt=models.F("period_start")),
        name=name,
        violation_error_message=message,
    )


# A figure's sign-off is the one every signed-off record shares (pcc_portal.publication).
Status = SignOffStatus


class ObservationQuerySet(SignOffQuerySet):
    pass


class Observation(PeriodFields, SignOff):
    """One value of one measure for one area and period, on its way from draft to published;
    a published one is withdrawn with a reason, never deleted."""

    measure = models.ForeignKey(Measure, on_delete=models.PROTECT, related_name="observations")
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="observations")
    period_start = models.DateField(
        help_text="The first day of the period: 1/1/2021 for Q4 2020/21 (January to March)."
    )
    period_end = models.DateField(
        help_text="The last day of the period: 31/3/2021 for Q4 2020/21 or for the 12 months "
        "to March 2021."
    )
    value = models.DecimalField(
        max_digits=16,
        decimal_places=4,
        help_text="In the measure's unit: a count as a whole number, a percentage as 83.8, "
        "money in £ million (108.7), times in minutes or seconds.",
    )
    # A copy of the measure's unit so the database itself can check the value's range.
    unit = models.CharField(max_length=12, choices=Unit.choices, editable=False)
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # The data-quality warnings the lead saw and accepted when publishing (see quality.py).
    quality_warnings = models.TextField(blank=True, editable=False)
    quality_acknowledged_by = user_key(editable=False)
    quality_acknowledged_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Set when the performance lead sends a draft back to its author instead of verifying it;
    # cleared when the figure is changed or verified.
    returned_reason = models.TextField(blank=True, editable=False)
    returned_by = user_key(editable=False)
    returned_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = ObservationQuerySet.as_manager()
    history = ChangeHistory()

    class Meta:
        ordering = ["measure", "area", "-period_end"]
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "area", "period_start", "period_end"],
                name="observation_one_value_per_measure_area_period",
                violation_error_message=(
                    "There is already a value for this measure, area and period."
                ),
            ),
            period_ends_after_start("observation_period_end_after_start"),
            models.CheckConstraint(
                condition=~models.Q(unit=Unit.PERCENTAGE) | models.Q(value__gte=0, value__lte=100),
                name="observation_percentage_between_0_and_100",
                violation_error_message="A percentage must lie between 0 and 100.",
            ),
            models.CheckConstraint(
                condition=~models.Q(unit=Unit.COUNT)
                | (models.Q(value__gte=0) & models.Q(value=Floor(models.F("value")))),
                name="observation_count_is_whole_and_not_negative",
                violation_error_message="A count must be a whole number of zero or more.",
            ),
            models.CheckConstraint(
                condition=~models.Q(unit__in=[Unit.MINUTES, Unit.SECONDS, Unit.RATE])
                | models.Q(value__gte=0),
                name="observation_time_or_rate_not_negative",
                violation_error_message="A time or a rate cannot be negative.",
            ),
        ]
        indexes = [
            models.Index(fields=["measure", "area", "status", "period_end"]),
            # The figures list and its exports read newest first (measure_observations). Without
            # this, every page sorted all 468,000 published figures of the bench data set to
            # show 100 (EXPLAIN ANALYZE, PostgreSQL 15, LIMIT 100, at a load average of 4.8):
            #   Limit -> Gather Merge -> Sort (top-N heapsort) -> Hash Join
            #     -> Parallel Seq Scan on performance_observation      282-310 ms
            # With it the rows come in period order and only the newest period's are sorted:
            #   Limit -> Incremental Sort (Presorted Key: period_end) -> Nested Loop
            #     -> Index Scan using observation_newest_first         18-35 ms
            # A 5,001-row export: 370-420 ms before, 42-50 ms after.
            models.Index(fields=["-period_end"], name="observation_newest_first"),
            # The periods with figures (the period picker, the latest period) are found one
            # index probe per period (performance.selectors.distinct_periods). EXPLAIN ANALYZE
            # at 480,000 figures (bench/bench_dashboards.py), every published period:
            #   before: HashAggregate <- Parallel Seq Scan on performance_observation
            #           (Filter: status = 'published', 156,000 rows x 3 workers)  162.9 ms
            #   after:  Recursive Union <- Index Only Scan Backward using this index
            #           (Index Cond: status = 'published' AND ROW(period_end, period_start)
            #           < ROW(found.period_end, found.period_start), 156 loops)     2.3 ms
            # and for one priority's measures (a sixth of them): 46.3 ms before, 3.5 ms after.
            # Without status in front (period_end, period_start only) the scan steps over
            # every draft figure: 46.8 ms for every published period.
            models.Index(
                fields=["status", "period_end", "period_start"],
                name="observation_period_idx",
            ),
        ]
        permissions = signoff_permissions("observation", "observations")

    def __str__(self):
        return f"{self.measure} – {self.area} – {self.period}"

    def save(self, *args, **kwargs):
        # Keep the copy of the unit true to the measure, whoever saves.
        if self.measure_id:
            self.unit = self.measure.unit
        super().save(*args, **kwargs)

    @property
    def is_returned(self) -> bool:
        return self.status == Status.DRAFT and bool(self.returned_reason)

    def clean(self):
        # The unit comes from the measure; checked here so the form shows the message on the
        # value field rather than a database error.
        if self.measure_id:
            self.unit = self.measure.unit
        errors = observation_problems(
            measure=self.measure if self.measure_id else None,
            period_start=self.period_start,
            period_end=self.period_end,
            value=self.value,
        )
        if errors:
            raise ValidationError(errors)


def observation_problems(*, measure, period_start, period_end, value) -> dict[str, str]:
    """What is wrong with a figure, by field ("period_end", "value"): the rules every way in
    (the admin, the quarter grid, spreadsheet and open-data imports) applies, in one place."""
    errors = {}
    if period_start and period_end:
        if measure is not None:
            problem = measure.period_problem(Period(period_start, period_end))
        elif period_end <= period_start:
            problem = "The period must end after it starts."
        else:
            problem = ""
        if problem:
            errors["period_end"] = problem
    if value is not None and measure is not None:
        problem = value_problem(measure.unit, value)
        if problem:
            errors["value"] = problem
    return errors


def value_problem(unit: str, value: Decimal) -> str:
    """Why `value` cannot be a figure in `unit`, or "" if it can. Shared by forms and imports."""
    if unit == Unit.PERCENTAGE and not (0 <= value <= 100):
        return f"A percentage must lie between 0 and 100; {value} does not."
    if unit == Unit.COUNT:
        if value < 0:
            return f"A count cannot be negative; {value} is."
        if value != value.to_integral_value():
            return f"A count must be a whole number; {value} is not."
    if unit in (Unit.MINUTES, Unit.SECONDS, Unit.RATE) and value < 0:
        return f"A {Unit(unit).label.lower()} value cannot be negative; {value} is."
    return ""


class Revision(models.Model):
    """A change to a published figure: the old and new value, why, by whom and when.

    Published figures are never overwritten silently; the measure page shows each revision.
    """

    observation = models.ForeignKey(Observation, on_delete=models.CASCADE, related_name="revisions")
    old_value = models.DecimalField(max_digits=16, decimal_places=4)
    new_value = models.DecimalField(max_digits=16, decimal_places=4)
    reason = models.TextField(help_text="Published beside the figure.")
    revised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    revised_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-revised_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(reason=""),
                name="revision_has_a_reason",
                violation_error_message="A revision needs a reason.",
            )
        ]

    def __str__(self):
        return f"{self.observation} revised on {self.revised_at:%-d %B %Y}"


class Publication(models.Model):
    """An official statistical publication the portal imports, such as the ONS Police Force
    Area data tables, Table P1."""

    code = models.SlugField(max_length=40, unique=True)
    title = models.CharField(max_length=200)
    publisher = models.CharField(max_length=120)

    class Meta:
        ordering = ["title"]

    def __str__(self):
        return f"{self.publisher}, {self.title}"


class PublicationEdition(models.Model):
    """One edition of a publication as imported: which file, by whom, and whether the
    performance lead published it as a whole."""

    publication = models.ForeignKey(Publication, on_delete=models.PROTECT, related_name="editions")
    label = models.CharField(max_length=120, help_text="e.g. “year ending December 2019”.")
    file_name = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    imported_at = models.DateTimeField(default=timezone.now)
    published_by = user_key()
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["publication", "-imported_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["publication", "label"], name="edition_label_unique_in_publication"
            )
        ]

    def __str__(self):
        return f"{self.publication.publisher}, {self.publication.title}, {self.label}"

    @property
    def citation(self) -> str:
        return str(self)


class MeasureSource(models.Model):
    """Where a measure's figures come from in a publication: the column (offence group, crime
    type, worker type) as the publication heads it, footnote marks left out. Each column maps to
    one measure; an officer may point it at another."""

    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="columns")
    column = models.CharField(max_length=200)
    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="sources")

    class Meta:
        ordering = ["publication", "column"]
        verbose_name = "measure's publication column"
        constraints = [
            models.UniqueConstraint(
                fields=["publication", "column"],
                name="publication_column_maps_to_one_measure",
                violation_error_message="This column of the publication already has a measure.",
            )
        ]

    def __str__(self):
        return f"{self.measure} ← {self.publication.title}: “{self.column}”"


class FigureSource(PeriodFields, models.Model):
    """Where one imported figure was published: edition, table and cell. A figure the
    publisher marked as not available is kept here with the publication's note and no
    observation, so it is shown as not available rather than as a gap or a zero."""

    edition = models.ForeignKey(
        PublicationEdition, on_delete=models.CASCADE, related_name="figures"
    )
    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="+")
    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="+")
    period_start = models.DateField()
    period_end = models.DateField()
    table = models.CharField(max_length=200)
    cell = models.CharField(max_length=120)
    value = models.DecimalField(max_digits=16, decimal_places=4, null=True, blank=True)
    note = models.TextField(blank=True)
    observation = models.ForeignKey(
        Observation, null=True, blank=True, on_delete=models.SET_NULL, related_name="sources"
    )

    class Meta:
        ordering = ["-edition__imported_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "measure", "area", "period_start", "period_end"],
                name="figure_source_one_per_edition_figure",
            )
        ]
        indexes = [models.Index(fields=["measure", "area", "period_end"])]

    def __str__(self):
        return f"{self.edition}, {self.table}, {self.cell}"

    @property
    def is_available(self) -> bool:
        return self.value is not None

    @property
    def citation(self) -> str:
        # "cell C17" for a spreadsheet address; a count over rows describes itself.
        cell = f"cell {self.cell}" if re.fullmatch(r"[A-Z]{1,3}\d+", self.cell) else self.cell
        return f"{self.edition.citation}, {self.table}, {cell}"


class PendingImport(models.Model):
    """An uploaded spreadsheet kept between the preview and the officer's confirmation.

    The file is parsed and checked again on confirmation, so a figure changed meanwhile is
    never overwritten on the strength of a stale preview. Rows older than a day are removed.
    """

    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    filename = models.CharField(max_length=255)
    content = models.BinaryField()
    revise_reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return self.filename


class Commentary(PeriodFields, SignOff):
    """Narrative text on a priority or a measure for a period, written by the OPCC and signed
    off like the figures: an officer's draft, verified and published by the lead."""

    priority = models.ForeignKey(
        Priority, null=True, blank=True, on_delete=models.CASCADE, related_name="commentary"
    )
    measure = models.ForeignKey(
        Measure, null=True, blank=True, on_delete=models.CASCADE, related_name="commentary"
    )
    period_start = models.DateField()
    period_end = models.DateField()
    text = models.TextField()
    updated_at = models.DateTimeField(auto_now=True)

    objects = SignOffQuerySet.as_manager()
    history = ChangeHistory()

    class Meta:
        ordering = ["-period_end", "priority", "measure"]
        verbose_name_plural = "commentary"
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(priority__isnull=False, measure__isnull=True)
                    | models.Q(priority__isnull=True, measure__isnull=False)
                ),
                name="commentary_on_a_priority_or_a_measure",
                violation_error_message="Commentary is on either a priority or a measure.",
            ),
            period_ends_after_start("commentary_period_end_after_start"),
        ]

    def __str__(self):
        return f"Commentary on {self.priority or self.measure} for {self.period}"


class SpcBaseline(models.Model):
    """A point from which a measure's control-chart limits are recalculated for an area.

    Chosen by the OPCC after a known change (the start of the pandemic, a new crime recording
    rule), so the chart judges later figures against the new normal rather than the old one.
    """

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="spc_baselines")
    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="spc_baselines")
    start = models.DateField(
        help_text="Limits are recalculated from the period starting on or after this date."
    )
    label = models.CharField(
        max_length=120, help_text="Shown on the chart, e.g. “Start of the pandemic”."
    )
    created_by = user_key(editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["measure", "area", "start"]
        verbose_name = "control chart baseline"
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "area", "start"],
                name="spc_baseline_one_per_measure_area_start",
                violation_error_message=(
                    "This measure and area already have a baseline from that date."
                ),
            )
        ]

    def __str__(self):
        return f"{self.measure} – {self.area}: {self.label} (from {self.start:%B %Y})"


# Delivery of the plan (commitments, progress, the OPCC's assessments): models of this app kept
# in their own package.
from .delivery.models import (  # noqa: E402, F401
    AssessmentGrade,
    Commitment,
    Evidence,
    MeasureAssessment,
    ProgressUpdate,
)
