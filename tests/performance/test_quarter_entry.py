"""A quarter's figures in one sitting: the officer's grid, one set of rules for every way in,
plausibility warnings, import by name and the quarter's template, the lead's review and the
quarter's progress."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from core.periods import Period
from performance.admin.common import ObservationForm
from performance.imports.spreadsheet import apply_import, plan_import
from performance.models import Commentary, Observation, PriorityMeasure, Status
from performance.quality import quality_warnings
from performance.services import observation_submit
from performance.staff_selectors import Candidate
from tests.factories import MeasureFactory, PlanFactory, PriorityFactory
from tests.performance.factories import force, observation
from tests.performance.import_helpers import csv_bytes, problems

pytestmark = pytest.mark.django_db

Q4 = Period.quarter(2020, 4)  # January to March 2021
Q3 = Period.quarter(2020, 3)
YEAR_TO_Q4 = Period.twelve_months_to(Q4.end)  # also the financial year 2020/21
GRID = reverse("performance:staff_quarter_entry")
CHECK = reverse("performance:staff_entry_check")
REVIEW = reverse("performance:staff_review")
REVIEW_Q4 = f"{REVIEW}?scope=pcp-2016&quarter=2020-Q4"  # the plan's review for Q4 2020/21
SCOPE = {"scope": "pcp-2016/victims", "quarter": "2020-Q4"}


@pytest.fixture
def lanc():
    return force()


@pytest.fixture
def plan(lanc):
    plan = PlanFactory(code="pcp-2016", start=dt.date(2016, 4, 1), end=dt.date(2021, 3, 31))
    priority = PriorityFactory(plan=plan, code="victims", title="Supporting victims")
    measures = {
        "referrals": MeasureFactory(
            code="lvs-referrals", name="LVS referrals", frequency="quarter"
        ),
        "crime": MeasureFactory(
            code="all-crime", name="All crime", frequency="year", direction_of_good="down"
        ),
        "spend": MeasureFactory(
            code="victims-spend", name="Victim services spend", unit="money", decimal_places=1
        ),
    }
    for position, measure in enumerate(measures.values(), start=1):
        PriorityMeasure.objects.create(priority=priority, measure=measure, position=position)
    observation(measures["crime"], lanc, Period.twelve_months_to(dt.date(2020, 3, 31)), 142374)
    observation(measures["spend"], lanc, Period.financial_year(2019), Decimal("4.2"))
    return {"plan": plan, "priority": priority, **measures}


def _grid_rows(page: str) -> list[str]:
    body = page.split('class="govuk-table opcc-entry-table"', 1)[1].split("</table>", 1)[0]
    rows = re.findall(r"<th scope=\"row\"[^>]*>(.*?)<span", body, re.S)
    return [" ".join(r.split()) for r in rows]


def _grid_post(client, plan, values: dict, commentary: str = ""):
    page = client.get(GRID, SCOPE)
    data = {}
    for name, value in re.findall(r'name="(value-[^"]+)"[^>]*?(?:value="([^"]*)")?', _text(page)):
        data[name] = value
    for key, value in values.items():
        data[_field_for(page, key)] = value
    data[f"commentary-{plan['priority'].pk}"] = commentary
    return client.post(f"{GRID}?scope={SCOPE['scope']}&quarter={SCOPE['quarter']}", data)


def _field_for(page, measure) -> str:
    match = re.search(rf'name="(value-{measure.pk}-\d+-\d+)"', _text(page))
    assert match, f"no value box for {measure}"
    return match.group(1)


def _text(response) -> str:
    return response.content.decode()


# The grid -------------------------------------------------------------------------------


def test_grid_lists_every_due_figure_in_the_plans_order_with_unit_and_comparators(
    plan, officer_client
):
    page = _text(officer_client.get(GRID, SCOPE))
    assert _grid_rows(page) == ["LVS referrals", "All crime", "Victim services spend"]
    assert "£ million: 108.7 for £108.7m" in page  # the unit's hint beside the value box
    assert "count: a whole number" in page
    assert "142,374" in page  # the same period a year earlier for All crime
    assert "Q4 2020/21" in page and "12 months to March 2021" in page
    assert 'type="date"' not in page and "period_start" not in page  # no dates to type
    assert "<script>" not in page


def test_officer_saves_a_quarter_and_commentary_as_drafts_without_typing_a_date(
    plan, officer, officer_client
):
    response = _grid_post(
        officer_client,
        plan,
        {plan["referrals"]: "1,234", plan["crime"]: "119515", plan["spend"]: "4.5"},
        commentary="Referrals rose after the new victims' hub opened.",
    )
    assert response.status_code == 302
    saved = {o.measure.code: o for o in Observation.objects.filter(status=Status.DRAFT)}
    assert saved["lvs-referrals"].value == Decimal("1234")
    assert saved["lvs-referrals"].period == Q4
    assert saved["all-crime"].period == YEAR_TO_Q4
    assert all(o.entered_by == officer for o in saved.values())
    text = Commentary.objects.get(priority=plan["priority"])
    assert (text.period, text.is_published) == (Q4, False)
    assert text.text == "Referrals rose after the new victims' hub opened."
    page = _text(officer_client.get(GRID, SCOPE))
    assert "Decrease (16%, -22,859)" in page  # computed against the year before


def test_one_bad_value_saves_nothing_and_names_the_figure(plan, officer_client):
    response = _grid_post(officer_client, plan, {plan["referrals"]: "12", plan["crime"]: "-5"})
    assert response.status_code == 400
    page = _text(response)
    assert "Nothing was saved" in page
    assert "All crime, 12 months to March 2021: A count cannot be negative; -5 is." in page
    assert Observation.objects.filter(status=Status.DRAFT).count() == 0


def test_published_figures_are_shown_but_not_editable_in_the_grid(plan, lanc, officer_client):
    observation(plan["referrals"], lanc, Q4, 900)
    page = _text(officer_client.get(GRID, SCOPE))
    assert f'name="value-{plan["referrals"].pk}-' not in page
    assert "Published" in page and "900" in page


def test_live_check_warns_of_a_pound_figure_in_a_million_pound_measure(plan, officer_client):
    query = {"measure": plan["spend"].pk, "start": "2020-04-01", "end": "2021-03-31"}
    data = officer_client.get(CHECK, {**query, "value": "4500000"}).json()
    assert data["warnings"] == [
        "£4,500,000.0m looks like a figure in pounds: this measure is in £ million, so £4.5m "
        "is entered as 4.5."
    ]
    good = officer_client.get(CHECK, {**query, "value": "4.5"}).json()
    assert good["warnings"] == [] and good["comparison"] == "Increase (7%, +£0.3m)"


def test_live_check_of_a_bad_request_is_a_400_not_an_error(officer_client):
    assert officer_client.get(CHECK, {"measure": "x", "start": "2021"}).status_code == 400


# One set of rules -----------------------------------------------------------------------

NEGATIVE_COUNT = "A count cannot be negative; -5 is."


def _admin_form(measure, area, start: str, end: str, value: str) -> ObservationForm:
    """The admin's figure form as an officer fills it in for one measure, area and period."""
    return ObservationForm(
        {
            "measure": measure.pk,
            "area": area.pk,
            "period_start": start,
            "period_end": end,
            "value": value,
        }
    )


