"""Load on meeting night: 50 users (half of them signed-in panel members) browsing dashboards,
measure pages, meeting pages and exports for 60 s against gunicorn on PostgreSQL, DEBUG off.

Everything stays on this machine: gunicorn listens on 127.0.0.1 on a free port, locust only
ever requests that address, and the benchmark database (pcc_bench_load) is created from
scratch and dropped at the end. Prints:

    BENCH load_rps, load_p50_ms, load_p95_ms, load_p99_ms   (page, measure, meeting, export)
    BENCH load_errors                                       (any failed request)
    BENCH trivial_p95_ms                                    (/healthz/ in the same run)
    BENCH load_p95_ratio_to_trivial                         (target: at most 3)
    BENCH load_steady_p95_ms, trivial_steady_p95_ms and their ratio, once all have signed in
    BENCH first_render_p50_ms, first_render_p95_ms          (each page's first visit, alone)
    BENCH signin_p95_ms, signin_p95_ratio_to_page_p95       (the panel members' sign-ins
                                                             against load_p95_ms; target 3)

Then entry week: the same readers while an officer saves a figure every 10 s through the
quarter entry page, the readers in steps of BENCH_ENTRY_STEPS users (10,25,50,75),
BENCH_ENTRY_STEP_SECONDS (40) each. Each save moves the data version, so OPCC staff see it at
once; as a draft, nobody else can see it, so the public data version that keys the pages the
panel and the public read stays where it was (a line says how far each moved):

    BENCH entry_week_errors, entry_week_saves               (every request, the saves included)
    BENCH entry_week_p95_ms, entry_week_trivial_p95_ms,     at BENCH_USERS readers
          entry_week_p95_ratio_to_trivial                   (target: at most 3)
    BENCH entry_week_highest_passing_users, ..._rps         the last step, going up, with no
                                                            error and the ratio at most 3

Settings: BENCH_USERS (50), BENCH_SECONDS (60), BENCH_SPAWN_RATE (10),
BENCH_POSTGRES (postgres://postgres@127.0.0.1:5432), BENCH_ENTRY_WEEK (on; "off" skips it).
"""

import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections import deque
from pathlib import Path
from statistics import quantiles

