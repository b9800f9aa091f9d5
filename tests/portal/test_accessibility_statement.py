"""The accessibility statement the 2018 regulations require, open to everyone, linked from
every page's footer."""

import pytest

pytestmark = pytest.mark.django_db

REQUIRED_SECTIONS = (
    "Compliance status",
    "Non-accessible content",
    "Reporting accessibility problems with this website",
    "Enforcement procedure",
    "Preparation of this accessibility statement",
)


@pytest.mark.parametrize("client_fixture", ["anon_client", "panel_client", "officer_client"])
def test_accessibility_statement_has_the_regulations_sections_for_everyone(request, client_fixture):
    page = request.getfixturevalue(client_fixture).get("/accessibility/").content.decode()
    for heading in REQUIRED_SECTIONS:
        assert f">{heading}</h" in page, heading
    assert "partially compliant with the" in page
    assert "Equality and Human Rights Commission" in page
    assert "This statement was prepared on" in page


def test_every_page_footer_links_to_the_accessibility_statement(anon_client):
    page = anon_client.get("/").content.decode()
    assert (
        '<a class="govuk-footer__link" href="/accessibility/">Accessibility statement</a>' in page
    )


def test_accessibility_statement_names_the_contact_email_when_configured(anon_client, settings):
    settings.ACCESSIBILITY_CONTACT_EMAIL = "access@example.org"
    page = anon_client.get("/accessibility/").content.decode()
    assert 'href="mailto:access@example.org"' in page


def test_accessibility_statement_falls_back_to_the_office_without_an_email(anon_client):
    page = anon_client.get("/accessibility/").content.decode()
    assert "mailto:" not in page
    assert "contact the Office of the Police and Crime Commissioner for Lancashire" in page