def test_the_same_bad_value_gives_the_same_message_everywhere(plan, lanc, officer_client):
    crime = plan["crime"]
    form = _admin_form(crime, lanc, "2020-04-01", "2021-03-31", "-5")
    assert not form.is_valid()
    assert form.errors["value"] == [NEGATIVE_COUNT]

    query = {"measure": crime.pk, "start": "2020-04-01", "end": "2021-03-31", "value": "-5"}
    assert officer_client.get(CHECK, query).json()["error"] == NEGATIVE_COUNT
    assert NEGATIVE_COUNT in _text(_grid_post(officer_client, plan, {crime: "-5"}))

    imported = plan_import(csv_bytes("all-crime,,2020-04-01,2021-03-31,-5,"), "q.csv")
    assert [p.message for p in imported.problems] == [NEGATIVE_COUNT]


def test_the_same_refused_period_gives_the_same_message_in_the_admin_and_the_import(plan, lanc):
    expected = (
        "April 2020 (month) is not a period “All crime” takes: it is reported for a financial "
        "year or rolling 12 months and takes figures for quarters, financial years, rolling 12 "
        "months."
    )
    form = _admin_form(plan["crime"], lanc, "2020-04-01", "2020-04-30", "5")
    assert not form.is_valid() and form.errors["period_end"] == [expected]
    imported = plan_import(csv_bytes("all-crime,,2020-04-01,2020-04-30,5,"), "q.csv")
    assert [p.message for p in imported.problems] == [expected]