ROOT = Path(__file__).resolve().parent.parent
DATABASE = "pcc_bench_load"
POSTGRES = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
USERS = int(os.environ.get("BENCH_USERS", 50))
SECONDS = int(os.environ.get("BENCH_SECONDS", 60))
SPAWN_RATE = int(os.environ.get("BENCH_SPAWN_RATE", 10))
WARM_UP_SECONDS = 10
# A database of its own on the local Redis, emptied before each run.
REDIS = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/15")
ENTRY_PAGES = ["/", "/performance/", "/finance/", "/funds/", "/panel/"]
DISCOVERY_LIMIT = 300
BROWSING_GROUPS = ("home", "dashboard", "measure", "meeting", "export")
ENTRY_STEPS = os.environ.get("BENCH_ENTRY_STEPS", "10,25,50,75")
ENTRY_STEP_SECONDS = int(os.environ.get("BENCH_ENTRY_STEP_SECONDS", 40))
ENTRY_WEEK = os.environ.get("BENCH_ENTRY_WEEK", "on") != "off"
TARGET_RATIO = 3


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_env(port: int, password: str) -> dict[str, str]:
    """Production settings, except https: the benchmark speaks plain http on loopback."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SECURE_", "DJANGO_"))}
    env.update(
        DEBUG="off",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=f"{POSTGRES}/{DATABASE}",
        SECURE_SSL_REDIRECT="off",
        SECURE_COOKIES="off",
        DEMO_PASSWORD=password,
        GUNICORN_BIND=f"127.0.0.1:{port}",
        LOG_LEVEL="WARNING",
        # As deployed (README, "Deployment"): the workers share one Redis cache, so a page or
        # figure rendered by one worker serves them all.
        REDIS_URL=REDIS,
    )
    return env


def manage(env, *args, quiet=True):
    subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=600,
        stdout=subprocess.DEVNULL if quiet else None,
    )


def drop_database(env):
    import psycopg2

    connection = psycopg2.connect(f"{POSTGRES}/postgres")
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
    finally:
        connection.close()


def wait_until_up(base: str, deadline_s: float = 60) -> None:
    deadline = time.monotonic() + deadline_s
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{base}/healthz/", timeout=10) as response:
                if response.status == 200:
                    return
        except OSError:  # not listening yet, or the workers still loading the portal
            time.sleep(0.5)
    raise RuntimeError("gunicorn did not answer /healthz/ within a minute")


def group_of(path: str) -> str | None:
    if path.startswith(("/static/", "/media/", "/accounts/", "/admin/", "/healthz/")):
        return None
    if "drafts=" in path:
        return None
    if "_export=" in path or re.search(r"\.(csv|json|ics|xlsx|pdf)(\?|$)", path):
        return "export"
    if path.startswith("/panel/"):
        return "meeting"
    if path.startswith("/performance/measures/"):
        return "measure"
    if path == "/":
        return "home"
    return "dashboard"


def discover(base: str) -> tuple[dict[str, list[str]], list[float]]:
    """The site's pages, found by following links from the entry pages as the public would,
    and the time each took to render for the first time, one at a time.

    Like the public's visits during the day before a meeting, this leaves every page in the
    shared page cache: the load test measures meeting night, not the first visit."""
    groups: dict[str, list[str]] = {name: [] for name in BROWSING_GROUPS}
    first_renders: list[float] = []
    queue, seen = deque(ENTRY_PAGES), set(ENTRY_PAGES)
    while queue and sum(map(len, groups.values())) < DISCOVERY_LIMIT:
        path = queue.popleft()
        started = time.perf_counter()
        try:
            with urllib.request.urlopen(base + path, timeout=30) as response:
                content_type = response.headers.get("Content-Type", "")
                body = response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError:
            continue
        first_renders.append((time.perf_counter() - started) * 1000)
        group = group_of(path)
        is_html = "text/html" in content_type
        # A page that ignores ?_export= is not an export.
        if group and not (group == "export" and is_html):
            groups[group].append(path)
        if not is_html:
            continue
        links = re.findall(r'href="(/[^"#]*)"', body)
        if "govuk-table" in body and "?" not in path:
            links.append(f"{path}?_export=csv")
        for link in links:
            link = link.replace("&amp;", "&")
            if link not in seen and group_of(link):
                seen.add(link)
                queue.append(link)
    return groups, first_renders


def percentile(values: list[float], p: int) -> float:
    if len(values) < 2:
        return values[0] if values else float("nan")
    return quantiles(values, n=100, method="inclusive")[p - 1]


def main() -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    password = secrets.token_urlsafe(16)
    env = server_env(port, password)
    workdir = Path(tempfile.mkdtemp(prefix="bench-load-"))
    gunicorn = None
    drop_database(env)
    try:
        manage(env, "shell", "-c", "from django.core.cache import cache; cache.clear()")
        manage(env, "create_database")
        manage(env, "migrate", "--noinput")
        manage(env, "load_demo", "--with-users")
        manage(env, "collectstatic", "--noinput")
        with open(workdir / "gunicorn.log", "w") as log:
            gunicorn = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py"],
                cwd=ROOT,
                env={**env, "GUNICORN_ACCESS_LOG": str(workdir / "access.log")},
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        wait_until_up(base)
        groups, first_renders = discover(base)
        (workdir / "urls.json").write_text(json.dumps(groups))
        found = ", ".join(f"{len(paths)} {name}" for name, paths in groups.items())
        print(f"# gunicorn {base}, workers {worker_count(env)}; pages found: {found}")
        print(
            f"BENCH first_render_p50_ms {percentile(first_renders, 50):.0f} ms\n"
            f"BENCH first_render_p95_ms {percentile(first_renders, 95):.0f} ms"
        )
        run_locust(base, env, workdir, password)
        report(workdir / "requests.jsonl")
        if ENTRY_WEEK:
            before = versions(env)
            run_locust(base, env, workdir, password, entry_week=True)
            report_entry_week(workdir / "entry-week.jsonl")
            moved = [after - start for start, after in zip(before, versions(env), strict=True)]
            print(
                f"# entry week: the data version moved on by {moved[0]}, the public data "
                f"version by {moved[1]} (one step a statement that writes)"
            )
    finally:
        if gunicorn is not None:
            gunicorn.send_signal(signal.SIGTERM)
            try:
                gunicorn.wait(timeout=30)
            except subprocess.TimeoutExpired:
                gunicorn.kill()
        drop_database(env)


def versions(env) -> tuple[int, int]:
    """The data version and the public data version (pcc_portal.versions)."""
    script = (
        "from pcc_portal.versions import data_version; "
        "print(data_version(), data_version(public=True))"
    )
    printed = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    return int(printed[-2]), int(printed[-1])


def worker_count(env) -> str:
    script = "import runpy; print(runpy.run_path('gunicorn.conf.py')['workers'])"
    return subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True
    ).stdout.strip()


def run_locust(base, env, workdir: Path, password: str, *, entry_week: bool = False) -> None:
    record = workdir / ("entry-week.jsonl" if entry_week else "requests.jsonl")
    locust_env = {
        **env,
        "BENCH_LOAD_URLS": str(workdir / "urls.json"),
        "BENCH_LOAD_RECORD": str(record),
        "BENCH_LOAD_PASSWORD": password,
    }
    command = [
        sys.executable,
        "-m",
        "locust",
        "-f",
        str(ROOT / "bench" / "locustfile.py"),
        "--headless",
        "--host",
        base,
        "--stop-timeout",
        "10",
        "--only-summary",
        "--loglevel",
        "WARNING",
    ]
    if entry_week:
        # The locustfile's step shape sets the users and ends the run.
        locust_env.update(
            BENCH_LOAD_SCENARIO="entry-week",
            BENCH_LOAD_STEPS=ENTRY_STEPS,
            BENCH_LOAD_STEP_SECONDS=str(ENTRY_STEP_SECONDS),
        )
        seconds = ENTRY_STEP_SECONDS * len(ENTRY_STEPS.split(","))
    else:
        seconds = SECONDS
        command += ["--users", str(USERS), "--spawn-rate", str(SPAWN_RATE)]
        command += ["--run-time", f"{SECONDS}s"]
    started = time.monotonic()
    with open(record.with_suffix(".log"), "w") as log:
        subprocess.run(
            command,
            env=locust_env,
            stdout=log,
            stderr=subprocess.STDOUT,
            timeout=seconds + 120,
            check=False,
        )
    record.with_suffix(".elapsed").write_text(str(time.monotonic() - started))


def report(record: Path) -> None:
    rows = [json.loads(line) for line in record.read_text().splitlines()]
    elapsed = float(record.with_suffix(".elapsed").read_text())
    browsing = [r["ms"] for r in rows if r["name"] in BROWSING_GROUPS]
    trivial = [r["ms"] for r in rows if r["name"] == "trivial"]
    errors = sum(r["error"] for r in rows)
    load_p95, trivial_p95 = percentile(browsing, 95), percentile(trivial, 95)
    print(f"# {len(rows)} requests in {elapsed:.0f} s by {USERS} users")
    print(f"BENCH load_rps {len(rows) / SECONDS:.1f} req/s")
    print(f"BENCH load_p50_ms {percentile(browsing, 50):.0f} ms")
    print(f"BENCH load_p95_ms {load_p95:.0f} ms")
    print(f"BENCH load_p99_ms {percentile(browsing, 99):.0f} ms")
    print(f"BENCH load_errors {errors} requests")
    print(f"BENCH trivial_p95_ms {trivial_p95:.0f} ms")
    print(f"BENCH load_p95_ratio_to_trivial {load_p95 / trivial_p95:.2f} x")
    # Steady state: once every user has been started and has signed in (the panel members'
    # sign-ins in the first seconds each hash a password, Argon2id, and any queue they build
    # shows in every page's p95 while it lasts).
    settled = rows[0]["t"] + USERS / SPAWN_RATE + WARM_UP_SECONDS if rows else 0
    steady = [r for r in rows if r["t"] >= settled]
    steady_p95 = percentile([r["ms"] for r in steady if r["name"] in BROWSING_GROUPS], 95)
    steady_trivial = percentile([r["ms"] for r in steady if r["name"] == "trivial"], 95)
    print(f"BENCH load_steady_p95_ms {steady_p95:.0f} ms")
    print(f"BENCH trivial_steady_p95_ms {steady_trivial:.0f} ms")
    print(f"BENCH load_steady_p95_ratio_to_trivial {steady_p95 / steady_trivial:.2f} x")
    # Signing in: the panel members' password checks, all in the first seconds of the run.
    signin = [r["ms"] for r in rows if r["name"] == "signin"]
    if signin:
        signin_p95 = percentile(signin, 95)
        print(f"BENCH signin_p95_ms {signin_p95:.0f} ms")
        print(f"BENCH signin_p95_ratio_to_page_p95 {signin_p95 / load_p95:.2f} x")
    for group in (*BROWSING_GROUPS, "login", "signin"):
        times = [r["ms"] for r in rows if r["name"] == group]
        if times:
            print(f"# {group}: {len(times)} requests, p95 {percentile(times, 95):.0f} ms")


def report_entry_week(record: Path) -> None:
    """Each step's readers against the trivial view in the same step, while the officer saves;
    the headline at BENCH_USERS readers, and the highest step that holds the target."""
    rows = [json.loads(line) for line in record.read_text().splitlines()]
    saves = [r for r in rows if r["name"] == "save"]
    print(f"# entry week: {len(rows)} requests, {len(saves)} saves by the officer")
    print(f"BENCH entry_week_errors {sum(r['error'] for r in rows)} requests")
    print(f"BENCH entry_week_saves {sum(not r['error'] for r in saves)} saves")
    highest, holding = None, True
    for users in [int(n) for n in ENTRY_STEPS.split(",")]:
        step = [r for r in rows if r["step"] == users]
        browsing = [r["ms"] for r in step if r["name"] in BROWSING_GROUPS]
        trivial = [r["ms"] for r in step if r["name"] == "trivial"]
        if not browsing or not trivial:
            print(f"# step {users} users: no requests recorded")
            holding = False
            continue
        p95, trivial_p95 = percentile(browsing, 95), percentile(trivial, 95)
        errors = sum(r["error"] for r in step)
        rps = len(step) / ENTRY_STEP_SECONDS
        ratio = p95 / trivial_p95
        print(
            f"# step {users} users: {rps:.1f} req/s, p95 {p95:.0f} ms, trivial p95 "
            f"{trivial_p95:.0f} ms, ratio {ratio:.2f}, {errors} errors"
        )
        if users == USERS:
            print(f"BENCH entry_week_p95_ms {p95:.0f} ms")
            print(f"BENCH entry_week_trivial_p95_ms {trivial_p95:.0f} ms")
            print(f"BENCH entry_week_p95_ratio_to_trivial {ratio:.2f} x")
        holding = holding and not errors and ratio <= TARGET_RATIO
        if holding:
            highest = (users, rps)
    users, rps = highest or (0, 0.0)
    print(f"BENCH entry_week_highest_passing_users {users} users")
    print(f"BENCH entry_week_highest_passing_rps {rps:.1f} req/s")


if __name__ == "__main__":
    main()
