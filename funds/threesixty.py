"""Published grants in the 360Giving Data Standard (JSON package and flat CSV).

Only published grants with a named recipient and an amount are exported: the standard requires
both, and a draft is never public. Identifiers are stable: the grant's id under the OPCC's
360Giving prefix (settings.GRANTS_360G_PREFIX); recipients are identified by their charity
(GB-CHC-) or company (GB-COH-) number when known, otherwise by a generated id under the prefix.
"""

from decimal import Decimal

from django.conf import settings
from django.db.models import QuerySet

from pcc_portal.identity import site_identity

from .models import Grant, Organisation

SCHEMA_VERSION = "1.4"
CSV_COLUMNS = [
    ("Identifier", "id"),
    ("Title", "title"),
    ("Description", "description"),
    ("Currency", "currency"),
    ("Amount Awarded", "amountAwarded"),
    ("Award Date", "awardDate"),
    ("Recipient Org:Identifier", "recipientOrganization.id"),
    ("Recipient Org:Name", "recipientOrganization.name"),
    ("Recipient Org:Charity Number", "recipientOrganization.charityNumber"),
    ("Recipient Org:Company Number", "recipientOrganization.companyNumber"),
    ("Funding Org:Identifier", "fundingOrganization.id"),
    ("Funding Org:Name", "fundingOrganization.name"),
    ("Grant Programme:Code", "grantProgramme.code"),
    ("Grant Programme:Title", "grantProgramme.title"),
    ("Last Modified", "dateModified"),
]


def prefix() -> str:
    return (settings.GRANTS_360G_PREFIX or site_identity().grants_prefix).rstrip("-")


def exportable_grants() -> QuerySet[Grant]:
    return (
        Grant.objects.published()
        .filter(organisation__isnull=False, amount_awarded__isnull=False)
        .select_related("fund", "organisation")
        .order_by("award_date", "pk")
    )


def organisation_identifier(organisation: Organisation) -> str:
    if organisation.charity_number:
        return f"GB-CHC-{organisation.charity_number}"
    if organisation.company_number:
        return f"GB-COH-{organisation.company_number}"
    return f"{prefix()}-org-{organisation.slug}"


def funder() -> dict:
    return {"id": f"{prefix()}-funder", "name": settings.OPCC_NAME or site_identity().office}


def _number(amount: Decimal) -> int | float:
    # JSON has no decimal type: a whole amount is written as an integer, pence as a float,
    # whose shortest form round-trips the two decimal places exactly.
    return int(amount) if amount == amount.to_integral_value() else float(amount)


def grant_record(grant: Grant) -> dict:
    organisation = grant.organisation
    recipient = {"id": organisation_identifier(organisation), "name": organisation.name}
    if organisation.charity_number:
        recipient["charityNumber"] = organisation.charity_number
    if organisation.company_number:
        recipient["companyNumber"] = organisation.company_number
    return {
        "id": f"{prefix()}-{grant.pk}",
        "title": grant.title,
        "description": grant.purpose or grant.title,
        "currency": "GBP",
        "amountAwarded": _number(grant.amount_awarded),
        "awardDate": grant.award_date.isoformat(),
        "recipientOrganization": [recipient],
        "fundingOrganization": [funder()],
        "grantProgramme": [
            {"code": f"{grant.fund.slug}-{grant.fund.start_year}", "title": str(grant.fund)}
        ],
        "dateModified": grant.updated_at.isoformat(),
    }


def package(grants: QuerySet[Grant] | None = None) -> dict:
    """The 360Giving package: {"grants": [...]} with the schema version it follows."""
    grants = exportable_grants() if grants is None else grants
    return {"version": SCHEMA_VERSION, "grants": [grant_record(g) for g in grants]}


def flat_rows(records: list[dict]):
    """The CSV header and one row per grant, in 360Giving's column titles."""
    yield [title for title, _ in CSV_COLUMNS]
    for record in records:
        row = []
        for _, path in CSV_COLUMNS:
            key, _, sub = path.partition(".")
            value = record.get(key, "")
            if sub:
                value = value[0].get(sub, "") if value else ""
            row.append(value)
        yield row
