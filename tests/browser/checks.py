"""Checks run inside a page: axe-core, heading order, focus visibility, reflow.

Each returns a list of readable problems (empty when the page passes), so a failing test
prints what is wrong and where rather than a bare False.
"""

# WCAG 2.2 at levels A and AA; axe tags each rule with the version that introduced it.
WCAG_22_AA_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def run_axe(page, axe_source: str) -> dict:
    """Runs axe-core on the page. The script is evaluated through the DevTools protocol rather
    than added as a <script> tag, so the portal's Content Security Policy stays in force."""
    page.evaluate(axe_source)
    return page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags},"
        " resultTypes: ['violations']})",
        WCAG_22_AA_TAGS,
    )


def axe_summary(results: dict) -> dict:
    """What axe found, by rule id, for the artifacts folder."""
    return {
        "url": results["url"],
        "axe": results["testEngine"]["version"],
        "tags": WCAG_22_AA_TAGS,
        "violations": [v["id"] for v in results["violations"]],
        "passes": sorted(rule["id"] for rule in results["passes"]),
        "incomplete": sorted(rule["id"] for rule in results["incomplete"]),
        "inapplicable": len(results["inapplicable"]),
    }


def axe_violations(page, axe_source: str, results: dict | None = None) -> list[str]:
    """axe-core's violations on the page, one readable line per rule and per element."""
    results = results or run_axe(page, axe_source)
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


# The focused element's look, and its look once blurred (focus is then given back), read in one
# call so that tabbing through a page costs one round trip per stop.
FOCUS_STYLE_SCRIPT = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const look = () => {
    const s = getComputedStyle(el);
    return {
      outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0
        ? s.outlineStyle + ' ' + s.outlineWidth + ' ' + s.outlineColor : 'none',
      boxShadow: s.boxShadow,
      background: s.backgroundColor,
      color: s.color,
      border: s.borderColor + ' ' + s.borderWidth,
      textDecoration: s.textDecorationThickness + ' ' + s.textDecorationLine,
    };
  };
  const r = el.getBoundingClientRect();
  const focused = look();
  el.blur();
  const unfocused = look();
  el.focus();
  return {
    label: '<' + el.tagName.toLowerCase() + "> '"
      + (el.innerText || el.value || el.getAttribute('aria-label') || '').trim().slice(0, 60) + "'",
    onScreen: r.width > 0 && r.height > 0 && r.bottom > 0 && r.right > 0
      && r.top < window.innerHeight && r.left < window.innerWidth,
    changed: Object.keys(focused).filter(key => focused[key] !== unfocused[key]),
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
        stop = page.evaluate(FOCUS_STYLE_SCRIPT)
        if stop is None:
            break
        if stop["label"] in seen:
            continue
        seen.add(stop["label"])
        if not stop["onScreen"]:
            problems.append(f"{stop['label']} is focused off screen")
        if not stop["changed"]:
            problems.append(f"{stop['label']} looks the same focused and unfocused")
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
