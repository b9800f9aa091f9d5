"""Cached dashboard fragments, dropped whenever performance data changes.

A plan dashboard reads every measure of the plan; the published figures change a few times a
quarter and are read before every panel meeting, so the rendered figures are cached. Each key
carries a data version that any save or delete of performance data replaces (signals wired in
PerformanceConfig.ready), so a published figure shows at once. Writes that bypass signals
(bulk_create, queryset.update) must call `bump_data_version()`; the timeout bounds the damage if
one forgets. Drafts are never cached: staff viewing drafts always get a fresh page.
"""

import hashlib
import time
from functools import wraps

from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse

VERSION_KEY = "performance:data-version"
TIMEOUT = 10 * 60


def data_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, time.time_ns(), None)
        version = cache.get(VERSION_KEY, 0)
    return version


def bump_data_version(**_signal_kwargs) -> None:
    cache.set(VERSION_KEY, time.time_ns(), None)


def _key(parts: tuple) -> str:
    raw = repr((parts, data_version())).encode()
    return "performance:" + hashlib.sha256(raw).hexdigest()


def cached(parts: tuple, build):
    """`build()` returns (value, cacheable); its value is kept under `parts` and the version."""
    key = _key(("fragment", *parts))
    value = cache.get(key)
    if value is None:
        value, cacheable = build()
        if cacheable:
            cache.set(key, value, TIMEOUT)
    return value


def connect_signals() -> None:
    from .models import Area, Commentary, Measure, Observation, Plan, Priority

    for model in (Area, Commentary, Measure, Observation, Plan, Priority):
        uid = f"performance-cache-{model.__name__}"
        post_save.connect(bump_data_version, sender=model, dispatch_uid=uid + "-save")
        post_delete.connect(bump_data_version, sender=model, dispatch_uid=uid + "-delete")
    m2m_changed.connect(
        bump_data_version, sender=Measure.priorities.through, dispatch_uid="performance-cache-m2m"
    )


def _carries_state(request) -> bool:
    """Whether the page may differ for this visitor: signed in, a session, flash messages,
    or the drafts switch. Such requests are never served from or stored in the page cache."""
    return request.user.is_authenticated or bool(request.COOKIES) or "drafts" in request.GET


def public_page(view):
    """Cache a whole public page for anonymous visitors, keyed by its address and the data
    version: what the public sees before a panel meeting is the same page for everyone."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method != "GET" or _carries_state(request):
            return view(request, *args, **kwargs)
        key = _key(("page", request.get_full_path()))
        hit = cache.get(key)
        if hit is not None:
            content, content_type = hit
            return HttpResponse(content, content_type=content_type)
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and getattr(response, "public_cacheable", False):
            cache.set(key, (response.content, response["Content-Type"]), TIMEOUT)
        return response

    return wrapper
