"""Locust users for bench/bench_load.py: Police and Crime Panel members and the public browsing
the portal on meeting night. Not run on its own: bench_load.py starts gunicorn, finds the
pages and passes them in BENCH_LOAD_URLS (a JSON file of {group: [path, ...]}).

With BENCH_LOAD_SCENARIO=entry-week an officer also saves a figure every 10 s through the
quarter entry page, as in the weeks before a meeting (each save moves the data version, so the
readers' pages are rendered afresh), and the readers come in steps (BENCH_LOAD_STEPS, e.g.
"10,25,50,75" users, BENCH_LOAD_STEP_SECONDS each).

Every request is written to BENCH_LOAD_RECORD (one JSON line each, with the step it fell in)
so the benchmark can compute exact percentiles over the groups it wants."""

import json
import os
import random
import re
import time
from html.parser import HTMLParser
from pathlib import Path

import gevent
from locust import HttpUser, LoadTestShape, between, constant_pacing, events, task
from locust.clients import LocustHttpAdapter
from urllib3.util.retry import Retry

URLS: dict[str, list[str]] = json.loads(Path(os.environ["BENCH_LOAD_URLS"]).read_text())
RECORD_PATH = os.environ["BENCH_LOAD_RECORD"]
PANEL_USER = os.environ.get("BENCH_LOAD_USER", "panel")
PASSWORD = os.environ.get("BENCH_LOAD_PASSWORD", "")  # every demo user's
OFFICER_USER = os.environ.get("BENCH_LOAD_OFFICER", "officer")
ENTRY_WEEK = os.environ.get("BENCH_LOAD_SCENARIO", "") == "entry-week"
STEPS = [int(n) for n in os.environ.get("BENCH_LOAD_STEPS", "").split(",") if n.strip()]
STEP_SECONDS = int(os.environ.get("BENCH_LOAD_STEP_SECONDS", 40))
SAVE_EVERY_SECONDS = 10
_records: list[str] = []
_step = {"users": 0}


@events.request.add_listener
def _record(request_type, name, response_time, response_length, exception, **kwargs):
    _records.append(
        json.dumps(
            {
                "name": name,
                "ms": response_time,
                "error": bool(exception),
                "t": time.monotonic(),
                "step": _step["users"],
            }
        )
        + "\n"
    )


@events.quitting.add_listener
def _write(environment, **kwargs):
    with open(RECORD_PATH, "w") as out:
        out.writelines(_records)


def resend_on_stale_connections(user: HttpUser) -> None:
    """gunicorn closes a worker's idle keep-alive connections when it recycles the worker
    (max_requests); a browser whose GET meets such a closed connection sends it again on a
    new one, and so does this user (the time of both tries is the request's time)."""
    retry = Retry(total=1, connect=1, read=1, status=0, allowed_methods=frozenset({"GET"}))
    user.client.mount("http://", LocustHttpAdapter(pool_manager=None, max_retries=retry))


class Browser(HttpUser):
    """Opens a page every 1 to 3 seconds, as someone reading figures before a meeting."""

    abstract = True
    wait_time = between(1, 3)

    def on_start(self):
        resend_on_stale_connections(self)
        # locust starts a second's worth of users (the spawn rate) at one instant; people
        # arrive one by one, so each begins at a random moment within its second.
        gevent.sleep(random.uniform(0, 1))

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
        super().on_start()
        sign_in(self, PANEL_USER, name="signin")


def sign_in(user: HttpUser, username: str, *, name: str) -> None:
    """The sign-in form as a person fills it in. The POST alone (the password checked, the
    session written) is timed as `name`, not the page it redirects to; the form's GET is
    "login"."""
    page = user.client.get("/accounts/login/", name="login").text
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    with user.client.post(
        "/accounts/login/",
        {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token},
        headers={"Referer": user.host + "/accounts/login/"},
        name=name,
        allow_redirects=False,
        catch_response=True,
    ) as response:
        if response.status_code != 302 or "/accounts/" in response.headers.get("Location", ""):
            why = f"status {response.status_code}"
            if response.status_code == 0:  # no answer: say what the connection did
                why += f", {type(response.error).__name__}: {response.error}"
            response.failure(f"{username} was not signed in ({why})")


