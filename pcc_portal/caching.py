"""The shared page cache: one rendering of a page serves everyone who may see the same page.

What a page shows depends only on whether its reader is OPCC staff (pcc_portal.access) and on
today's date (papers are embargoed until their publication date). So the page a member of the
public gets is, word for word, the page every panel member gets, except for the personal parts
of the layout: the account links in the header (with the sign-out form's CSRF token) and flash
messages. base.html marks those as personal regions; the cache keeps pages with the regions
emptied and fills them in for each request. OPCC staff never get a shared page: theirs carry
staff links, and drafts when asked for.

Every key carries the data version, the code version (pcc_portal.versions) and today's date:
any committed write that can change what the public or a panel member sees, by any path and on
any machine, gives every page a new key, so a published figure or paper shows at once; the same
rule keys the PDFs. A draft's save, which nobody outside the OPCC sees, leaves the pages where
they are.

A page is keyed on its known query parameters in canonical form only (`page=01` is `page=1`,
which is the page without `page`; parameters, page sizes and orderings the page does not
offer are dropped and the canonical page served), so made-up addresses cannot fill the cache.
A free-text search (`q`) is answered but not kept.
"""

import hashlib
import logging
import re
from functools import wraps

from django.core.cache import cache
from django.http import HttpResponse, QueryDict
from django.template.loader import render_to_string
from django.utils import timezone

from .access import is_opcc_staff
from .lists import DEFAULT_PER_PAGE, PER_PAGE_CHOICES
from .versions import code_version, data_version

logger = logging.getLogger(__name__)

TIMEOUT = 10 * 60
# Parameters that are whole numbers on every page (paging): kept in canonical form.
NUMBER_PARAMETERS = frozenset({"page", "per_page"})
# Page sizes that make a page of their own; any other is the default, the page without one.
OTHER_PAGE_SIZES = frozenset(PER_PAGE_CHOICES) - {DEFAULT_PER_PAGE}
# Free text: every value is a different page, so such pages are served but never kept.
FREE_TEXT_PARAMETERS = frozenset({"q"})

# Parts of base.html rendered for each reader, between <!--personal:NAME--> and
# <!--/personal:NAME-->. Anything else on a shared page is the same for every reader.
PERSONAL_REGIONS = {
    "account": "includes/account_nav.html",
    "messages": "includes/messages.html",
}
_REGION = re.compile(r"(<!--personal:(\w+)-->).*?(<!--/personal:\2-->)", re.DOTALL)
# Headers a shared response keeps; the rest (cookies, Vary) are the middleware's, per request.
KEPT_HEADERS = ("Content-Type", "Content-Disposition")


def _key(parts: tuple) -> str:
    # Shared pages are never for OPCC staff: keyed on what everyone else can see.
    versions = (data_version(public=True), code_version(), timezone.localdate().isoformat())
    raw = repr((parts, versions)).encode()
    return "portal:" + hashlib.sha256(raw).hexdigest()


def _split(html: str) -> tuple[bytes | str, ...]:
    """The page as its shared text, with the name of each personal region in the region's
    place: (text, "account", text, "messages", text). Split once when kept, so that serving
    it is one join, however long the page."""
    parts: list[bytes | str] = []
    position = 0
    for match in _REGION.finditer(html):
        parts += [html[position : match.end(1)].encode(), match.group(2)]
        position = match.start(3)
    parts.append(html[position:].encode())
    return tuple(parts)


def _assemble(parts: tuple[bytes | str, ...], request) -> bytes:
    return b"".join(
        part
        if isinstance(part, bytes)
        else render_to_string(PERSONAL_REGIONS[part], request=request).encode()
        for part in parts
    )


def _parameters_of(view, parameters) -> frozenset[str]:
    view_class = getattr(view, "view_class", None)
    if view_class is not None and hasattr(view_class, "query_parameters"):
        parameters = (*parameters, *view_class.query_parameters())
    return frozenset(parameters)


def _sort_values(view) -> frozenset[str] | None:
    """The orderings a list page offers (its table's columns, either way), if it has a table."""
    table_class = getattr(getattr(view, "view_class", None), "table_class", None)
    if table_class is None:
        return None
    names = set(table_class.base_columns)
    return frozenset(names | {f"-{name}" for name in names})


def canonical_query(query: QueryDict, accepted: frozenset[str], sorts=None) -> QueryDict:
    """The query a page is keyed and rendered on: known parameters only, in name order, empty
    values dropped, numbers written plainly (`page=01` → `page=1`, a non-number dropped), the
    first page, the default page size and sizes not offered dropped (each is the page without
    them), and an ordering the page does not offer dropped (the default order is served)."""
    canonical = QueryDict(mutable=True)
    for name in sorted(set(query) & accepted):
        values = [value.strip() for value in query.getlist(name) if value.strip()]
        if name in NUMBER_PARAMETERS:
            values = [str(int(value)) for value in values[-1:] if value.isdecimal()]
            if name == "page":  # the first page is the page without a number
                values = [value for value in values if value != "1"]
            else:  # the default size, or one not offered (which gets the default)
                values = [value for value in values if int(value) in OTHER_PAGE_SIZES]
        elif name == "sort" and sorts is not None:
            values = [value for value in values[-1:] if value in sorts]
        if values:
            canonical.setlist(name, values)
    canonical._mutable = False
    return canonical


def shared_page(view=None, *, parameters=()):
    """Serve `view` from the shared page cache to every reader who is not OPCC staff.

    The view sees, and the page is keyed on, the canonical form of the query
    (`canonical_query`): `parameters` plus a list view's own (filters, page, sort, export).
    Only 200 responses are kept, and a view can keep a response out by setting
    `response.shared = False` (a form with errors, say)."""
    if view is None:
        return lambda view: shared_page(view, parameters=parameters)
    accepted = _parameters_of(view, parameters)
    sorts = _sort_values(view)

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method != "GET" or is_opcc_staff(request.user):
            return view(request, *args, **kwargs)
        request.GET = canonical_query(request.GET, accepted, sorts)
        request.META["QUERY_STRING"] = request.GET.urlencode()
        if FREE_TEXT_PARAMETERS & set(request.GET):
            return view(request, *args, **kwargs)
        key = _key(("page", request.get_host(), request.get_full_path()))
        hit = cache.get(key)
        if hit is not None:
            parts, headers = hit
            return HttpResponse(_assemble(parts, request), headers=headers)
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and callable(response.render):  # a TemplateResponse
            response.add_post_render_callback(lambda rendered: _keep(key, rendered, request))
        else:
            _keep(key, response, request)
        return response

    wrapper.shares_pages = True  # found by the tests that walk every shared page
    return wrapper


def _keep(key: str, response, request) -> None:
    if response.status_code != 200 or response.streaming or not getattr(response, "shared", True):
        return
    headers = {name: response[name] for name in KEPT_HEADERS if name in response}
    if headers.get("Content-Type", "").startswith("text/html"):
        parts = _split(response.content.decode(response.charset))
        # A form that posts belongs to one reader's session: such a page is never shared.
        if any(isinstance(part, bytes) and b"csrfmiddlewaretoken" in part for part in parts):
            logger.warning("Not sharing %s: it has a form with a CSRF token", request.path)
            return
    else:
        parts = (response.content,)
    cache.set(key, (parts, headers), TIMEOUT)
