"""Locust users for bench/bench_load.py: Police and Crime Panel members and the public browsing
the portal on meeting night. Not run on its own: bench_load.py starts gunicorn, finds the
pages and passes them in BENCH_LOAD_URLS (a JSON file of {group: [path, ...]}).

Every request is written to BENCH_LOAD_RECORD (one JSON line each) so the benchmark can
compute exact percentiles over the groups it wants."""

import json
import os
import random
import re
import time
from pathlib import Path

from locust import HttpUser, between, events, task

URLS: dict[str, list[str]] = json.loads(Path(os.environ["BENCH_LOAD_URLS"]).read_text())
RECORD_PATH = os.environ["BENCH_LOAD_RECORD"]
PANEL_USER = os.environ.get("BENCH_LOAD_USER", "panel")
PANEL_PASSWORD = os.environ.get("BENCH_LOAD_PASSWORD", "")
_records: list[str] = []


@events.request.add_listener
def _record(request_type, name, response_time, response_length, exception, **kwargs):
    _records.append(
        json.dumps(
            {"name": name, "ms": response_time, "error": bool(exception), "t": time.monotonic()}
        )
        + "\n"
    )


@events.quitting.add_listener
def _write(environment, **kwargs):
    with open(RECORD_PATH, "w") as out:
        out.writelines(_records)


class Browser(HttpUser):
    """Opens a page every 1 to 3 seconds, as someone reading figures before a meeting."""

    abstract = True
    wait_time = between(1, 3)

    def _open(self, group: str):
        paths = URLS.get(group)
        if paths:
            path = random.choice(paths)
            assert path.startswith("/"), path  # only ever the server under test
            self.client.get(path, name=group)

    @task(2)
    def home(self):
        self.client.get("/", name="home")

    @task(3)
    def dashboard(self):
        self._open("dashboard")

    @task(4)
    def measure(self):
        self._open("measure")

    @task(2)
    def meeting(self):
        self._open("meeting")

    @task(1)
    def export(self):
        self._open("export")

    @task(2)
    def trivial(self):
        self.client.get("/healthz/", name="trivial")


class Public(Browser):
    weight = 1


class PanelMember(Browser):
    """Signs in once; its session is written as a signed-in user's is (at most once a minute)."""

    weight = 1

    def on_start(self):
        page = self.client.get("/accounts/login/", name="login").text
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        self.client.post(
            "/accounts/login/",
            {"username": PANEL_USER, "password": PANEL_PASSWORD, "csrfmiddlewaretoken": token},
            headers={"Referer": self.host + "/accounts/login/"},
            name="login",
        )
