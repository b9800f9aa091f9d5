"""Importing an edition of an official publication (read by `publications`) as observations.

Each figure lands on the measure its publication column is mapped to (`MeasureSource`, which an
officer can edit; an unmapped column gets a measure of its own, named as the publication names
it), on the area with its ONS code (created from the data when new), for its period, as a
draft entered by the importing officer. Every figure keeps its provenance (`FigureSource`:
edition, table, cell); a figure the publisher marked as not available is kept as such, with
the publication's note, and never becomes a zero.

Importing the same file again changes nothing. A later edition that gives another value for
a figure already stored revises it: a draft is updated; a published figure keeps its old value
in a `Revision` "Revised by the publisher in <edition>", which only the performance lead may
make. The lead may also publish a whole edition at once (`edition_publish`).

Writes go through the same service as the spreadsheet import (`observations_import`); every
observation is validated with the model's own rules first (`_validation_problems`, which names
the table and cell of each problem); the data-quality checks run on the new and changed
figures. The caller holds the transaction (see `pcc_portal.open_data`).
"""

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connections, router
from django.utils import timezone
from django.utils.text import slugify

import publications
from core.formatting import format_value
from core.history import record_rows_as_stored
from performance.models import (
    Area,
    AreaKind,
    Direction,
    FigureSource,
    Frequency,
    Measure,
    MeasureSource,
    Observation,
    Publication,
    PublicationEdition,
    Revision,
    Status,
    Unit,
)
from performance.quality import quality_warnings
from performance.services import (
    BULK_CLEAN_EXCLUDE,
    CHANGE_REASON_LENGTH,
    PUBLISH_PERMISSION,
    edition_publish,
    observations_import,
)
from publications.common import ImportRefused, key

# A measure made for a column nobody has mapped yet: which family of measures it joins (P1 and
# C2 share their offence groups), how it is named, its unit, frequency and decimal places.
FAMILIES = {
    "ons-pfa-p1": ("recorded-crime", "{column}", Unit.COUNT, Frequency.YEAR, 0),
    "ons-pfa-c2": ("recorded-crime", "{column}", Unit.COUNT, Frequency.YEAR, 0),
    "ons-crime-severity": (
        "crime-severity",
        "Crime Severity Score: {column}",
        Unit.RATE,
        Frequency.YEAR,
        2,
    ),
    "ho-police-workforce": ("workforce", "{column}", Unit.COUNT, Frequency.YEAR, 0),
    "police-uk-street": (
        "police-uk",
        "{column} (police.uk, monthly)",
        Unit.COUNT,
        Frequency.MONTH,
        0,
    ),
}
# Full-time equivalents are not whole numbers: shown to one decimal place, as published.
FTE = "full-time equivalent"
AREA_POSITIONS = {
    AreaKind.NATIONAL: 1,
    AreaKind.COUNTRY: 2,
    AreaKind.REGION: 3,
    AreaKind.FORCE: 10,
    AreaKind.DISTRICT: 20,
}
MAX_FIGURES = 200_000


@dataclass
class EditionReport:
    """What importing one file did (or, in a dry run, would do)."""

    file: str
    publication: str
    edition: str
    counts: Counter = field(default_factory=Counter)
    notes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    published: int = 0

    @property
    def summary(self) -> str:
        order = [
            "new",
            "updated",
            "revised",
            "unchanged",
            "not available",
            "new areas",
            "new measures",
        ]
        parts = [f"{self.counts[name]:,} {name}" for name in order if self.counts[name]]
        if self.published:
            parts.append(f"{self.published:,} published")
        return f"{self.publication}, {self.edition} ({self.file}): " + (
            ", ".join(parts) or "nothing to import"
        )


def handles(result) -> bool:
    return isinstance(result, publications.Edition)


