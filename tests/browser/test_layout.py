"""Every table fits, on a phone (390 px) and on a desktop (1280 px), on every page type.

A table may be wider than the screen only inside its own scrolling region (the page itself
never scrolls sideways), and no column may be cut by anything but that region's edge. In the
dashboard's rows no two cells' text overlap. Folded sections (<details>) are opened first, so
that what a reader can unfold is measured too.
"""

import pytest

from .checks import elements_wider_than_window, horizontal_overflow
from .conftest import ARTIFACTS_DIR
from .pages import open_page, page_params

pytestmark = pytest.mark.browser

WIDTHS = {"phone": 390, "desktop": 1280}
OPEN_ALL = "() => document.querySelectorAll('details').forEach(d => { d.open = true; })"

# Each table that sticks out of the window must sit in an ancestor that scrolls sideways and
# itself fits the window.
TABLES_OUTSIDE_A_REGION = """() => {
  const width = window.innerWidth;
  const scrolls = el => ['auto', 'scroll'].includes(getComputedStyle(el).overflowX);
  return [...document.querySelectorAll('main table')].flatMap(table => {
    const box = table.getBoundingClientRect();
    if (box.width === 0 || (box.left >= -1 && box.right <= width + 1)) return [];
    let region = table.parentElement;
    while (region && region !== document.body && !scrolls(region)) region = region.parentElement;
    const regionBox = region && region !== document.body ? region.getBoundingClientRect() : null;
    if (regionBox && regionBox.left >= -1 && regionBox.right <= width + 1) return [];
    const name = table.querySelector('caption, th')?.textContent.trim().slice(0, 40) || '';
    return [`table "${name}" runs to ${Math.round(box.right)} px outside any scrolling region`];
  });
}"""

# Text of one cell drawn over the text of another cell of the same row.
OVERLAPPING_CELLS = """() => {
  const rects = cell => {
    const found = [];
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      if (!walker.currentNode.textContent.trim()) continue;
      const range = document.createRange();
      range.selectNodeContents(walker.currentNode);
      found.push(...[...range.getClientRects()].filter(r => r.width > 0 && r.height > 0));
    }
    return found;
  };
  const overlap = (a, b) => a.left < b.right - 1 && b.left < a.right - 1
    && a.top < b.bottom - 1 && b.top < a.bottom - 1;
  const problems = [];
  for (const row of document.querySelectorAll('main table tr')) {
    const cells = [...row.children].map(cell => ({cell, rects: rects(cell)}));
    for (let i = 0; i < cells.length; i++) {
      for (let j = i + 1; j < cells.length; j++) {
        if (cells[i].rects.some(a => cells[j].rects.some(b => overlap(a, b)))) {
          problems.push(`"${cells[i].cell.textContent.trim().slice(0, 30)}" overlaps `
            + `"${cells[j].cell.textContent.trim().slice(0, 30)}"`);
        }
      }
    }
  }
  return problems.slice(0, 8);
}"""


def layout_problems(page) -> list[str]:
    problems = []
    for label, width in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": 900})
        page.evaluate(OPEN_ALL)
        page.wait_for_timeout(200)
        overflow = horizontal_overflow(page)
        if overflow > 1:
            culprits = ", ".join(elements_wider_than_window(page))
            problems.append(
                f"at {label} width the page scrolls {overflow} px sideways ({culprits})"
            )
        problems += [f"at {label} width: {p}" for p in page.evaluate(TABLES_OUTSIDE_A_REGION)]
        problems += [f"at {label} width: {p}" for p in page.evaluate(OVERLAPPING_CELLS)]
    return problems


@pytest.mark.parametrize("page_type", page_params())
def test_every_table_fits_on_a_phone_and_a_desktop(browser, page_type):
    page = open_page(browser, page_type)
    problems = layout_problems(page)
    page.set_viewport_size({"width": WIDTHS["phone"], "height": 900})
    page.wait_for_timeout(200)  # plotly redraws a chart shortly after the window resizes
    page.screenshot(path=str(ARTIFACTS_DIR / f"layout-{page_type}-390.png"), full_page=True)
    assert not problems, f"{page_type} ({page.url}):\n  " + "\n  ".join(problems)


def test_the_check_finds_a_table_cut_off_and_cells_drawn_over_each_other(blank_page):
    blank_page.set_content(
        "<main><table style='width:1600px'><tr><td>Wide</td></tr></table>"
        "<table style='table-layout:fixed;width:100px'><tr>"
        "<td style='width:20px;white-space:nowrap'>96,391 people</td>"
        "<td style='width:20px;white-space:nowrap'>57,031 people</td></tr></table></main>"
    )
    blank_page.set_viewport_size({"width": 390, "height": 600})
    assert blank_page.evaluate(TABLES_OUTSIDE_A_REGION)
    assert blank_page.evaluate(OVERLAPPING_CELLS)
    blank_page.set_content(
        "<main><div style='overflow-x:auto'><table style='width:1600px'><tr><td>Wide</td></tr>"
        "</table></div></main>"
    )
    assert not blank_page.evaluate(TABLES_OUTSIDE_A_REGION)
