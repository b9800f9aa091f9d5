"""Delivery of the plan: commitments with quarterly progress, signed off like figures, on the
delivery page, a commitment's page and their exports."""

import csv
import io
import re

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from performance.delivery import signoff
from performance.delivery.selectors import commitments_with_progress, delivery_summary
from performance.models import Commitment, ProgressUpdate, Status
from tests.factories import MeasureFactory, PlanFactory, PriorityFactory, UserFactory
from tests.performance.delivery_factories import (
    CommitmentFactory,
    EvidenceFactory,
    ProgressUpdateFactory,
)
from tests.performance.periods import Q1_2022, Q3_2021, Q4_2021

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan():
    return PlanFactory(code="pcp-2021", title="Police and Crime Plan for Lancashire 2021–2025")


@pytest.fixture
def asb(plan):
    return PriorityFactory(plan=plan, code="asb", title="Getting tough on anti-social behaviour")


@pytest.fixture
def burglary(plan):
    return PriorityFactory(plan=plan, code="burglary", title="Cracking down on burglary")


@pytest.fixture
def front_counters(asb):
    return CommitmentFactory(
        priority=asb, position=1, text="Ensure every borough has access to a police front counter."
    )


def text_of(response):
    return re.sub(r"\s+", " ", response.getvalue().decode())


def delivery_url(plan, **query):
    url = reverse("performance:delivery", kwargs={"plan": plan.code})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def draft_by(officer, commitment, **fields):
    update = ProgressUpdate(
        commitment=commitment,
        period_start=Q3_2021.start,
        period_end=Q3_2021.end,
        progress=fields.pop("progress", "in_progress"),
        narrative=fields.pop("narrative", "SECRET-DRAFT-NARRATIVE front counters reopened."),
    )
    return signoff.submit(record=update, user=officer)


# Sign-off --------------------------------------------------------------------------------


def test_progress_update_is_hidden_until_the_lead_publishes_it(
    public_client, officer, lead, plan, front_counters
):
    update = draft_by(officer, front_counters)
    pages = [
        delivery_url(plan),
        front_counters.get_absolute_url(),
        delivery_url(plan, _export="csv"),
    ]

    def shown():
        return [text_of(public_client.get(url)) for url in pages]

    for stage in ("draft", "verified"):
        delivery, detail, export = shown()
        for body in (delivery, detail, export):
            assert "SECRET-DRAFT-NARRATIVE" not in body, stage
        assert counts_on(delivery, "All priorities")["In progress"] == 0
        assert counts_on(delivery, "All priorities")["Not yet reported"] == 1
        assert "No update on this commitment has been published yet." in detail
        assert "In progress" not in export and "Not yet reported" in export
        if stage == "draft":
            signoff.verify(record=update, user=lead)

    signoff.publish(record=update, user=lead)
    delivery, detail, export = shown()
    assert "SECRET-DRAFT-NARRATIVE front counters reopened." in detail
    assert "In progress" in delivery and "Q3 2021/22" in delivery
    assert "In progress" in export and "SECRET-DRAFT-NARRATIVE" in export
    update.refresh_from_db()
    assert (update.entered_by, update.verified_by, update.published_by) == (officer, lead, lead)


def test_staff_see_drafts_only_when_they_ask(officer_client, officer, plan, front_counters):
    draft_by(officer, front_counters)
    assert "SECRET-DRAFT" not in text_of(officer_client.get(front_counters.get_absolute_url()))
    asked = text_of(officer_client.get(front_counters.get_absolute_url() + "?drafts=1"))
    assert "SECRET-DRAFT" in asked and "Draft" in asked


def test_officer_can_neither_verify_nor_publish_and_lead_never_signs_off_own_entry(
    officer, lead, front_counters
):
    colleague = UserFactory(username="colleague", role="OPCC officer")
    update = draft_by(colleague, front_counters)
    with pytest.raises(PermissionDenied):
        signoff.verify(record=update, user=officer)
    own = draft_by(lead, CommitmentFactory(priority=front_counters.priority))
    with pytest.raises(signoff.WorkflowError, match="someone else must verify"):
        signoff.verify(record=own, user=lead)
    second_lead = UserFactory(username="second-lead", role="Performance lead")
    signoff.verify(record=own, user=second_lead)
    with pytest.raises(signoff.WorkflowError, match="someone else must publish"):
        signoff.publish(record=own, user=lead)
    with pytest.raises(signoff.WorkflowError, match="only verified records can be published"):
        signoff.publish(record=update, user=lead)
    update.status = Status.VERIFIED
    with pytest.raises(PermissionDenied):
        signoff.publish(record=update, user=officer)


