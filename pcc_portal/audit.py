"""The audit log: who signed in, failed to, signed out, published or imported what, and when.

Other apps call `audit_log("observation_published", user=request.user, observation=obs.pk)`;
each call is one line of JSON from the logger "pcc_portal.audit" (see LOGGING in settings).
"""

import json
import logging
from datetime import UTC, datetime

from django.conf import settings

AUDIT_LOGGER = "pcc_portal.audit"

logger = logging.getLogger(AUDIT_LOGGER)

# Attributes every LogRecord has; anything else on a record came from `extra`.
_RECORD_ATTRIBUTES = frozenset(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {
    "message",
    "asctime",
    "taskName",
}


def audit_log(event: str, **fields) -> None:
    """Write one audit line: `event` plus fields. Users become their user names, so a log line
    never holds more about a person than the name they sign in with."""
    logger.info(event, extra={"audit": {k: _plain(v) for k, v in fields.items()}})


def _plain(value):
    if hasattr(value, "get_username"):
        return value.get_username() if value.is_authenticated else None
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    return str(value)


def client_ip(request) -> str | None:
    """The client's address: REMOTE_ADDR, or, behind TRUSTED_PROXY_COUNT load balancers, the
    address the outermost of them saw (counted from the right of X-Forwarded-For, because a
    client can put anything at the left)."""
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= proxies:
            return hops[-proxies]
    return request.META.get("REMOTE_ADDR")


class JsonLinesFormatter(logging.Formatter):
    """One JSON object a line: time, level, logger, message (the event), then any fields."""

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "event" if hasattr(record, "audit") else "message": record.getMessage(),
        }
        line.update(getattr(record, "audit", {}))
        for key, value in vars(record).items():
            if key not in _RECORD_ATTRIBUTES and key not in ("audit", "request"):
                line.setdefault(key, _plain(value))
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, default=str, ensure_ascii=False)