class _Reference:
    """Areas, measures and column mappings, loaded once per edition and grown as it imports.

    The areas and measures an edition names that the portal does not hold yet are made in
    memory as the figures are placed (`area`, `measure`) and written together by `save_new`:
    a P1 workbook names some 55 areas and 23 offence groups, which written one by one (each
    measure checked, saved, given its history row and its column mapping) cost the import
    more than its 1,265 figures."""

    def __init__(self, edition: publications.Edition, report: EditionReport, user):
        self.report = report
        self.user = user
        self.file = edition.file
        self.publication, _ = Publication.objects.update_or_create(
            code=edition.publication,
            defaults={"title": edition.title, "publisher": edition.publisher},
        )
        self.areas = list(Area.objects.all())
        self.by_code = {a.ons_code: a for a in self.areas if a.ons_code}
        self.by_name = {(a.kind, a.name.lower(), a.parent_id): a for a in self.areas}
        self.forces_by_name = {a.name.lower(): a for a in self.areas if a.kind == AreaKind.FORCE}
        self.slugs = {a.code for a in self.areas}
        family = FAMILIES[edition.publication][0]
        self.mappings = {
            key(m.column): m.measure
            for m in MeasureSource.objects.filter(publication=self.publication).select_related(
                "measure"
            )
        }
        self.family = {
            key(m.column): m.measure
            for m in MeasureSource.objects.filter(
                publication__code__in=[c for c, f in FAMILIES.items() if f[0] == family]
            ).select_related("measure")
        }
        self.measure_codes = set(Measure.objects.values_list("code", flat=True))
        # Made in memory, written by save_new: new areas in the order the edition names them,
        # the parent each new or unplaced area is given (by ONS code), new measures and the
        # columns newly mapped.
        self.new_areas: list[Area] = []
        self.parents: dict[str, Area] = {}
        self.new_measures: list[Measure] = []
        self.new_sources: list[MeasureSource] = []
        self.folded: dict[str, str] = {}

    # --- areas ---------------------------------------------------------------------------

    def area(self, figure: publications.Figure) -> Area | None:
        if figure.area_code:
            found = self.by_code.get(figure.area_code)
            parent = self.by_code.get(figure.parent_code) if figure.parent_code else None
            if found is None:
                found = self._new_area(figure.area_code, figure.area_name, figure.area_kind, parent)
            elif parent is not None and found.parent_id is None and not self._placing(found):
                # An area typed in before the publication placed it, or placed by a later row
                # than the one that named it first.
                self.parents[found.ons_code] = parent
            return found
        # police.uk names its force and districts but gives no ONS codes.
        force = self._named(figure.parent_name or figure.area_name, AreaKind.FORCE)
        if figure.area_kind == AreaKind.FORCE or force is None:
            return force
        return self._named(figure.area_name, AreaKind.DISTRICT, parent=force)

    def _placing(self, area: Area) -> bool:
        """Whether the area is to be given a parent already (by save_new)."""
        return area.ons_code in self.parents

    def _named(self, name: str, kind: str, parent: Area | None = None) -> Area | None:
        wanted = name.strip().lower()
        if parent is None:
            return self.forces_by_name.get(wanted)
        return self.by_name.get((kind, wanted, parent.pk))

    def _new_area(self, ons_code: str, name: str, kind: str, parent: Area | None) -> Area:
        code = ons_code if ons_code not in self.slugs else f"{ons_code}-{len(self.slugs)}"
        area = Area(
            code=code,
            name=name,
            kind=kind,
            ons_code=ons_code,
            position=AREA_POSITIONS.get(kind, 30),
        )
        # Codes are checked above, and the parent is an area just read or made: no query each.
        area.full_clean(exclude=["parent"], validate_unique=False, validate_constraints=False)
        if parent is not None and parent.pk is not None:
            area.parent = parent
        elif parent is not None:  # made by this edition too: placed once both are written
            self.parents[ons_code] = parent
        self.new_areas.append(area)
        self.by_code[ons_code] = area
        self.slugs.add(code)
        self.report.counts["new areas"] += 1
        return area

    # --- measures ------------------------------------------------------------------------

    def measure(self, column: str) -> Measure:
        folded = self.folded.get(column)
        if folded is None:  # every figure of a column asks: fold its heading once
            folded = self.folded[column] = key(column)
        found = self.mappings.get(folded)
        if found is not None:
            return found
        found = self.family.get(folded) or self._new_measure(column)
        self.new_sources.append(
            MeasureSource(publication=self.publication, column=column, measure=found)
        )
        self.mappings[folded] = self.family[folded] = found
        return found

    def _new_measure(self, column: str) -> Measure:
        family, name, unit, frequency, places = FAMILIES[self.publication.code]
        if FTE in column:
            unit, places = Unit.RATE, 1
        code = slugify(f"{family}-{column}")[:80]
        while code in self.measure_codes:
            code = f"{code[:76]}-{len(self.measure_codes) % 1000}"
        measure = Measure(
            code=code,
            name=name.format(column=column)[:200],
            unit=unit,
            decimal_places=places,
            direction_of_good=Direction.NEITHER,
            frequency=frequency,
            source=f"{self.publication.publisher}, {self.publication.title}"[:120],
        )
        # The code is checked against every measure's above; the constraints concern a target
        # (none here) and the decimal places (0 to 2 here), and the database checks them again
        # on insert: no query per measure for either.
        measure.full_clean(validate_unique=False, validate_constraints=False)
        self.new_measures.append(measure)
        self.measure_codes.add(code)
        self.report.counts["new measures"] += 1
        return measure

    # --- writing what the edition made ---------------------------------------------------

    def save_new(self) -> None:
        """Writes the new areas, measures and column mappings in a fixed number of queries,
        each measure with its history row, as saving them one by one would."""
        Area.objects.bulk_create(self.new_areas)
        placed = []
        for ons_code, parent in self.parents.items():
            area = self.by_code[ons_code]
            area.parent = parent
            placed.append(area)
        Area.objects.bulk_update(placed, ["parent"])
        for area in self.new_areas:
            self.areas.append(area)
            self.by_name[(area.kind, area.name.lower(), area.parent_id)] = area
            if area.kind == AreaKind.FORCE:
                self.forces_by_name.setdefault(area.name.lower(), area)
        Measure.objects.bulk_create(self.new_measures)
        record_rows_as_stored(
            Measure,
            [measure.pk for measure in self.new_measures],
            history_type="+",
            user=self.user,
            reason=f"Imported from {self.file}"[:CHANGE_REASON_LENGTH],
        )
        MeasureSource.objects.bulk_create(self.new_sources)
        self.new_areas, self.parents, self.new_measures, self.new_sources = [], {}, [], []