def test_changing_a_verified_update_makes_it_a_draft_of_the_editor(officer, lead, front_counters):
    colleague = UserFactory(username="colleague", role="OPCC officer")
    update = draft_by(colleague, front_counters)
    signoff.verify(record=update, user=lead)
    update.narrative = "Rewritten after verification."
    signoff.submit(record=update, user=officer)
    update.refresh_from_db()
    assert (update.status, update.entered_by, update.verified_by) == (Status.DRAFT, officer, None)


def test_a_published_update_cannot_be_changed(officer, front_counters):
    update = ProgressUpdateFactory(commitment=front_counters)
    update.narrative = "Quietly rewritten."
    with pytest.raises(signoff.WorkflowError, match="published and can no longer be changed"):
        signoff.submit(record=update, user=officer)
    update.refresh_from_db()
    assert update.narrative != "Quietly rewritten."


def test_an_update_is_for_one_quarter(officer, front_counters):
    update = ProgressUpdate(
        commitment=front_counters,
        period_start=Q3_2021.start,
        period_end=Q4_2021.end,
        progress="in_progress",
        narrative="Six months.",
    )
    with pytest.raises(ValidationError) as error:
        signoff.submit(record=update, user=officer)
    assert "is not a quarter" in str(error.value)
    assert not ProgressUpdate.objects.exists()


# The delivery page -----------------------------------------------------------------------


@pytest.fixture
def delivery(asb, burglary, officer):
    """Five commitments: published updates in progress, complete, and complete and closed (the
    latter superseding an older "challenging"); a draft "complete"; and one never reported."""
    c = [CommitmentFactory(priority=asb, position=n, text=f"ASB commitment {n}") for n in (1, 2, 3)]
    c += [CommitmentFactory(priority=burglary, position=n, text=f"Burglary {n}") for n in (1, 2)]
    ProgressUpdateFactory(commitment=c[0], progress="in_progress")
    ProgressUpdateFactory(commitment=c[1], progress="complete")
    ProgressUpdateFactory(commitment=c[3], progress="challenging", quarter=Q3_2021)
    ProgressUpdateFactory(commitment=c[3], progress="closed", quarter=Q4_2021)
    draft_by(officer, c[2], progress="complete")
    return c


COUNT_ITEM = re.compile(
    r'(?:<strong[^>]*>|<span class="opcc-progress-none">)([^<]+)</(?:strong|span)>\s*'
    r'<span class="opcc-delivery-counts__number">(\d+)</span>'
)


def counts_on(page: str, label: str) -> dict[str, int]:
    """The counts list labelled `label` on the delivery page, as {status words: count}."""
    pattern = rf'aria-label="{re.escape(label)}: commitments by latest status">(.*?)</ul>'
    block = re.search(pattern, page).group(1)
    return {words: int(n) for words, n in COUNT_ITEM.findall(block)}


def test_counts_by_status_equal_the_published_updates(public_client, plan, delivery):
    page = text_of(public_client.get(delivery_url(plan)))
    expected = {
        "Not started": 0,
        "In progress": 1,
        "Challenging": 0,
        "Complete": 1,
        "Complete and closed": 1,
        "Not yet reported": 2,
    }
    assert counts_on(page, "All priorities") == expected
    # Worked out again from the published updates themselves: each commitment's latest one.
    latest = {}
    for update in ProgressUpdate.objects.published().order_by("period_end"):
        latest[update.commitment_id] = update.get_progress_display()
    from_updates = {words: list(latest.values()).count(words) for words in expected}
    from_updates["Not yet reported"] = Commitment.objects.count() - len(latest)
    assert counts_on(page, "All priorities") == from_updates
    assert "2 of 5 complete" in page
    assert counts_on(page, "Getting tough on anti-social behaviour")["Not yet reported"] == 1
    assert "1 of 3 complete" in page and "1 of 2 complete" in page


