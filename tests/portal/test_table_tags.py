"""The tags the pages write their GOV.UK tables with: the sideways-scrolling box and the head."""

from django.template import Context, Template


def render(source: str, **context) -> str:
    return Template("{% load portal %}" + source).render(Context(context))


def test_a_scrolling_table_is_the_table_inside_its_box_with_its_own_classes_and_id():
    html = render(
        '{% scrolling_table classes="opcc-entry-table" id=grid %}<tbody></tbody>'
        "{% endscrolling_table %}",
        grid="drafts-table",
    )
    assert html == (
        '<div class="opcc-table-wrap">\n'
        '<table class="govuk-table opcc-entry-table" id="drafts-table"><tbody></tbody></table>\n'
        "</div>"
    )


def test_a_named_scrolling_table_is_a_region_a_keyboard_user_can_scroll():
    html = render('{% scrolling_table label="Open questions" %}{% endscrolling_table %}')
    assert html.startswith(
        '<div class="opcc-table-wrap" role="region" aria-label="Open questions" tabindex="0">\n'
        '<table class="govuk-table">'
    )


def test_column_headings_right_align_only_the_figure_columns_and_escape_given_names():
    html = render('{% column_headings "Area" "Figure" term numeric="Figure" %}', term="Q&A")
    assert html == (
        '<thead class="govuk-table__head"><tr class="govuk-table__row">\n'
        '<th scope="col" class="govuk-table__header">Area</th>\n'
        '<th scope="col" class="govuk-table__header govuk-table__header--numeric">Figure</th>\n'
        '<th scope="col" class="govuk-table__header">Q&amp;A</th>\n'
        "</tr></thead>"
    )
