"""gunicorn's access log for the portal (gunicorn.conf.py sets `logger_class` to it).

Each line names the peer that connected (`peer=`, which a client cannot forge) and, only when
that peer is one of the configured proxies (FORWARDED_ALLOW_IPS, gunicorn's own setting), the
client address the proxy reported: the last entry of X-Forwarded-For, the one the proxy itself
added. A client talking to the server directly cannot put an address in the log.
"""

import ipaddress

from gunicorn.glogging import Logger


def _networks(allowed: list[str]):
    for entry in allowed:
        entry = entry.strip()
        if entry == "*":
            yield entry
            continue
        try:
            yield ipaddress.ip_network(entry, strict=False)
        except ValueError:
            continue


def forwarded_client(peer: str | None, forwarded_for: str, allowed: list[str]) -> str:
    """The client a trusted proxy reported, or "-" when the peer is not a trusted proxy."""
    if not peer or not forwarded_for:
        return "-"
    try:
        address = ipaddress.ip_address(peer)
    except ValueError:
        return "-"
    trusted = any(net == "*" or address in net for net in _networks(allowed))
    if not trusted:
        return "-"
    hops = [hop.strip() for hop in forwarded_for.split(",") if hop.strip()]
    return hops[-1] if hops else "-"


class AccessLogger(Logger):
    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        allowed = self.cfg.forwarded_allow_ips
        if isinstance(allowed, str):
            allowed = allowed.split(",")
        atoms["client"] = forwarded_client(
            environ.get("REMOTE_ADDR"), environ.get("HTTP_X_FORWARDED_FOR", ""), list(allowed)
        )
        return atoms
