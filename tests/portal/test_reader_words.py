"""Every text a visitor can read is written for readers: published papers are cited as a reader
would cite them, never by the team's shorthand for its source documents, and nothing says how
the demo data was put together.

The crawl starts from the entry pages with the demo data loaded and reads every public page,
export and feed it reaches, as the public and as a panel member.
"""

import re
from html.parser import HTMLParser

import pytest
from django.core.management import call_command

from tests.portal.crawler import Crawler

pytestmark = pytest.mark.django_db

ENTRY_PAGES = ["/", "/performance/", "/finance/", "/funds/", "/panel/", "/search/?q=crime"]

# The team's words, each with why a reader cannot use it. Matched on the visible text only
# (a URL may carry a plan code; a heading may not).
INTERNAL_WORDS = {
    r"\bseeds?\b": "the team's name for its source papers",
    r"source not stated": "a note to the team, not a citation",
    r"\bAR(-[A-Z])?\b": "shorthand for the annual report",
    r"\bPMR\b": "shorthand for the performance monitoring report",
    r"\bSSR\b": "shorthand for the strategic scrutiny report",
    r"\bpara\b": "shorthand for paragraph",
    r"Adds up": "an arithmetic check of the team's, not a finding",
    r"\bPCP-20\d\d\b": "a plan's code, not its name",
    r"\bdemo\b": "words about how the data was made",
    r"\bfixtures?\b": "words about how the data was made",
}
PATTERN = re.compile("|".join(f"(?:{word})" for word in INTERNAL_WORDS))


class _VisibleText(HTMLParser):
    """The text of a page a reader sees or hears: content, titles, alt and aria labels."""

    SKIPPED = {"script", "style"}

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIPPED:
            self._skipping += 1
        for name, value in attrs:
            if name in ("alt", "title", "aria-label", "placeholder") and value:
                self.parts.append(value)

    def handle_endtag(self, tag):
        if tag in self.SKIPPED and self._skipping:
            self._skipping -= 1

    def handle_data(self, data):
        if not self._skipping:
            self.parts.append(data)


def readable_text(body: str) -> str:
    if "<html" not in body[:2000].lower():
        return body.split("\n", 1)[1] if "\n" in body else body  # drop the header lines
    parser = _VisibleText()
    parser.feed(body)
    return " ".join(parser.parts)


class _ReaderCrawler(Crawler):
    """The crawl of test_crawl.py without the variants that hold the same words: the drafts
    switch (which only staff can use), the spreadsheet twin of each CSV export, other page
    sizes of a list (the same rows, fewer pages; the numbered pages are still read), and all
    but one meeting's document pack (each pack prints the papers' own published text in the
    same layout)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.pack_seen = False

    def _visit(self, url, result):
        return [link for link in super()._visit(url, result) if self._wanted(link)]

    def _wanted(self, link: str) -> bool:
        if "drafts=1" in link or "_export=xlsx" in link or "per_page=" in link:
            return False
        if link.startswith("/panel/reports/pack/"):
            wanted, self.pack_seen = not self.pack_seen, True
            return wanted
        return True


def internal_words_in(text: str) -> list[str]:
    found = []
    for match in PATTERN.finditer(text):
        start, end = max(match.start() - 50, 0), match.end() + 50
        found.append(f"{match.group(0)!r} in “…{' '.join(text[start:end].split())}…”")
    return found


def test_the_check_catches_each_kind_of_internal_word():
    assert internal_words_in("Source: AR-A, Community Safety Fund; PMR para 18")
    assert internal_words_in("Police and Crime Plan 2021-2025 (source not stated)")
    assert internal_words_in("Only the three awards are named in the seeds.")
    assert internal_words_in("PCP-2021: Tackling crime")
    assert internal_words_in("Adds up Funding adds up to £312.9m")
    assert not internal_words_in(
        "Police and Crime Panel, 7 December 2020, Performance Monitoring Report, paragraph 18"
    )


@pytest.fixture
def demo_data():
    call_command("load_demo", verbosity=0)


def test_no_public_page_export_or_feed_uses_the_teams_internal_words(anon_client, demo_data):
    """A panel member gets the same shared pages as the public (pcc_portal.caching); the pages
    only they see are read in the panel tests."""
    anon_client.raise_request_exception = False
    result = _ReaderCrawler(anon_client, sentinel_texts=[], limit=2000).crawl(ENTRY_PAGES)
    assert not result.capped, "the crawl stopped before reading every public page"
    assert result.server_errors == {}
    assert len(result.bodies) > 50  # the crawl did reach the pages
    found = {
        url: words
        for url, body in result.bodies.items()
        if (words := internal_words_in(readable_text(body)))
    }
    report = "\n".join(f"{url}:\n  " + "\n  ".join(words[:4]) for url, words in found.items())
    assert not found, f"{len(found)} public responses use the team's words:\n{report}"
