"""The 360Giving export validates against the official schemas and the core-field rules."""

import csv
import datetime as dt
import io
import json
import re
from decimal import Decimal

import pytest
from django.conf import settings
from jsonschema import Draft202012Validator
from referencing import Registry
from referencing.jsonschema import DRAFT202012

from funds import threesixty
from tests.funds.factories import GrantFactory, OrganisationFactory

# The official schemas, copied into the repository with their source and licence.
STANDARD = settings.BASE_DIR / "standards" / "360giving"
CORE_FIELDS = ["id", "title", "description", "currency", "amountAwarded", "awardDate"]


def _validator():
    grant = json.loads((STANDARD / "360-giving-schema.json").read_text())
    package = json.loads((STANDARD / "360-giving-package-schema.json").read_text())
    grant_resource = DRAFT202012.create_resource(grant)
    registry = Registry().with_resources(
        [
            (grant["$id"], grant_resource),
            # The package schema refers to the grant schema by its 1.4.2 address.
            (package["properties"]["grants"]["items"]["$ref"], grant_resource),
        ]
    )
    return Draft202012Validator(
        package, registry=registry, format_checker=Draft202012Validator.FORMAT_CHECKER
    )


def core_field_problems(package: dict) -> list[str]:
    """Our own check of the ten core fields, stricter than the schema on content."""
    problems, ids = [], set()
    prefix = threesixty.prefix()
    for grant in package["grants"]:
        where = grant.get("id", "?")
        for name in CORE_FIELDS:
            if grant.get(name) in (None, ""):
                problems.append(f"{where}: {name} is missing")
        if not str(grant.get("id", "")).startswith(prefix + "-"):
            problems.append(f"{where}: identifier lacks the prefix {prefix}")
        if grant["id"] in ids:
            problems.append(f"{where}: identifier repeated")
        ids.add(grant["id"])
        if grant.get("currency") != "GBP":
            problems.append(f"{where}: currency is not GBP")
        if not isinstance(grant.get("amountAwarded"), int | float) or grant["amountAwarded"] <= 0:
            problems.append(f"{where}: amountAwarded is not a positive number")
        try:
            dt.date.fromisoformat(grant.get("awardDate", ""))
        except ValueError:
            problems.append(f"{where}: awardDate is not a YYYY-MM-DD date")
        for role in ("recipientOrganization", "fundingOrganization"):
            org = (grant.get(role) or [{}])[0]
            if not org.get("id") or not org.get("name"):
                problems.append(f"{where}: {role} needs an identifier and a name")
        recipient = grant["recipientOrganization"][0]["id"]
        if not re.match(
            rf"^(GB-CHC-\d+|GB-COH-[0-9A-Z]{{8}}|{re.escape(prefix)}-org-[a-z0-9-]+)$", recipient
        ):
            problems.append(f"{where}: recipient identifier {recipient} is not a known scheme")
    return problems


def test_demo_export_is_valid_360giving(anon_client, grants_demo):
    package = anon_client.get("/funds/360giving.json").json()

    errors = [e.message for e in _validator().iter_errors(package)]
    assert errors == []
    assert core_field_problems(package) == []
    # Grants without a named recipient (3) or a published amount (5; one lacks both) cannot be
    # 360Giving records: 58 - 7.
    assert len(package["grants"]) == 51


def test_validator_rejects_a_grant_missing_a_core_field_or_with_a_bad_date(anon_client, db):
    GrantFactory()
    package = anon_client.get("/funds/360giving.json").json()
    del package["grants"][0]["currency"]
    package["grants"][0]["awardDate"] = "31/08/2020"

    assert len(list(_validator().iter_errors(package))) >= 1
    problems = " ".join(core_field_problems(package))
    assert "currency is not GBP" in problems and "awardDate is not a YYYY-MM-DD date" in problems


def test_drafts_are_never_exported(public_client, db):
    GrantFactory(title="Published one")
    GrantFactory(title="Draft one", is_published=False)

    titles = [g["title"] for g in public_client.get("/funds/360giving.json").json()["grants"]]
    assert titles == ["Published one"]
    assert "Draft one" not in public_client.get("/funds/360giving.csv").content.decode()


def test_recipient_identifiers_use_charity_then_company_numbers(anon_client, db):
    GrantFactory(organisation=OrganisationFactory(slug="charity", charity_number="1103309"))
    GrantFactory(organisation=OrganisationFactory(slug="company", company_number="04567890"))
    GrantFactory(organisation=OrganisationFactory(slug="neither"))

    ids = {
        g["recipientOrganization"][0]["id"]
        for g in anon_client.get("/funds/360giving.json").json()["grants"]
    }
    assert ids == {"GB-CHC-1103309", "GB-COH-04567890", "360G-lancashire-opcc-org-neither"}


def test_prefix_comes_from_settings(anon_client, db, settings):
    settings.GRANTS_360G_PREFIX = "360G-test-prefix"
    grant = GrantFactory()

    package = anon_client.get("/funds/360giving.json").json()
    assert package["grants"][0]["id"] == f"360G-test-prefix-{grant.pk}"
    funder = package["grants"][0]["fundingOrganization"][0]["name"]
    assert funder == "Office of the Police and Crime Commissioner for Lancashire"


@pytest.mark.parametrize(
    "amount, written", [(Decimal("25000"), 25000), (Decimal("33939.53"), 33939.53)]
)
def test_amounts_are_json_numbers(anon_client, db, amount, written):
    GrantFactory(amount_awarded=amount)

    assert anon_client.get("/funds/360giving.json").json()["grants"][0]["amountAwarded"] == written


def test_csv_has_the_360giving_column_titles_and_the_rows(anon_client, grants_demo):
    rows = list(csv.reader(io.StringIO(anon_client.get("/funds/360giving.csv").content.decode())))

    assert rows[0][:6] == [
        "Identifier",
        "Title",
        "Description",
        "Currency",
        "Amount Awarded",
        "Award Date",
    ]
    lancashire_women = next(r for r in rows if r[7] == "Lancashire Women")
    assert lancashire_women[3:6] == ["GBP", "25000", "2020-08-31"]
    assert len(rows) == 1 + 51