def test_filters_and_exports_carry_exactly_the_page_rows(public_client, plan, delivery):
    query = {"status": "not_reported"}
    page = public_client.get(delivery_url(plan, **query)).content.decode()
    on_page = re.findall(
        r'<td class="govuk-table__cell opcc-delivery-table__text"[^>]*><a [^>]*>([^<]+)</a>', page
    )
    assert on_page == ["ASB commitment 3", "Burglary 2"]
    rows = list(
        csv.DictReader(
            io.StringIO(
                public_client.get(delivery_url(plan, _export="csv", **query)).getvalue().decode()
            )
        )
    )
    assert [row["Commitment"] for row in rows] == on_page
    assert {row["Latest status"] for row in rows} == {"Not yet reported"}
    book = openpyxl.load_workbook(
        io.BytesIO(public_client.get(delivery_url(plan, _export="xlsx", **query)).content)
    )
    sheet = list(book.active.iter_rows(values_only=True))
    assert [row[1] for row in sheet[1:]] == on_page
    # Unfiltered, every commitment of the plan in the plan's order, with its status.
    everything = list(
        csv.DictReader(
            io.StringIO(public_client.get(delivery_url(plan, _export="csv")).getvalue().decode())
        )
    )
    assert [(r["Commitment"], r["Latest status"], r["Reported for"]) for r in everything] == [
        ("ASB commitment 1", "In progress", "Q3 2021/22"),
        ("ASB commitment 2", "Complete", "Q3 2021/22"),
        ("ASB commitment 3", "Not yet reported", ""),
        ("Burglary 1", "Complete and closed", "Q4 2021/22"),
        ("Burglary 2", "Not yet reported", ""),
    ]


def test_status_as_of_a_period_end_ignores_later_updates(plan, delivery):
    as_of_q3 = commitments_with_progress(plan=plan, as_of=Q3_2021.end)
    assert {c.text: c.status for c in as_of_q3}["Burglary 1"] == "challenging"
    assert delivery_summary(as_of_q3).counts["closed"] == 0
    now = {c.text: c.status for c in commitments_with_progress(plan=plan)}
    assert now["Burglary 1"] == "closed"
    before_any = commitments_with_progress(plan=plan, as_of=Q3_2021.start)
    assert delivery_summary(before_any).counts["not_reported"] == 5


def test_commitment_page_shows_the_history_of_published_updates(public_client, delivery):
    closed = delivery[3]
    EvidenceFactory(
        update=closed.updates.get(period_end=Q4_2021.end),
        measure=MeasureFactory(name="Residential burglary"),
        detail="",
    )
    ProgressUpdateFactory(
        commitment=closed,
        progress="complete",
        quarter=Q1_2022,
        status=Status.VERIFIED,
        narrative="VERIFIED-NOT-PUBLISHED",
    )
    page = text_of(public_client.get(closed.get_absolute_url()))
    assert page.index("Q4 2021/22") < page.index("Q3 2021/22")  # newest first
    assert "Complete and closed" in page and "Challenging" in page
    assert "Measure: Residential burglary" in page
    assert "VERIFIED-NOT-PUBLISHED" not in page and "Q1 2022/23" not in page


def test_delivery_page_query_count_does_not_grow(
    anon_client, plan, asb, django_assert_max_num_queries
):
    for n in range(1, 60):
        ProgressUpdateFactory(commitment=CommitmentFactory(priority=asb, position=n))
    with django_assert_max_num_queries(8):
        response = anon_client.get(delivery_url(plan))
    assert text_of(response).count("In progress") > 59


def test_an_unknown_plan_or_commitment_is_not_found(anon_client):
    assert anon_client.get("/performance/plans/no-such-plan/delivery/").status_code == 404
    assert anon_client.get("/performance/commitments/999999/").status_code == 404


def test_lead_officer_column_only_once_a_lead_is_assigned(anon_client, plan, delivery, officer):
    header = anon_client.get(delivery_url(plan, _export="csv")).getvalue().decode().splitlines()[0]
    assert "Lead officer" not in header
    officer.first_name, officer.last_name = "Olivia", "Officer"
    officer.save()
    delivery[0].lead_officer = officer
    delivery[0].save()
    rows = list(
        csv.DictReader(
            io.StringIO(anon_client.get(delivery_url(plan, _export="csv")).getvalue().decode())
        )
    )
    assert rows[0]["Lead officer"] == "Olivia Officer"
    assert "Olivia Officer" in text_of(anon_client.get(delivery_url(plan)))