@dataclass
class _Row:
    figure: publications.Figure
    measure: Measure
    area: Area

    @property
    def key(self):
        p = self.figure.period
        return (self.measure.pk, self.area.pk, p.start, p.end)

    # What the quality checks read from a candidate.
    @property
    def period_start(self) -> dt.date:
        return self.figure.period.start

    @property
    def period_end(self) -> dt.date:
        return self.figure.period.end

    @property
    def value(self):
        return self.figure.value


def import_edition(edition: publications.Edition, *, sha256: str, user, publish=False):
    """Writes one edition's figures (the caller holds the transaction); returns its report.

    Raises ImportRefused, with every problem, when any figure cannot be stored."""
    report = EditionReport(edition.file, edition.title, edition.label)
    report.notes += edition.notes
    if len(edition.figures) > MAX_FIGURES:
        raise ImportRefused(
            [f"{edition.file}: {len(edition.figures):,} figures; the limit is {MAX_FIGURES:,}."]
        )
    reference = _Reference(edition, report, user)
    stored_edition = _edition(reference.publication, edition, sha256, user)
    rows, unplaced = _rows(edition, reference)
    if unplaced:
        report.notes.append(
            f"{edition.file}: {sum(unplaced.values()):,} figures are for areas the portal does "
            f"not hold and were left out ({', '.join(sorted(unplaced)[:12])}"
            f"{'…' if len(unplaced) > 12 else ''}). Import ONS Table C2 first to add every "
            "force's districts."
        )
    existing = _existing(rows)
    new, updates, revisions, problems = [], [], [], []
    reason = f"Revised by the publisher in {edition.label}"
    for row in rows:
        if row.figure.value is None:
            report.counts["not available"] += 1
            continue
        current = existing.get(row.key)
        if current is None:
            new.append(_observation(row, user))
            report.counts["new"] += 1
        elif current.value == row.figure.value:
            report.counts["unchanged"] += 1
        elif current.status == Status.PUBLISHED:
            revisions.append(
                Revision(
                    observation=current,
                    old_value=current.value,
                    new_value=row.figure.value,
                    reason=reason,
                    revised_by=user,
                )
            )
            current.value = row.figure.value
            updates.append(current)
            report.counts["revised"] += 1
        else:
            current.value = row.figure.value
            current.status = Status.DRAFT
            current.entered_by = user
            current.verified_by = current.verified_at = None
            updates.append(current)
            report.counts["updated"] += 1
    problems += _validation_problems(rows, new + updates)
    if revisions and not user.has_perm(PUBLISH_PERMISSION):
        problems.append(
            f"{edition.file}: {len(revisions):,} published figures are revised by the publisher "
            f"in {edition.label} (for example {revisions[0].observation}: "
            f"{format_value(revisions[0].observation.measure, revisions[0].old_value)} → "
            f"{format_value(revisions[0].observation.measure, revisions[0].new_value)}); only "
            "the performance lead can import a revising edition."
        )
    if publish and not user.has_perm(PUBLISH_PERMISSION):
        problems.append("Only the performance lead can publish an official publication.")
    if problems:
        raise ImportRefused(problems)
    changed = {id(o) for o in new + updates}
    candidates = [r for r in rows if r.figure.value is not None]
    report.warnings = _quality(candidates, existing, changed)
    if publish:
        report.published = _published_on_arrival(new, user)
    # _validation_problems has just run the model's rules on every one of them.
    observations_import(
        new=new,
        updates=updates,
        revisions=revisions,
        user=user,
        source=edition.file,
        validated=True,
    )
    _record_sources(stored_edition, rows, {**existing, **{_obs_key(o): o for o in new}})
    if publish:
        report.published += edition_publish(edition=stored_edition, user=user)
    return report


