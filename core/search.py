"""Text search shared by every app: one way to clean a query, match it, rank it and quote it.

PostgreSQL ranks with full-text search (English stemming, so "offences" finds "offence");
SQLite, on a developer's machine, matches every word with icontains. Either way the work is
bounded: a query is cut to `MAX_QUERY_LENGTH` characters and `MAX_WORDS` words, and each caller
takes a fixed number of rows.
"""

import re
from dataclasses import dataclass

from django.db import connection
from django.db.models import F, Q
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

MAX_QUERY_LENGTH = 200
MAX_WORDS = 8
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class SearchResult:
    kind: str
    title: str
    url: str
    context: str
    snippet: str


def clean_query(raw: str) -> str:
    """The query as searched: control characters (a NUL byte among them) dropped, spaces
    collapsed, at most MAX_WORDS words and MAX_QUERY_LENGTH characters."""
    printable = "".join(ch if ch.isprintable() else " " for ch in (raw or "")[:MAX_QUERY_LENGTH])
    return " ".join(printable.split()[:MAX_WORDS])


def query_words(query: str) -> list[str]:
    return _WORD.findall(query)[:MAX_WORDS]


def uses_postgres() -> bool:
    return connection.vendor == "postgresql"


def matching(queryset, query: str, weighted_fields: list[tuple[str, str]]):
    """The queryset filtered to `query` and ordered best first, on either backend."""
    words = query_words(query)
    if not words:
        return queryset.none()
    if uses_postgres():
        from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

        vector = None
        for name, weight in weighted_fields:
            part = SearchVector(name, weight=weight, config="english")
            vector = part if vector is None else vector + part
        search_query = SearchQuery(" ".join(words), search_type="websearch", config="english")
        return (
            queryset.annotate(search=vector, rank=SearchRank(F("search"), search_query))
            .filter(search=search_query)
            .order_by("-rank")
        )
    for word in words:
        condition = Q()
        for name, _weight in weighted_fields:
            condition |= Q(**{f"{name}__icontains": word})
        queryset = queryset.filter(condition)
    return queryset


def excerpt(query: str, *texts: str, width: int = 220) -> str:
    """About `width` characters of the first text that holds a word of the query, around it."""
    words = [w.lower() for w in query_words(query) if len(w) > 2]
    texts = [" ".join((t or "").split()) for t in texts]
    for text in texts:
        lowered = text.lower()
        hits = [lowered.find(w) for w in words if w in lowered]
        if hits:
            start = max(min(hits) - width // 3, 0)
            piece = text[start : start + width]
            return ("…" if start else "") + piece + ("…" if start + width < len(text) else "")
    first = next((t for t in texts if t), "")
    return first[:width] + ("…" if len(first) > width else "")


def highlighted(text: str, query: str) -> SafeString:
    """`text` escaped, with each word of the query (and words it begins) in <mark>."""
    words = sorted({w for w in query_words(query) if len(w) > 1}, key=len, reverse=True)
    if not words:
        return escape(text)
    pattern = re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE)
    parts, position = [], 0
    for match in pattern.finditer(text):
        parts += [escape(text[position : match.start()]), f"<mark>{escape(match.group())}</mark>"]
        position = match.end()
    parts.append(escape(text[position:]))
    return mark_safe("".join(parts))
