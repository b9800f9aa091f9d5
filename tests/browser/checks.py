"""Checks run inside a page: axe-core, heading order, focus visibility, reflow.

Each returns a list of readable problems (empty when the page passes), so a failing test
prints what is wrong and where rather than a bare False.
"""

# WCAG 2.2 at levels A and AA; axe tags each rule with the version that introduced it.
WCAG_22_AA_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def axe_violations(page, axe_source: str) -> list[str]:
    """Runs axe-core on the page. The script is evaluated through the DevTools protocol rather
    than added as a <script> tag, so the portal's Content Security Policy stays in force."""
    page.evaluate(axe_source)
    results = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags},"
        " resultTypes: ['violations']})",
        WCAG_22_AA_TAGS,
    )
    problems = []
    for violation in results["violations"]:
        rule = f"{violation['id']} ({violation['impact']})"
        problems.append(f"{rule}: {violation['help']} — {violation['helpUrl']}")
        for node in violation["nodes"][:5]:
            problems.append(f"    at {' '.join(node['target'])}: {node['failureSummary']}")
            problems.append(f"       {node['html'][:200]}")
        if len(violation["nodes"]) > 5:
            problems.append(f"    … and {len(violation['nodes']) - 5} more elements")
    return problems


HEADINGS_SCRIPT = """() => {
  const headings = [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')];
  return headings.map(h => ({
    level: Number(h.tagName[1]),
    text: h.textContent.trim().replace(/\\s+/g, ' ').slice(0, 80),
    inMain: Boolean(h.closest('main')),
  }));
}"""


def heading_problems(page) -> list[str]:
    """One h1, inside <main>; no heading more than one level below the one before it.
    Banners above the h1 (a GOV.UK notification banner) may use h2."""
    headings = page.evaluate(HEADINGS_SCRIPT)
    problems = []
    h1s = [h for h in headings if h["level"] == 1]
    if len(h1s) != 1:
        problems.append(f"expected one h1, found {len(h1s)}: {[h['text'] for h in h1s]}")
    elif not h1s[0]["inMain"]:
        problems.append(f"the h1 '{h1s[0]['text']}' is outside <main>")
    previous = 1
    for heading in headings:
        if heading["level"] > previous + 1:
            problems.append(
                f"h{heading['level']} '{heading['text']}' follows an h{previous}: "
                f"h{previous + 1} is skipped"
            )
        previous = heading["level"]
    return problems


# The styles that can show focus, read for the focused element and for the same element unfocused.
FOCUS_STYLE_SCRIPT = """el => {
  const s = getComputedStyle(el);
  const r = el.getBoundingClientRect();
  return {
    tag: el.tagName.toLowerCase(),
    text: (el.innerText || el.value || el.getAttribute('aria-label') || '').trim().slice(0, 60),
    outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0
      ? s.outlineStyle + ' ' + s.outlineWidth + ' ' + s.outlineColor : 'none',
    boxShadow: s.boxShadow,
    background: s.backgroundColor,
    color: s.color,
    border: s.borderColor + ' ' + s.borderWidth,
    textDecoration: s.textDecorationThickness + ' ' + s.textDecorationLine,
    onScreen: r.width > 0 && r.height > 0 && r.bottom > 0 && r.right > 0
      && r.top < window.innerHeight && r.left < window.innerWidth,
  };
}"""


def focus_problems(page, *, presses: int = 12) -> list[str]:
    """Tabs through the first `presses` stops of the page: each must change its look when
    focused (WCAG 2.4.7) and be on screen (2.4.11)."""
    problems = []
    page.locator("body").focus()
    seen = set()
    for _ in range(presses):
        page.keyboard.press("Tab")
        focused = page.evaluate_handle("document.activeElement")
        if page.evaluate("el => el === document.body || el === null", focused):
            break
        with_focus = page.evaluate(FOCUS_STYLE_SCRIPT, focused)
        key = (with_focus["tag"], with_focus["text"])
        if key in seen:
            continue
        seen.add(key)
        # The same element without keyboard focus: blur it, read it, and give focus back.
        page.evaluate("el => el.blur()", focused)
        without_focus = page.evaluate(FOCUS_STYLE_SCRIPT, focused)
        page.evaluate("el => el.focus()", focused)
        label = f"<{with_focus['tag']}> '{with_focus['text']}'"
        if not with_focus["onScreen"]:
            problems.append(f"{label} is focused off screen")
        changed = [
            name
            for name in ("outline", "boxShadow", "background", "color", "border", "textDecoration")
            if with_focus[name] != without_focus[name]
        ]
        if not changed:
            problems.append(f"{label} looks the same focused and unfocused")
    return problems


def horizontal_overflow(page) -> int:
    """How many CSS pixels the page is wider than the window (0 when nothing scrolls sideways)."""
    return page.evaluate(
        "() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)"
        " - window.innerWidth"
    )


def elements_wider_than_window(page) -> list[str]:
    """The elements that stick out of the window, to say why a page scrolls sideways."""
    return page.evaluate("""() => [...document.querySelectorAll('body *')]
      .filter(el => el.getBoundingClientRect().right > window.innerWidth + 1
                    && !el.closest('.opcc-table-wrap'))
      .slice(0, 8)
      .map(el => el.tagName.toLowerCase() + (el.className ? '.' + el.className : '')
                 + ' right=' + Math.round(el.getBoundingClientRect().right))""")