def _published_on_arrival(new: list[Observation], user) -> int:
    """New figures of an edition the lead publishes as it is imported are written published,
    with the quality warnings the lead accepts by doing so: one write each, not two."""
    now = timezone.now()
    found = _home_warnings(new)
    for observation in new:
        warnings = found.get(id(observation))
        observation.status = Status.PUBLISHED
        observation.verified_by = user
        observation.verified_at = observation.published_at = now
        if warnings:
            observation.quality_warnings = "\n".join(str(w) for w in warnings)
            observation.quality_acknowledged_by = user
            observation.quality_acknowledged_at = now
    return len(new)


def _edition(publication, edition, sha256, user) -> PublicationEdition:
    stored, created = PublicationEdition.objects.get_or_create(
        publication=publication,
        label=edition.label,
        defaults={"file_name": edition.file[:255], "sha256": sha256, "imported_by": user},
    )
    if not created and stored.sha256 != sha256:
        stored.file_name, stored.sha256 = edition.file[:255], sha256
        stored.imported_by, stored.imported_at = user, timezone.now()
        stored.save()
    return stored


def _rows(edition, reference) -> tuple[list[_Row], Counter]:
    placed, unplaced = [], Counter()
    for figure in edition.figures:
        area = reference.area(figure)
        if area is None:
            unplaced[figure.area_name] += 1
            continue
        placed.append(_Row(figure, reference.measure(figure.column), area))
    reference.save_new()  # the rows' keys are the areas' and measures' ids
    rows, seen = [], set()
    for row in placed:
        if row.key in seen:
            continue  # a column mapped twice to one measure: the first one stands
        seen.add(row.key)
        rows.append(row)
    return rows, unplaced


def _obs_key(observation: Observation):
    return (
        observation.measure_id,
        observation.area_id,
        observation.period_start,
        observation.period_end,
    )


def _existing(rows: list[_Row]) -> dict:
    if not rows:
        return {}
    found = Observation.objects.filter(
        measure_id__in={r.measure.pk for r in rows},
        area_id__in={r.area.pk for r in rows},
        period_end__in={r.figure.period.end for r in rows},
    ).select_related("measure", "area")
    return {_obs_key(o): o for o in found}


def _observation(row: _Row, user) -> Observation:
    return Observation(
        measure=row.measure,
        area=row.area,
        period_start=row.figure.period.start,
        period_end=row.figure.period.end,
        value=row.figure.value,
        status=Status.DRAFT,
        entered_by=user,
    )


def _validation_problems(rows: list[_Row], observations: list[Observation]) -> list[str]:
    """The model's own rules (units, ranges, periods) on every figure to be written."""
    cells = {r.key: r.figure for r in rows}
    problems = []
    for observation in observations:
        observation.unit = observation.measure.unit
        try:
            observation.full_clean(
                exclude=BULK_CLEAN_EXCLUDE, validate_unique=False, validate_constraints=False
            )
        except ValidationError as error:
            figure = cells[_obs_key(observation)]
            messages = "; ".join(m for ms in error.message_dict.values() for m in ms)
            problems.append(
                f"{figure.table}, cell {figure.cell} ({figure.area_name}, {figure.column}, "
                f"{figure.period.label}): {messages}"
            )
        if len(problems) >= 50:
            problems.append("… and possibly more: the first 50 problems are listed.")
            break
    return problems


