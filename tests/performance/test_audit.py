"""The audit trail: one history row per changed figure, with the user, in the admin and on
the staff history page."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from core.periods import Period
from performance import services
from performance.imports.spreadsheet import apply_import, plan_import
from performance.models import Area, Measure, Observation, Status
from tests.factories import AreaFactory, MeasureFactory, ObservationFactory
from tests.performance.import_helpers import csv_bytes, table_rows

pytestmark = pytest.mark.django_db


def _import(lines, user, name="q1.csv"):
    apply_import(plan_import(csv_bytes(*lines), name, user=user), user=user)


def _quarters(count):
    """ISO start and end of `count` consecutive financial quarters from Q1 2000/01."""
    for n in range(count):
        period = Period.quarter(2000 + n // 4, n % 4 + 1)
        yield period.start.isoformat(), period.end.isoformat()


def test_bulk_import_writes_one_history_row_per_new_observation(reference, officer):
    lines = [f"lvs-referrals,,{s},{e},{100 + i}," for i, (s, e) in enumerate(_quarters(30))]
    _import(lines, officer)

    assert Observation.objects.count() == 30
    rows = Observation.history.all()
    assert rows.count() == 30
    assert set(rows.values_list("history_type", "history_user", "history_change_reason")) == {
        ("+", officer.pk, "Imported from q1.csv")
    }
    assert sorted(rows.values_list("id", flat=True)) == sorted(
        Observation.objects.values_list("pk", flat=True)
    )


def test_an_import_longer_than_a_batch_writes_each_figure_once_with_its_history_as_stored(
    reference, officer, monkeypatch
):
    monkeypatch.setattr(services, "IMPORT_BATCH", 4)  # 10 figures: batches of 4, 4 and 2
    lines = [f"lvs-referrals,,{s},{e},{200 + i}," for i, (s, e) in enumerate(_quarters(10))]
    _import(lines, officer, name="long.csv")

    stored = {o.pk: o for o in Observation.objects.all()}
    assert sorted(o.value for o in stored.values()) == [Decimal(200 + i) for i in range(10)]
    history = list(Observation.history.all())
    assert sorted(row.id for row in history) == sorted(stored)
    for row in history:
        figure = stored[row.id]
        assert (row.measure_id, row.area_id, row.period_start, row.period_end) == (
            figure.measure_id,
            figure.area_id,
            figure.period_start,
            figure.period_end,
        )
        assert (row.value, row.unit, row.status, row.entered_by_id) == (
            figure.value,
            "count",
            Status.DRAFT,
            officer.pk,
        )
        assert (row.history_type, row.history_user_id, row.history_change_reason) == (
            "+",
            officer.pk,
            "Imported from long.csv",
        )
    # One import is one change: every row has the same moment.
    assert len({row.history_date for row in history}) == 1


def test_a_bad_figure_in_a_later_batch_leaves_the_earlier_batches_unwritten(
    reference, officer, monkeypatch
):
    """The service validates each batch before writing it; a refusal in the third batch rolls
    back the two already written."""
    monkeypatch.setattr(services, "IMPORT_BATCH", 2)
    measure = Measure.objects.get(code="lvs-referrals")
    area = Area.objects.get(code="WEST")
    figures = [
        Observation(
            measure=measure,
            area=area,
            period_start=dt.date.fromisoformat(s),
            period_end=dt.date.fromisoformat(e),
            value=Decimal(-1 if i == 4 else i),
            status=Status.DRAFT,
            entered_by=officer,
        )
        for i, (s, e) in enumerate(_quarters(6))
    ]
    with pytest.raises(ValidationError) as refused:
        services.observations_import(
            new=iter(figures), updates=[], revisions=[], user=officer, source="bad.csv"
        )
    assert refused.value.message_dict == {"value": ["A count cannot be negative; -1 is."]}
    assert Observation.objects.count() == 0
    assert Observation.history.count() == 0


def test_reimport_writes_history_only_for_the_changed_observations(reference, officer, lead):
    quarters = list(_quarters(3))
    _import([f"lvs-referrals,,{s},{e},10," for s, e in quarters], officer)
    changed = [f"lvs-referrals,,{s},{e},{10 + i}," for i, (s, e) in enumerate(quarters)]
    _import(changed, lead, name="q1-corrected.csv")

    updates = Observation.history.filter(history_type="~")
    assert updates.count() == 2
    assert set(updates.values_list("history_user", flat=True)) == {lead.pk}
    assert sorted(updates.values_list("value", flat=True)) == [Decimal("11"), Decimal("12")]
    assert Observation.history.count() == 5


def test_bulk_verify_and_publish_write_one_history_row_each_with_the_lead(reference, officer, lead):
    _import([f"lvs-referrals,,{s},{e},10," for s, e in _quarters(4)], officer)
    observations = list(Observation.objects.select_related("measure", "area"))
    services.observations_verify(observations=observations, user=lead)
    services.observations_publish(observations=observations, user=lead, acknowledge_warnings=True)

    rows = Observation.history.filter(history_user=lead).order_by("history_id")
    assert [r.status for r in rows] == ["verified"] * 4 + ["published"] * 4
    assert set(rows.values_list("history_change_reason", flat=True)) == {"Verified", "Published"}


def test_admin_history_of_an_observation_shows_who_changed_the_value(
    reference, officer, officer_client
):
    obs = ObservationFactory(
        measure=reference["referrals"],
        period_start=dt.date(2021, 4, 1),
        period_end=dt.date(2021, 6, 30),
        value=Decimal("10"),
        status=Status.DRAFT,
    )
    obs.value = Decimal("11")
    services.observation_submit(observation=obs, user=officer)

    page = officer_client.get(
        reverse("admin:performance_observation_history", args=[obs.pk])
    ).content.decode()

    assert "test-officer" in page
    assert "10.0000" in page and "11.0000" in page


def test_admin_history_cannot_revert(reference, lead_client):
    obs = ObservationFactory(measure=reference["crime"], value=Decimal("10"))
    version = obs.history.get()
    url = reverse("admin:performance_observation_simple_history", args=[obs.pk, version.pk])
    assert lead_client.get(url).status_code == 200
    assert "Revert" not in lead_client.get(url).content.decode()
    assert lead_client.post(url, {"value": "1"}).status_code == 405


def test_measure_changes_are_in_its_history_with_the_user(reference, lead_client):
    measure = reference["crime"]
    response = lead_client.post(
        reverse("admin:performance_measure_change", args=[measure.pk]),
        {
            "name": "All recorded crime",
            "code": measure.code,
            "unit": "count",
            "decimal_places": "0",
            "direction_of_good": "down",
            "frequency": "year",
            "source": "Recorded crime dashboard",
            "notes": "",
            "target_operator": "",
            "target_value": "",
            "observations-TOTAL_FORMS": "0",
            "observations-INITIAL_FORMS": "0",
            "priority_links-TOTAL_FORMS": "0",
            "priority_links-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    latest = Measure.history.filter(id=measure.pk).latest()
    assert (latest.name, latest.history_user.username) == ("All recorded crime", "test-lead")


# The staff history page -------------------------------------------------------------------


def _history_url(measure):
    return reverse("performance:staff_measure_history", args=[measure.code])


def test_staff_history_page_lists_user_time_and_old_to_new_value(
    reference, officer, lead, officer_client
):
    _import(['lvs-referrals,,2021-04-01,2021-06-30,"1,200",'], officer)
    _import(['lvs-referrals,,2021-04-01,2021-06-30,"1,250",'], lead, name="fix.csv")

    page = officer_client.get(_history_url(reference["referrals"])).content.decode()

    rows = table_rows(page, "history-table")
    assert "3 changes, newest first" in page  # two to the figure, one the measure's creation
    assert rows[0][1:] == [
        "test-lead",
        "Lancashire, Q1 2021/22",
        "Changed",
        "1,200 → 1,250",
        "Draft",
        "Imported from fix.csv",
    ]
    assert rows[1][1:] == [
        "test-officer",
        "Lancashire, Q1 2021/22",
        "Created",
        "1,200",
        "Draft",
        "Imported from q1.csv",
    ]


def test_history_page_is_for_staff_only(reference, panel_client, anon_client, lead_client):
    url = _history_url(reference["crime"])
    assert panel_client.get(url).status_code == 403
    response = anon_client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert lead_client.get(url).status_code == 200
    assert (
        lead_client.get(reverse("performance:staff_measure_history", args=["nope"])).status_code
        == 404
    )
    assert lead_client.get(url + "?page=banana").status_code == 200


@pytest.mark.parametrize("count", [5, 60])
def test_history_page_queries_do_not_grow_with_the_changes(
    reference, officer, officer_client, django_assert_max_num_queries, count
):
    areas = [AreaFactory(code=f"H{n}", name=f"Area {n}", position=n) for n in range(3)]
    lines = [
        f"lvs-referrals,{a.code},{s},{e},{i},"
        for a in areas
        for i, (s, e) in enumerate(_quarters(count))
    ]
    _import(lines, officer)
    with django_assert_max_num_queries(8):
        response = officer_client.get(_history_url(reference["referrals"]))
    assert f"{3 * count + 1} changes" in response.content.decode()


def test_other_measures_changes_are_not_in_the_history(reference, officer, officer_client):
    other = MeasureFactory(code="other", frequency="quarter")
    _import(["lvs-referrals,,2021-04-01,2021-06-30,5,"], officer)
    ObservationFactory(measure=other, value=Decimal("77"))
    page = officer_client.get(_history_url(reference["referrals"])).content.decode()
    assert "2 changes, newest first" in page  # the figure and the measure's own creation
    assert "77" not in page
