"""Public performance pages: plan dashboards, priorities, measures, the observations list and
open data. Figures come from performance.selectors; charts from pcc_portal.charts."""

import json

from django.http import Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.template import engines
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET
from django_tables2 import RequestConfig

from core.periods import KIND_LABELS
from pcc_portal import charts
from pcc_portal.access import wants_drafts
from pcc_portal.caching import shared_page
from pcc_portal.exports import csv_stream
from pcc_portal.lists import BoundedPaginator, PortalListView
from performance.spc.selectors import measure_analysis

from .delivery.selectors import (
    commitments_by_kind,
    commitments_with_progress,
    measure_assessments,
)
from .filtersets import MeasureFilterSet, ObservationFilterSet
from .forms import PeriodPickerForm, SeriesKindForm, default_period
from .models import Direction, Measure, Observation, Plan, Unit
from .provenance import district_figures, latest_sources, unavailable_figures
from .revisions import published_revisions, withdrawn_figures
from .selectors import (
    OPEN_DATA_FIELDS,
    current_plan,
    dashboard,
    data_sources,
    force_area,
    has_report,
    measure_observations,
    measure_priorities,
    measure_series,
    open_data_rows,
    period_coverage,
    periods_with_data,
    plans_with_priorities,
    priorities_with_measures,
    priority_commentary,
    visible_periods,
)
from .tables import MeasureTable, ObservationTable

OBSERVATIONS_PER_PAGE = 25
ASSESSMENTS_SHOWN = 12  # three years of quarters


@require_GET
@shared_page
def home(request):
    """The portal's front page: the plans and their priorities."""
    return render(request, "home.html", {"plans": plans_with_priorities()})


@require_GET
@shared_page
def about_data(request):
    """Where the performance figures come from, what they mean, how changes are computed, and
    the open data files."""
    return render(
        request,
        "about/data.html",
        {
            "sources": data_sources(),
            "units": Unit.choices,
            "directions": Direction.choices,
            "open_data_fields": OPEN_DATA_FIELDS,
        },
    )


def _dashboard_for(request, priorities):
    """The period picker and the dashboard of some priorities for the chosen period."""
    show_drafts = wants_drafts(request)
    measure_ids = {m.pk for p in priorities for m in p.measures.all()}
    periods = periods_with_data(measure_ids=measure_ids, user=request.user, show_drafts=show_drafts)
    picker = PeriodPickerForm(
        request.GET,
        periods=periods,
        coverage_of=lambda candidates: period_coverage(
            measure_ids=measure_ids, periods=candidates, user=request.user, show_drafts=show_drafts
        ),
    )
    board = dashboard(
        priorities=priorities,
        period=picker.chosen_period,
        periods=periods,
        user=request.user,
        show_drafts=show_drafts,
    )
    for row in board.rows:
        row.sparkline = charts.sparkline(measure=row.measure, trend=row.trend)
    return picker, board


def _has_report(request, board) -> bool:
    return board.period is not None and has_report(
        period_end=board.period.end, user=request.user, show_drafts=wants_drafts(request)
    )


def _plan_page(request, plan):
    """The dashboard of a plan (the shared page cache keeps it for everyone but staff)."""
    priorities = list(priorities_with_measures(plan=plan))
    picker, board = _dashboard_for(request, priorities)
    response = render(
        request,
        "performance/plan_detail.html",
        {
            "plan": plan,
            "other_plans": Plan.objects.exclude(pk=plan.pk),
            "period_label": board.period.label if board.period else "",
            "report_end": board.period.end.isoformat() if _has_report(request, board) else "",
            "force_name": board.force_area.name if board.force_area else "",
            # Rendered by our own templates. Given only the picker: a Django template context
            # is a reference cycle, and the board it held (tens of thousands of objects) stayed
            # in memory until Python's costliest collection of all, a full pass, freed it.
            "picker_html": mark_safe(
                render_to_string(
                    "performance/includes/period_picker.html", {"picker": picker}, request
                )
            ),
            # Jinja2 (pcc_portal/jinja.py), which autoescapes: hundreds of measures' rows.
            "board_html": mark_safe(
                engines["jinja2"]
                .get_template("performance/plan_board.html")
                .render({"board": board, "show_drafts": wants_drafts(request)})
            ),
        },
    )
    response.shared = not picker.errors
    return response


@require_GET
@shared_page(parameters=("period",))
def index(request):
    """The dashboard of the plan in force at the latest published figures: what a panel
    member opens before a meeting."""
    latest = default_period(visible_periods())
    plan = current_plan(at=latest.end if latest else None)
    if plan is None:
        raise Http404("No Police and Crime Plan has been entered yet.")
    return _plan_page(request, plan)


@require_GET
@shared_page(parameters=("period",))
def plan_detail(request, plan):
    return _plan_page(request, get_object_or_404(Plan, code=plan))


@require_GET
@shared_page(parameters=("period",))
def priority_detail(request, plan, priority):
    priority = get_object_or_404(
        priorities_with_measures().filter(plan__code=plan).select_related("plan"), code=priority
    )
    picker, board = _dashboard_for(request, [priority])
    rows = board.sections[0].rows
    area_name = board.force_area.name if board.force_area else ""
    charted = [row for row in rows if len(row.trend) > 1]
    figures = charts.trend_charts(
        rows=[(row.measure, row.trend) for row in charted], area_name=area_name
    )
    chart_rows = [
        (row, figure, f"trend-{row.measure.code}")
        for row, figure in zip(charted, figures, strict=True)
    ]
    response = render(
        request,
        "performance/priority_detail.html",
        {
            "priority": priority,
            "picker": picker,
            "board": board,
            "rows": rows,
            "chart_rows": chart_rows,
            "commitment_groups": commitments_by_kind(
                commitments_with_progress(
                    priorities=[priority],
                    user=request.user,
                    show_drafts=wants_drafts(request),
                )
            ),
            "commentary": priority_commentary(
                priority=priority,
                period=board.period,
                user=request.user,
                show_drafts=wants_drafts(request),
            ),
        },
    )
    response.shared = not picker.errors
    return response