def _home_warnings(observations: list[Observation]) -> dict[int, list]:
    """The data-quality warnings of the home force's figures, by id() of the observation.

    The checks run on the figures the portal reports on; another force's figures are the
    publisher's, shown for context, and a warning about them would help nobody here."""
    home = [o for o in observations if o.area.ons_code == settings.HOME_FORCE]
    found = quality_warnings(candidates=home)
    return {id(o): w for o, w in zip(home, found, strict=True) if w}


def _quality(candidates: list[_Row], existing: dict, changed: set) -> list[str]:
    """The data-quality warnings of the new and changed figures, for the officer's preview."""
    wanted = [
        r for r in candidates if existing.get(r.key) is None or id(existing[r.key]) in changed
    ]
    # Only the home force's figures are judged: the others are the publisher's, for context.
    home = [r for r in wanted if r.area.ons_code == settings.HOME_FORCE] or wanted[:0]
    found = quality_warnings(candidates=home)
    return [
        f"{r.measure.name}, {r.area.name}, {r.figure.period.label}: {w}"
        for r, warnings in zip(home, found, strict=True)
        for w in warnings
    ]


def _record_sources(edition: PublicationEdition, rows: list[_Row], observations: dict) -> None:
    """One FigureSource per figure of the edition; unchanged ones are left as they are."""
    stored = {
        (s.measure_id, s.area_id, s.period_start, s.period_end): s
        for s in FigureSource.objects.filter(edition=edition)
    }
    create, update = [], []
    for row in rows:
        figure = row.figure
        observation = observations.get(row.key)
        values = {
            "table": figure.table[:200],
            "cell": figure.cell[:120],
            "value": figure.value,
            "note": figure.note,
            "observation_id": observation.pk if observation is not None else None,
        }
        current = stored.get(row.key)
        if current is None:
            create.append(
                {
                    "edition_id": edition.pk,
                    "measure_id": row.measure.pk,
                    "area_id": row.area.pk,
                    "period_start": figure.period.start,
                    "period_end": figure.period.end,
                    **values,
                }
            )
        elif any(getattr(current, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(current, name, value)
            update.append(current)
    _insert_sources(create)
    FigureSource.objects.bulk_update(
        update, ["table", "cell", "value", "note", "observation_id"], batch_size=1000
    )


def _insert_sources(sources: list[dict]) -> None:
    """Writes new FigureSource rows (their fields' values by attribute name) with one INSERT of
    plain values per 1,000: bulk_create makes a model instance of each and prepares each of
    its fields in Python, which cost an edition's import nearly as much as writing its
    observations. The values are the publication's, cut to the columns' lengths above; the
    database checks the rest (foreign keys, one source per figure of an edition)."""
    if not sources:
        return
    connection = connections[router.db_for_write(FigureSource)]
    quote, ops = connection.ops.quote_name, connection.ops
    names = list(sources[0])
    fields = [FigureSource._meta.get_field(name.removesuffix("_id")) for name in names]
    # As the fields would prepare them for this database (dates as text for SQLite).
    adapt = {
        "period_start": ops.adapt_datefield_value,
        "period_end": ops.adapt_datefield_value,
        "value": ops.adapt_decimalfield_value,
    }
    columns = ", ".join(quote(field.column) for field in fields)
    row = f"({', '.join(['%s'] * len(names))})"
    size = min(1000, ops.bulk_batch_size(fields, sources) or 1000)
    with connection.cursor() as cursor:
        for start in range(0, len(sources), size):
            batch = sources[start : start + size]
            cursor.execute(
                f"INSERT INTO {quote(FigureSource._meta.db_table)} ({columns}) VALUES "
                + ", ".join([row] * len(batch)),
                [
                    adapt[name](source[name]) if name in adapt else source[name]
                    for source in batch
                    for name in names
                ],
            )


def by_publication_order(results: list) -> list:
    """Editions in the order their areas depend on each other: P1 names every force with its
    region, C2 adds the districts, police.uk names forces and districts without codes."""
    order = list(FAMILIES)
    return sorted(
        results,
        key=lambda r: (
            order.index(r.publication) if r.publication in order else 99,
            min((f.period.end for f in r.figures), default=dt.date.min),
            r.label,
        ),
    )


order = by_publication_order


def import_result(result, *, sha256: str, user, publish: bool = False) -> EditionReport:
    return import_edition(result, sha256=sha256, user=user, publish=publish)


def imported_before(sha256: str) -> str:
    edition = PublicationEdition.objects.filter(sha256=sha256).select_related("publication").first()
    return f"imported before as {edition}" if edition else ""