def test_a_twelve_month_figure_for_a_quarterly_measure_is_accepted_everywhere(
    plan, lanc, officer, officer_client
):
    referrals = plan["referrals"]
    form = _admin_form(referrals, lanc, "2020-04-01", "2021-03-31", "4800")
    assert form.is_valid(), form.errors
    query = {"measure": referrals.pk, "start": "2020-01-01", "end": "2020-12-31", "value": "48"}
    assert officer_client.get(CHECK, query).json()["error"] == ""
    imported = plan_import(
        csv_bytes("LVS referrals,,2020-01-01,2020-12-31,4700,"), "q.csv", user=officer
    )
    assert imported.ok, imported.problems
    apply_import(imported, user=officer)
    submitted = Observation(
        measure=referrals,
        area=lanc,
        period_start=dt.date(2020, 4, 1),
        period_end=dt.date(2021, 3, 31),
        value=Decimal(4800),
    )
    observation_submit(observation=submitted, user=officer)
    kinds = {o.period.kind for o in Observation.objects.filter(measure=referrals)}
    assert kinds == {"rolling_12_months", "financial_year"}


# Plausibility ----------------------------------------------------------------------------


def _warnings(measure, area, period, value):
    return [
        str(w) for w in quality_warnings(candidates=[Candidate(measure, area, *period, value)])[0]
    ]


def test_a_fall_from_30123_to_100_warns_with_a_single_earlier_figure(plan, lanc):
    referrals = plan["referrals"]
    observation(referrals, lanc, Q3, 30123)
    found = _warnings(referrals, lanc, (Q4.start, Q4.end), Decimal(100))
    assert found == [
        "100 is about 300 times smaller than 30,123 (Q3 2020/21, the period before): check "
        "the unit and the digits."
    ]


def test_a_proportion_typed_for_a_percentage_warns_even_without_history(lanc):
    share = MeasureFactory(code="share", name="Share", percentage=True)
    found = _warnings(share, lanc, (Q4.start, Q4.end), Decimal("0.838"))
    assert found == ["0.838 looks like a proportion, not a percentage: enter 83.8 for 83.8%."]
    assert _warnings(share, lanc, (Q4.start, Q4.end), Decimal("0.6")) == []


def test_a_period_that_is_not_a_whole_month_quarter_or_year_warns(plan, lanc):
    found = _warnings(plan["referrals"], lanc, (dt.date(2021, 1, 1), dt.date(2021, 3, 15)), 5)
    assert found == [
        "1 January 2021 to 15 March 2021 is not a whole month, quarter or 12 months: check "
        "the dates."
    ]


