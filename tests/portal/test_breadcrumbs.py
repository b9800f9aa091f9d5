"""The breadcrumbs tag every section's pages print their trail with."""

from django.template import Context, Template


def test_breadcrumbs_link_each_level_and_print_the_page_itself_unlinked():
    html = Template(
        '{% load portal %}{% breadcrumbs "Home" "home" "Grants" "funds:index" "Safety Fund" %}'
    ).render(Context())
    assert html.count("<li ") == 3
    assert '<a class="govuk-breadcrumbs__link" href="/">Home</a>' in html
    assert '<a class="govuk-breadcrumbs__link" href="/funds/">Grants</a>' in html
    assert '<li class="govuk-breadcrumbs__list-item">Safety Fund</li>' in html


def test_a_trail_ending_on_an_address_has_no_unlinked_page():
    html = Template('{% load portal %}{% breadcrumbs "Home" "/" %}').render(Context())
    assert html.count("<li ") == 1
    assert '<a class="govuk-breadcrumbs__link" href="/">Home</a></li>' in html
