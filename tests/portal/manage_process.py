"""`manage.py` in a fresh process, with settings read afresh from an environment the test
controls: for checks of start-up and deployment settings."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Variables the deploy check must not inherit from the developer's shell or CI.
SECURITY_VARIABLES = (
    "DEBUG",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "SECURE_SSL_REDIRECT",
    "SECURE_COOKIES",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_PROXY_SSL_HEADER",
    "DJANGO_SETTINGS_MODULE",
    # Set by the browser tests' harness in the same process (Playwright runs an event loop).
    "DJANGO_ALLOW_ASYNC_UNSAFE",
)


def manage(*args, **env_overrides):
    env = {k: v for k, v in os.environ.items() if k not in SECURITY_VARIABLES}
    env.update(env_overrides, DJANGO_SETTINGS_MODULE="pcc_portal.settings")
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