def test_a_value_outside_the_control_limits_warns(plan, lanc):
    referrals = plan["referrals"]
    for n in range(12):
        period = Period.quarter(2017 + n // 4, n % 4 + 1)
        observation(referrals, lanc, period, 1000 + (n % 3) * 10)
    found = _warnings(
        referrals, lanc, (Period.quarter(2020, 1).start, Period.quarter(2020, 1).end), Decimal(1400)
    )
    assert len(found) == 1 and "outside the control limits of the 12 earlier figures" in found[0]


# Import by name and the template ---------------------------------------------------------


def test_import_by_names_ignores_case_and_spacing(plan, officer):
    content = csv_bytes(
        "  all   CRIME ,lancashire,2020-04-01,2021-03-31,119515,",
        "lvs referrals,LANC,2021-01-01,2021-03-31,1234,",
    )
    imported = plan_import(content, "names.csv", user=officer)
    assert imported.ok, problems(imported)
    apply_import(imported, user=officer)
    assert Observation.objects.get(measure=plan["crime"], status=Status.DRAFT).value == 119515


def test_an_ambiguous_name_asks_for_the_code(plan):
    MeasureFactory(code="all-crime-2", name="All Crime")
    imported = plan_import(csv_bytes("all crime,,2020-04-01,2021-03-31,5,"), "a.csv")
    assert [p.message for p in imported.problems] == [
        "More than one measure is called “all crime”: give its code (“all-crime”, “all-crime-2”)."
    ]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_template_lists_every_due_figure_and_imports_back_unchanged(
    plan, lanc, officer, officer_client, fmt
):
    observation(plan["referrals"], lanc, Q4, 900, status=Status.DRAFT)
    url = reverse("admin:performance_observation_template")
    response = officer_client.get(url, {"plan": "pcp-2016", "quarter": "2020-Q4", "format": fmt})
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith(f'.{fmt}"')
    content = response.content
    if fmt == "csv":
        lines = content.decode("utf-8-sig").splitlines()
        assert lines[0] == "measure,area,unit,period_start,period_end,value,note"
        assert lines[1:] == [
            "LVS referrals,Lancashire,Count,2021-01-01,2021-03-31,900,",
            "All crime,Lancashire,Count,2020-04-01,2021-03-31,,",
            "Victim services spend,Lancashire,£ million,2020-04-01,2021-03-31,,",
        ]
    unchanged = plan_import(content, f"template.{fmt}", user=officer)
    assert unchanged.ok, problems(unchanged)
    assert unchanged.counts["Unchanged"] == 1 and not unchanged.changes
    assert "2 rows without a value left out." in unchanged.notes


def test_a_unit_column_that_disagrees_with_the_measure_is_refused(plan):
    content = csv_bytes(
        "Victim services spend,,£ million,2020-04-01,2021-03-31,4.5,",
        "All crime,,Percentage,2020-04-01,2021-03-31,5,",
        header="measure,area,unit,period_start,period_end,value,note",
    )
    imported = plan_import(content, "u.csv")
    assert problems(imported) == [
        "Line 3, column unit: The unit “Percentage” is not the unit of “All crime”, which is "
        "count (count: a whole number)."
    ]


# The lead's review and the quarter's progress ---------------------------------------------


@pytest.fixture
def entered(plan, officer, officer_client):
    _grid_post(
        officer_client,
        plan,
        {plan["referrals"]: "1234", plan["crime"]: "119515", plan["spend"]: "4500000"},
        commentary="Referrals rose.",
    )
    return {o.measure.code: o for o in Observation.objects.filter(status=Status.DRAFT)}


def _send_back(lead_client, figure, reason: str):
    """The lead returns a draft to its author from the review, with the reason they will read."""
    lead_client.post(REVIEW_Q4, {"action": f"return-{figure.pk}", f"reason-{figure.pk}": reason})


def test_review_lists_drafts_by_priority_with_value_previous_change_warnings_and_author(
    entered, lead_client
):
    page = " ".join(_text(lead_client.get(REVIEW_Q4)).split())
    assert "Supporting victims" in page
    assert "119,515" in page and "142,374" in page and "Decrease (16%, -22,859)" in page
    assert "looks like a figure in pounds" in page
    assert "test-officer" in page


def test_lead_sends_one_back_verifies_the_rest_and_publishes_the_quarter(
    entered, plan, lead_client, officer_client
):
    spend = entered["victims-spend"]
    _send_back(lead_client, spend, "Pounds, not £m.")
    spend.refresh_from_db()
    assert spend.is_returned and spend.returned_reason == "Pounds, not £m."
    assert "Pounds, not £m." in _text(officer_client.get(GRID, SCOPE))

    others = [entered["lvs-referrals"].pk, entered["all-crime"].pk]
    lead_client.post(REVIEW_Q4, {"action": "verify", "verify": [*others, spend.pk]})
    statuses = dict(Observation.objects.values_list("pk", "status"))
    assert [statuses[pk] for pk in others] == [Status.VERIFIED, Status.VERIFIED]
    assert statuses[spend.pk] == Status.DRAFT  # sent back: not on the list to verify

    lead_client.post(REVIEW_Q4, {"action": "publish", "acknowledge": "yes"})
    statuses = dict(Observation.objects.values_list("pk", "status"))
    assert [statuses[pk] for pk in others] == [Status.PUBLISHED, Status.PUBLISHED]
    assert Commentary.objects.get(priority=plan["priority"]).is_published


def test_the_officer_fixing_a_sent_back_figure_returns_it_to_the_lead(
    entered, plan, lead_client, officer_client
):
    spend = entered["victims-spend"]
    _send_back(lead_client, spend, "Pounds.")
    _grid_post(officer_client, plan, {plan["spend"]: "4.5"})
    spend.refresh_from_db()
    assert (spend.value, spend.is_returned) == (Decimal("4.5"), False)


def test_officers_cannot_act_on_the_review(entered, officer_client):
    crime = entered["all-crime"]
    response = officer_client.post(REVIEW_Q4, {"action": "verify", "verify": [crime.pk]})
    assert response.status_code == 403
    crime.refresh_from_db()
    assert crime.status == Status.DRAFT


def test_the_lead_cannot_verify_their_own_entry(plan, lead, lead_client):
    _grid_post(lead_client, plan, {plan["crime"]: "119515"})
    crime = Observation.objects.get(status=Status.DRAFT)
    lead_client.post(REVIEW_Q4, {"action": "verify", "verify": [crime.pk]})
    crime.refresh_from_db()
    assert crime.status == Status.DRAFT


def test_outstanding_page_starts_the_quarter_per_priority(
    entered, plan, lead_client, officer_client
):
    spend = entered["victims-spend"]
    _send_back(lead_client, spend, "Pounds.")
    page = _text(
        officer_client.get(
            reverse("performance:staff_outstanding"), {"scope": "pcp-2016", "quarter": "2020-Q4"}
        )
    )
    row = page.split('id="progress-table"', 1)[1].split("</table>", 1)[0]
    cells = [
        " ".join(re.sub(r"<[^>]+>", " ", c).split())
        for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row.split("<tbody", 1)[1], re.S)
    ]
    assert cells[:7] == ["Supporting victims", "3", "3", "2", "1", "0", "0"]
    assert "scope=pcp-2016/victims&amp;quarter=2020-Q4" in row