class _Forms(HTMLParser):
    """The fields a browser would post from each of the page's POST forms (`forms`): text
    inputs, hidden inputs, checked boxes and radios, text areas and chosen options."""

    def __init__(self):
        super().__init__()
        self.forms: list[list[tuple[str, str]]] = []
        self.fields: list[tuple[str, str]] = []
        self._in_form = False
        self._textarea: str | None = None
        self._select: str | None = None
        self._options: list[tuple[str, bool]] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and (a.get("method") or "").lower() == "post":
            self._in_form, self.fields = True, []
            self.forms.append(self.fields)
        if not self._in_form:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = (a.get("type") or "text").lower()
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            if kind not in ("submit", "button", "file"):
                self.fields.append((name, a.get("value") or ""))
        elif tag == "textarea" and name:
            self._textarea = name
            self.fields.append((name, ""))
        elif tag == "select" and name:
            self._select, self._options = name, []
        elif tag == "option" and self._select:
            self._options.append((a.get("value") or "", "selected" in a))

    def handle_data(self, data):
        if self._textarea:
            name, text = self.fields[-1]
            self.fields[-1] = (name, text + data)

    def handle_endtag(self, tag):
        if tag == "textarea" and self._textarea:
            # A browser drops the newline that starts a text area's content.
            name, text = self.fields[-1]
            self.fields[-1] = (name, text.removeprefix("\n"))
            self._textarea = None
        elif tag == "select" and self._select:
            chosen = [v for v, selected in self._options if selected] or [
                v for v, _ in self._options[:1]
            ]
            self.fields += [(self._select, v) for v in chosen]
            self._select = None
        elif tag == "form":
            self._in_form = False


def _changed(text: str) -> str:
    """Another value a figure could take: one more, or one less when that would pass 100 (a
    percentage), keeping the decimal places typed."""
    number = float(text.replace(",", "")) if text.strip() else 0.0
    places = len(text.split(".")[1]) if "." in text else 0
    number = number + 1 if number + 1 <= 100 else number - 1
    return f"{number:.{places}f}"


class Officer(HttpUser):
    """Only in the entry-week scenario: one officer, signed in, changes a figure on the quarter
    entry page every 10 s and saves the grid, as the page's form would (every field posted)."""

    abstract = not ENTRY_WEEK
    fixed_count = 1
    wait_time = constant_pacing(SAVE_EVERY_SECONDS)
    entry = "/performance/staff/quarter/"

    def on_start(self):
        resend_on_stale_connections(self)
        sign_in(self, OFFICER_USER, name="officer-signin")

    @task
    def save_a_figure(self):
        page = self.client.get(self.entry, name="entry-page")
        if not page.ok:
            return  # recorded as the failure it is; there is no form to fill in
        reader = _Forms()
        reader.feed(page.text)
        # The grid is the form with value boxes (the header's sign-out button is a form too).
        grid = next((f for f in reader.forms if any(n.startswith("value-") for n, _ in f)), [])
        fields = list(grid)  # HTMLParser has already turned &amp; and the like into text
        at = next((i for i, (name, _) in enumerate(fields) if name.startswith("value-")), None)
        with self.client.post(
            self.entry,
            self._with_change(fields, at),
            headers={"Referer": self.host + self.entry},
            name="save",
            catch_response=True,
        ) as response:
            if at is None:
                response.failure("the quarter entry page offers no figure to change")
            elif "Saved 1 figure" not in response.text:
                response.failure(f"the figure was not saved (status {response.status_code})")

    @staticmethod
    def _with_change(fields, at):
        if at is not None:
            name, value = fields[at]
            fields[at] = (name, _changed(value))
        return fields


if ENTRY_WEEK and STEPS:

    class Steps(LoadTestShape):
        """The readers in steps of STEPS users, STEP_SECONDS each; the officer throughout."""

        def tick(self):
            run_time = self.get_run_time()
            step = int(run_time // STEP_SECONDS)
            if step >= len(STEPS):
                return None
            _step["users"] = STEPS[step]
            return STEPS[step] + 1, 25  # the officer is one of the users
