"""gunicorn settings for the portal (`make serve`, and production behind a load balancer).

Every value can be changed from the environment; see README "Deployment"."""

import os

wsgi_app = "pcc_portal.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")

# The usual rule for synchronous workers: 2 x cores + 1 (cores this process may use).
workers = int(os.environ.get("WEB_CONCURRENCY", 2 * len(os.sched_getaffinity(0)) + 1))
# Threads in each worker: a worker busy hashing a password at sign-in (about half a second of
# CPU) still takes the next page request instead of leaving it queued behind the sign-in.
threads = int(os.environ.get("GUNICORN_THREADS", 4))
# A PDF of a long panel report renders in several seconds; anything past this is stuck.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 60))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then so that memory held by pandas or WeasyPrint is given back.
max_requests = 1000
max_requests_jitter = 100

# The load balancer's address(es): only they may say a request came over https
# (X-Forwarded-Proto) or from which client (X-Forwarded-For).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")

# Logs to stdout/stderr; the access log in key=value form, the app's own log in JSON lines.
# `peer` is the address that connected; `client` the address a trusted proxy (one of
# FORWARDED_ALLOW_IPS) reported in X-Forwarded-For, or "-" (pcc_portal.access_log).
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = "-"
logger_class = "pcc_portal.access_log.AccessLogger"
access_log_format = (
    'peer=%(h)s client=%(client)s method=%(m)s path="%(U)s" query="%(q)s" status=%(s)s '
    'bytes=%(B)s ms=%(M)s agent="%(a)s"'
)

# No runtime control socket: nothing uses it, and two gunicorns on one host (make serve and the
# load benchmark) would otherwise contend for the same socket path.
control_socket_disable = True
