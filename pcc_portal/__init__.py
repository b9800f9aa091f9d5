"""The portal's shared pieces. `audit_log(event, **fields)` writes one line of the audit log."""

from .audit import audit_log

__all__ = ["audit_log"]
