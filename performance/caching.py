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

from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save

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


def cached(parts: tuple, build):
    """`build()` returns (value, cacheable); its value is kept under `parts` and the version."""
    raw = repr((parts, data_version())).encode()
    key = "performance:fragment:" + hashlib.sha256(raw).hexdigest()
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
