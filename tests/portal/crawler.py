"""A crawler for the hidden-data test (tests/portal/test_crawl.py).

It follows every internal link from the entry pages with one Django test client, opens each
page, export, feed and file it reaches, and reports server errors and any response that holds
a sentinel: a text that exists only in hidden data (a draft figure, a restricted decision's
content, an embargoed paper).

Apps add their own sentinels in `tests/<app>/sentinels.py`:

    from tests.portal.crawler import Sentinels

    def make() -> Sentinels:
        decision = DecisionFactory(restricted=True, content="SENTINEL-RESTRICTED-4471")
        return Sentinels(texts=["SENTINEL-RESTRICTED-4471"], urls=[decision.get_absolute_url()])

`texts` must never appear in what the public or a panel member gets; `urls` are extra start
points (e.g. the hidden object's own page, which nothing public links to).
"""

import io
import zipfile
from collections import deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

# Exports the list pages offer (pcc_portal.lists.PortalListView) besides their links.
EXPORT_QUERIES = ("_export=csv", "_export=xlsx")
DRAFTS_QUERY = "drafts=1"
SKIPPED_PREFIXES = ("/static/", "/accounts/logout/")
# Pages whose query only says where to go next: one visit is enough.
QUERY_IGNORED = ("/accounts/login/", "/admin/login/")
# Parameters that reorder what a page already shows: visiting each order finds nothing new.
ORDER_PARAMETERS = {"sort"}


@dataclass
class Sentinels:
    texts: list[str] = field(default_factory=list)
    urls: list[str] = field(default_factory=list)

    def __iadd__(self, other: "Sentinels"):
        self.texts += other.texts
        self.urls += other.urls
        return self


@dataclass
class CrawlResult:
    statuses: dict[str, int] = field(default_factory=dict)
    bodies: dict[str, str] = field(default_factory=dict)
    leaks: list[tuple[str, str]] = field(default_factory=list)
    capped: bool = False

    @property
    def server_errors(self) -> dict[str, int]:
        return {url: status for url, status in self.statuses.items() if status >= 500}


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in ("a", "link", "area"):
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)


def normalise(url: str, base: str = "http://testserver/") -> str | None:
    """An internal path with a sorted query, or None for other sites, mailto: and the like."""
    parts = urlsplit(urljoin(base, url))
    if parts.scheme not in ("http", "https") or parts.netloc != "testserver":
        return None
    pairs = parse_qsl(parts.query, keep_blank_values=True)
    query = urlencode(sorted((k, v) for k, v in pairs if k not in ORDER_PARAMETERS))
    if parts.path in QUERY_IGNORED:
        query = ""
    return urlunsplit(("", "", parts.path or "/", query, ""))


def body_text(response) -> str:
    """Everything a user could read in the response: HTML, CSV, JSON, iCalendar, the cells of
    a spreadsheet, the text of a PDF, and the headers (a file name can leak too)."""
    raw = (
        b"".join(response.streaming_content)
        if getattr(response, "streaming", False)
        else response.content
    )
    content_type = response.get("Content-Type", "")
    headers = "\n".join(f"{k}: {v}" for k, v in response.items())
    if raw[:4] == b"PK\x03\x04":  # xlsx, docx, zip: the text is in XML members
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            text = "\n".join(
                archive.read(name).decode("utf-8", "replace") for name in archive.namelist()
            )
    elif raw[:5] == b"%PDF-" or "pdf" in content_type:
        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO(raw))
        text = "\n".join(page.extract_text() or "" for page in reader.pages)
    else:
        text = raw.decode("utf-8", "replace")
    return headers + "\n" + text


class Crawler:
    def __init__(self, client, *, sentinel_texts, limit: int = 400):
        self.client = client
        self.sentinel_texts = list(sentinel_texts)
        self.limit = limit

    def crawl(self, start_urls) -> CrawlResult:
        result = CrawlResult()
        queue = deque(u for u in map(normalise, start_urls) if u)
        seen = set(queue)
        while queue:
            if len(result.statuses) >= self.limit:
                result.capped = True
                break
            url = queue.popleft()
            for found in self._visit(url, result):
                if found not in seen and not found.startswith(SKIPPED_PREFIXES):
                    seen.add(found)
                    queue.append(found)
        return result

    def _visit(self, url: str, result: CrawlResult) -> list[str]:
        response = self.client.get(url)
        result.statuses[url] = response.status_code
        if response.status_code in (301, 302, 303, 307, 308):
            target = normalise(response["Location"], base=f"http://testserver{url}")
            return [target] if target else []
        if response.status_code >= 400:
            return []
        text = body_text(response)
        result.bodies[url] = text
        result.leaks += [(url, s) for s in self.sentinel_texts if s in text]
        if "text/html" not in response.get("Content-Type", ""):
            return []
        parser = _Links()
        parser.feed(text)
        links = [normalise(href, base=f"http://testserver{url}") for href in parser.hrefs]
        links = [link for link in links if link]
        if "?" not in url:
            # Asking for drafts must not show them to anyone but OPCC staff.
            links.append(f"{url}?{DRAFTS_QUERY}")
            if "govuk-table" in text:
                links += [f"{url}?{query}" for query in EXPORT_QUERIES]
        return links