@require_GET
@shared_page(parameters=("kind", "page", "sort"))
def measure_detail(request, measure):
    measure = get_object_or_404(Measure, code=measure)
    show_drafts = wants_drafts(request)
    kind = SeriesKindForm(request.GET)
    home = force_area()
    series = measure_series(
        measure=measure,
        kind=kind.kind_asked,
        user=request.user,
        show_drafts=show_drafts,
        home=home,
    )
    table = ObservationTable(
        measure_observations(measure=measure, user=request.user, show_drafts=show_drafts),
        user=request.user,
        show_drafts=show_drafts,
        exclude=("measure", "unit", "source"),
    )
    paginate = {"per_page": OBSERVATIONS_PER_PAGE, "paginator_class": BoundedPaginator}
    RequestConfig(request, paginate=paginate).configure(table)
    table.load_comparisons(row.record for row in table.page.object_list)
    response = render(
        request,
        "performance/measure_detail.html",
        {
            "measure": measure,
            "series": series,
            "kind_choices": [(kind, KIND_LABELS[kind]) for kind in series.kinds],
            "chart": charts.measure_chart(measure=measure, series=series),
            "table": table,
            "priorities": measure_priorities(measure=measure),
            "revisions": published_revisions(measure=measure, user=request.user),
            "withdrawn": withdrawn_figures(measure=measure),
            **_open_data_context(measure, home, request.user, show_drafts),
            "assessments": measure_assessments(
                measure=measure, user=request.user, show_drafts=show_drafts
            )[:ASSESSMENTS_SHOWN],
            **measure_analysis(
                measure=measure,
                area=home,
                latest=series.periods[-1] if series.periods else None,
                user=request.user,
                show_drafts=show_drafts,
            ),
        },
    )
    # A kind this measure has no figures of falls back to another: not a page of its own.
    response.shared = not kind.errors and (kind.kind_asked or series.kind) == series.kind
    return response


def _open_data_context(measure, home, user, show_drafts) -> dict:
    """Where the measure's imported figures come from, the districts' figures and what the
    publisher could not give."""
    district_period, districts = district_figures(
        measure=measure, home=home, user=user, show_drafts=show_drafts
    )
    return {
        "sources": latest_sources(measure=measure, home=home, user=user, show_drafts=show_drafts),
        "unavailable": unavailable_figures(measure=measure, user=user, show_drafts=show_drafts),
        "district_period": district_period,
        "districts": districts,
    }


class ObservationListView(PortalListView):
    """Every figure, filtered by plan, priority, area, period, unit, source or text."""

    model = Observation
    filterset_class = ObservationFilterSet
    table_class = ObservationTable
    export_name = "observations"
    title = "Figures"
    intro = (
        "Every published figure for every measure and area. Filter the table, sort it by a "
        "column heading, or download exactly these columns as CSV or Excel."
    )
    template_name = "performance/list_page.html"

    def get_queryset(self):
        return measure_observations(user=self.request.user, show_drafts=wants_drafts(self.request))

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        kwargs.update(user=self.request.user, show_drafts=wants_drafts(self.request))
        return kwargs

    def get_table_kwargs(self):
        return {"user": self.request.user, "show_drafts": wants_drafts(self.request)}

    def export_everything(self) -> str:
        url = self.request.build_absolute_uri(reverse("performance:open-data-csv"))
        return f"the open data file {url}, which holds every published figure"

    def get_table(self, **kwargs):
        table = super().get_table(**kwargs)
        exporting = self.request.GET.get(self.export_trigger_param)
        rows = table.rows if exporting or not table.page else table.page.object_list
        table.load_comparisons(row.record for row in rows)
        return table


class MeasureListView(PortalListView):
    """Every measure with its definition: the way to any measure page."""

    model = Measure
    filterset_class = MeasureFilterSet
    table_class = MeasureTable
    export_name = "measures"
    title = "Measures"
    intro = "What is counted or rated, in what unit, which way is better, and where it comes from."
    template_name = "performance/list_page.html"

    def get_queryset(self):
        return Measure.objects.prefetch_related("priorities__plan").order_by("name")


@require_GET
def open_data_csv(request):
    """Every published observation as CSV (never a draft, whoever asks), streamed."""

    def rows():
        yield OPEN_DATA_FIELDS
        for row in open_data_rows():
            yield [row[name] for name in OPEN_DATA_FIELDS]

    return csv_stream(rows(), "observations.csv")


@require_GET
def open_data_json(request):
    """Every published observation as a JSON array of objects (never a draft)."""

    def chunks():
        yield '{"fields": ' + json.dumps(OPEN_DATA_FIELDS) + ', "observations": ['
        for index, row in enumerate(open_data_rows()):
            row["value"] = float(row["value"])
            yield ("," if index else "") + "\n" + json.dumps(row, ensure_ascii=False)
        yield "\n]}\n"

    return StreamingHttpResponse(chunks(), content_type="application/json")
