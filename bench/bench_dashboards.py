"""Server time of the performance dashboards on a large SYNTHETIC data set.

Builds, in a database of its own (PostgreSQL `pcc_bench` when the server answers, else a
temporary SQLite file), 500 synthetic measures x 6 areas x 10 years of months and quarters
(480,000 observations), times the plan dashboard, a measure page and a trivial view (/healthz/)
through the Django test client, prints BENCH lines, then drops the database. The synthetic
data is never written to the demo data or to any other database.

    python bench/bench_dashboards.py            # BENCH_REQUESTS=200 BENCH_MEASURES=500
"""

import gzip
import os
import re
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

MEASURES = int(os.environ.get("BENCH_MEASURES", 500))
REQUESTS = int(os.environ.get("BENCH_REQUESTS", 200))
YEARS = 10
FIRST_YEAR = 2012  # financial years 2012/13 to 2021/22
PG_SERVER = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
PG_NAME = "pcc_bench"


def choose_database(name: str = PG_NAME) -> tuple[str, callable]:
    """A fresh database and the function that drops it."""
    try:
        import psycopg2

        admin = psycopg2.connect(f"{PG_SERVER}/postgres", connect_timeout=3)
    except Exception:  # no PostgreSQL here: a temporary SQLite file does the job
        folder = tempfile.mkdtemp(prefix="pcc-bench-")
        path = Path(folder) / "bench.sqlite3"
        return f"sqlite:///{path}", lambda: (path.unlink(missing_ok=True), Path(folder).rmdir())
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {name}")
        cursor.execute(f"CREATE DATABASE {name}")

    def drop():
        from django.db import connections

        connections.close_all()
        with admin.cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {name}")
        admin.close()

    return f"{PG_SERVER}/{name}", drop


def setup_django(database_url: str):
    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "pcc_portal.test_settings"  # DEBUG off, plain static
    os.environ.setdefault("LOG_LEVEL", "ERROR")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def build_synthetic_data() -> str:
    """The SYNTHETIC data set; returns a measure code to time."""
    import datetime as dt

    from django.conf import settings

    from core.periods import Period
    from performance.models import Area, Measure, Observation, Plan, Priority

    areas = Area.objects.bulk_create(
        Area(
            code=code,
            name=f"{name} (synthetic)",
            kind=kind,
            position=i,
            ons_code=settings.HOME_FORCE if code == "LANC" else "",
        )
        for i, (code, name, kind) in enumerate(
            [
                ("LANC", "Home force", "force"),
                ("EW", "England and Wales", "national"),
                ("MSG", "Most Similar Group", "msg"),
                ("NW", "North West region", "region"),
                ("WEST", "West division", "division"),
                ("EAST", "East division", "division"),
            ]
        )
    )
    old = Plan.objects.create(
        code="synthetic-2016",
        title="SYNTHETIC benchmark plan 2016",
        start=dt.date(2016, 4, 1),
        end=dt.date(2021, 3, 31),
    )
    plan = Plan.objects.create(
        code="synthetic-2021",
        title="SYNTHETIC benchmark plan 2021",
        start=dt.date(2021, 4, 1),
        end=dt.date(2025, 3, 31),
    )
    priorities = Priority.objects.bulk_create(
        Priority(
            plan=p, code=f"synthetic-priority-{i}", title=f"SYNTHETIC priority {i}", position=i
        )
        for p in (plan, old)
        for i in range(1, 7)
    )
    units = ["count", "count", "percentage", "minutes"]
    measures = Measure.objects.bulk_create(
        Measure(
            code=f"synthetic-{i:03d}",
            name=f"SYNTHETIC measure {i:03d}",
            unit=units[i % 4],
            decimal_places=0 if units[i % 4] == "count" else 1,
            direction_of_good=("down", "up", "neither")[i % 3],
            target_operator="<" if units[i % 4] == "minutes" else "",
            target_value=Decimal(15) if units[i % 4] == "minutes" else None,
            source="Synthetic benchmark data",
        )
        for i in range(MEASURES)
    )
    Through = Measure.priorities.through
    Through.objects.bulk_create(
        Through(measure=m, priority=priorities[i % 6 + offset])
        for i, m in enumerate(measures)
        for offset in (0, 6)
    )
    periods = [
        Period.month(y, m) for y in range(FIRST_YEAR, FIRST_YEAR + YEARS) for m in range(1, 13)
    ]
    periods += [
        Period.quarter(y, q) for y in range(FIRST_YEAR, FIRST_YEAR + YEARS) for q in range(1, 5)
    ]
    batch = []
    for i, measure in enumerate(measures):
        for a, area in enumerate(areas):
            for p, period in enumerate(periods):
                if measure.unit == "percentage":
                    value = Decimal((i * 7 + a * 3 + p) % 1000) / 10
                elif measure.unit == "minutes":
                    value = Decimal(80 + (i + a + p) % 90) / 10
                else:
                    value = Decimal(1000 + (i * 31 + a * 97 + p * 13) % 5000)
                batch.append(
                    Observation(
                        measure=measure,
                        area=area,
                        period_start=period.start,
                        period_end=period.end,
                        value=value,
                        unit=measure.unit,
                        status="published" if p % 50 else "draft",
                    )
                )
        if len(batch) >= 20000:
            Observation.objects.bulk_create(batch, batch_size=5000)
            batch = []
    Observation.objects.bulk_create(batch, batch_size=5000)
    return measures[1].code