def test_admin_autocomplete_offers_the_measure_named_exactly_first(officer_client):
    for name in ("Front-line policing spend: visible", "Front-line policing spend: non-visible"):
        MeasureFactory(code=name.split(": ")[1], name=name)
    response = officer_client.get(
        reverse("admin:autocomplete"),
        {
            "term": "Front-line policing spend: visible",
            "app_label": "performance",
            "model_name": "observation",
            "field_name": "measure",
        },
    )
    names = [result["text"] for result in response.json()["results"]]
    assert names == ["Front-line policing spend: visible", "Front-line policing spend: non-visible"]


def test_verify_all_takes_only_the_figures_listed_and_not_the_leads_own(
    entered, plan, lead, lead_client
):
    outside = observation(plan["referrals"], force(), Q3, 800, status=Status.DRAFT)
    own = entered["victims-spend"]
    Observation.objects.filter(pk=own.pk).update(entered_by=lead)
    lead_client.post(REVIEW_Q4, {"action": "verify_all"})
    statuses = dict(Observation.objects.values_list("pk", "status"))
    assert statuses[entered["all-crime"].pk] == statuses[entered["lvs-referrals"].pk] == "verified"
    assert statuses[own.pk] == statuses[outside.pk] == Status.DRAFT


@pytest.mark.parametrize("extra", [0, 30])
def test_grid_and_review_queries_do_not_grow_with_the_measures(
    plan, lanc, officer, officer_client, lead_client, django_assert_max_num_queries, extra
):
    for n in range(extra):
        measure = MeasureFactory(code=f"extra-{n}", name=f"Extra {n:02d}", frequency="quarter")
        PriorityMeasure.objects.create(priority=plan["priority"], measure=measure, position=9)
        observation(measure, lanc, Q3, 100 + n)
        observation(measure, lanc, Q4, 100 + n, status=Status.DRAFT, entered_by=officer)
    with django_assert_max_num_queries(22):
        page = _text(officer_client.get(GRID, SCOPE))
    assert page.count("opcc-entry-value") == 3 + extra
    with django_assert_max_num_queries(22):
        page = _text(lead_client.get(REVIEW_Q4))
    assert f"Awaiting verification: {extra}" in page


def test_the_picker_falls_back_to_the_plans_first_priority_and_latest_quarter_and_says_so(
    officer_client, plan
):
    body = officer_client.get(GRID, {"scope": "no-such-plan", "quarter": "1999-Q9"}).content
    text = body.decode()
    # The newest plan's first priority, its latest quarter, and why the asked-for one is not shown.
    assert '<option value="pcp-2016/victims" selected>' in text
    assert "“1999-Q9” is not a quarter of this plan; showing Q4 2020/21." in text
    whole = officer_client.get(GRID, {"scope": "pcp-2016", "quarter": "2020-Q3"}).content.decode()
    assert '<option value="pcp-2016" selected>' in whole
    assert "is not a quarter of this plan" not in whole