def timed(client, url: str, count: int) -> list[float]:
    for _ in range(3):  # warm up: template compilation, connection
        client.get(url)
    times = []
    for _ in range(count):
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return times


def p95(times: list[float]) -> float:
    return statistics.quantiles(times, n=20)[-1]


def static_kb_gzip(html: str) -> float:
    """JS and CSS the page makes a browser download, gzip-compressed."""
    from django.contrib.staticfiles import finders

    total = 0
    for url in set(re.findall(r'(?:src|href)="/static/([^"]+\.(?:js|css|mjs))"', html)):
        path = finders.find(url)
        total += len(gzip.compress(Path(path).read_bytes(), compresslevel=9))
        if url.endswith(".mjs"):  # the module imports GOV.UK Frontend's bundle
            bundle = finders.find("build/govuk-frontend.min.js")
            total += len(gzip.compress(Path(bundle).read_bytes(), compresslevel=9))
    return total / 1024


def main():
    database_url, drop = choose_database()
    try:
        setup_django(database_url)
        started = time.perf_counter()
        measure_code = build_synthetic_data()
        from performance.models import Observation

        print(
            f"# synthetic data: {MEASURES} measures, {Observation.objects.count()} observations "
            f"in {time.perf_counter() - started:.0f} s on {database_url.split(':')[0]}"
        )
        from django.core.cache import cache
        from django.test import Client

        client = Client()
        dashboard_url = "/performance/"
        measure_url = f"/performance/measures/{measure_code}/"
        results = {
            "trivial": timed(client, "/healthz/", REQUESTS),
            "dashboard": timed(client, dashboard_url, REQUESTS),
            "measure_page": timed(client, measure_url, REQUESTS),
        }
        # A signed-in panel member gets the public's cached page with their own account
        # links; OPCC staff never do, and get only the cached dashboard figures.
        from django.contrib.auth import get_user_model
        from django.contrib.auth.models import Group

        from pcc_portal.access import OFFICER

        member = get_user_model().objects.create_user("synthetic-panel-member")
        officer = get_user_model().objects.create_user("synthetic-officer", is_staff=True)
        officer.groups.add(Group.objects.get(name=OFFICER))
        for name, user in (("dashboard_signed_in", member), ("dashboard_staff", officer)):
            signed_in = Client()
            signed_in.force_login(user)
            results[name] = timed(signed_in, dashboard_url, REQUESTS // 4)
        cold = {"dashboard": [], "measure_page": []}
        for _ in range(5):
            for name, url in (("dashboard", dashboard_url), ("measure_page", measure_url)):
                cache.clear()
                start = time.perf_counter()
                client.get(url)
                cold[name].append((time.perf_counter() - start) * 1000)
        for name, times in results.items():
            print(f"BENCH {name}_p50_ms {statistics.median(times):.2f} ms")
            print(f"BENCH {name}_p95_ms {p95(times):.2f} ms")
        for name, times in cold.items():
            print(f"BENCH {name}_uncached_p50_ms {statistics.median(times):.2f} ms")
        ratio = p95(results["dashboard"]) / p95(results["trivial"])
        print(f"BENCH dashboard_p95_ratio_to_trivial {ratio:.2f} x")
        html = client.get(dashboard_url).content.decode()
        print(f"BENCH dashboard_static_kb_gzip {static_kb_gzip(html):.1f} kB")
        html = client.get(measure_url).content.decode()
        print(f"BENCH measure_page_static_kb_gzip {static_kb_gzip(html):.1f} kB")
    finally:
        drop()


if __name__ == "__main__":
    main()
