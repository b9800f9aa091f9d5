"""Server time of the performance dashboards on large SYNTHETIC data sets.

For each size in BENCH_SIZES (by default both), builds in a database of its own (PostgreSQL
`pcc_bench` when the server answers, else a temporary SQLite file) synthetic measures x 6
areas x 10 years of months and quarters (160 periods), then drops the database:

- `480k`: 500 measures, 480,000 figures;
- `5m`: 5,208 measures, 4,999,680 figures: ten times the measures, each with the same ten
  years of figures, so the plan dashboard has ten times the rows to show and to read.

The figures are written by one INSERT ... SELECT over the measures, areas and periods (no
Python object per figure), so the large size builds in a minute or two.

At each size it times, with the page cache emptied before every request, the plan dashboard,
a priority page and a measure page, and beside each its FLOOR: the time to fetch, with one
SQL query, exactly the rows the page needs (the figures it shows and the series its readings
are computed from). The cold page's p95 over the floor's p95 is the figure to keep near 1.
At the first size it also times the cached pages beside a trivial view (/healthz/).

    python bench/bench_dashboards.py    # BENCH_SIZES=480k,5m BENCH_REQUESTS=200 BENCH_COLD=20
    BENCH_MEASURES=100 python bench/bench_dashboards.py   # one small size, while developing
"""

import datetime as dt
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

AREAS_PER_MEASURE = 6
PERIODS_PER_AREA = 160  # ten years of months (120) and quarters (40)
SIZES = {"480k": 500, "5m": 5_208}  # measures: 480,000 and 4,999,680 figures
MEASURES = int(os.environ.get("BENCH_MEASURES", SIZES["480k"]))
REQUESTS = int(os.environ.get("BENCH_REQUESTS", 200))
COLD_REQUESTS = max(20, int(os.environ.get("BENCH_COLD", 20)))
YEARS = 10
FIRST_YEAR = 2012  # calendar months 2012 to 2021, financial quarters 2012/13 to 2021/22
PG_SERVER = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
PG_NAME = os.environ.get("BENCH_DATABASE", "pcc_bench")


def choose_database(name: str | None = None) -> tuple[str, callable]:
    """A fresh database and the function that drops it."""
    name = name or PG_NAME
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
    """Django on `database_url`, migrated; again on another database after the first call."""
    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "pcc_portal.test_settings"  # DEBUG off, plain static
    os.environ.setdefault("LOG_LEVEL", "ERROR")
    os.environ.setdefault("CHART_CHECKS", "off")  # as a live site builds its charts
    import django
    from django.apps import apps

    if apps.ready:  # the next size: point the connection at its database
        import environ
        from django.db import connections

        connections.close_all()
        name = environ.Env.db_url_config(database_url)["NAME"]
        connections["default"].settings_dict["NAME"] = name
    else:
        django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def synthetic_periods():
    from core.periods import Period

    months = [
        Period.month(y, m) for y in range(FIRST_YEAR, FIRST_YEAR + YEARS) for m in range(1, 13)
    ]
    quarters = [
        Period.quarter(y, q) for y in range(FIRST_YEAR, FIRST_YEAR + YEARS) for q in range(1, 5)
    ]
    return months + quarters


def build_synthetic_data(measure_count: int | None = None) -> str:
    """The SYNTHETIC data set; returns a measure code to time."""
    from django.conf import settings

    from performance.models import Area, Measure, Plan, Priority

    measure_count = measure_count or MEASURES
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
        (
            Measure(
                code=f"synthetic-{i:04d}",
                name=f"SYNTHETIC measure {i:04d}",
                unit=units[i % 4],
                decimal_places=0 if units[i % 4] == "count" else 1,
                direction_of_good=("down", "up", "neither")[i % 3],
                target_operator="<" if units[i % 4] == "minutes" else "",
                target_value=Decimal(15) if units[i % 4] == "minutes" else None,
                source="Synthetic benchmark data",
            )
            for i in range(measure_count)
        ),
        batch_size=2000,
    )
    Through = Measure.priorities.through
    Through.objects.bulk_create(
        (
            Through(measure=m, priority=priorities[i % 6 + offset])
            for i, m in enumerate(measures)
            for offset in (0, 6)
        ),
        batch_size=5000,
    )
    insert_figures(measures, areas, synthetic_periods())
    return measures[1].code


def insert_figures(measures, areas, periods) -> None:
    """Every measure x area x period in one INSERT ... SELECT over three small tables: the
    values follow the same arithmetic pattern per unit, one figure in 50 is a draft."""
    from django.db import connection, transaction

    now = dt.datetime.now(dt.UTC).isoformat()
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The rows are consistent by construction: no foreign-key check per row (the
            # checks would take longer than the insert at five million figures).
            cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute("CREATE TEMPORARY TABLE bench_m (id bigint, i integer, unit varchar(12))")
        cursor.execute("CREATE TEMPORARY TABLE bench_a (id bigint, a integer)")
        cursor.execute("CREATE TEMPORARY TABLE bench_p (p integer, s date, e date)")
        cursor.executemany(
            "INSERT INTO bench_m VALUES (%s, %s, %s)",
            [(m.pk, i, m.unit) for i, m in enumerate(measures)],
        )
        cursor.executemany(
            "INSERT INTO bench_a VALUES (%s, %s)", [(a.pk, i) for i, a in enumerate(areas)]
        )
        cursor.executemany(
            "INSERT INTO bench_p VALUES (%s, %s, %s)",
            [
                (p, period.start.isoformat(), period.end.isoformat())
                for p, period in enumerate(periods)
            ],
        )
        cursor.execute(
            """
            INSERT INTO performance_observation (
                measure_id, area_id, period_start, period_end, value, unit, status, note,
                created_at, updated_at, quality_warnings, returned_reason, withdrawal_reason
            )
            SELECT m.id, a.id, p.s, p.e,
                CASE m.unit
                    WHEN 'percentage' THEN ((m.i * 7 + a.a * 3 + p.p) %% 1000) / 10.0
                    WHEN 'minutes' THEN (80 + (m.i + a.a + p.p) %% 90) / 10.0
                    ELSE 1000 + (m.i * 31 + a.a * 97 + p.p * 13) %% 5000
                END,
                m.unit,
                CASE WHEN p.p %% 50 = 0 THEN 'draft' ELSE 'published' END,
                '', %s, %s, '', '', ''
            FROM bench_m m CROSS JOIN bench_a a CROSS JOIN bench_p p
            ORDER BY m.id, a.id, p.p
            """,
            [now, now],
        )
        for table in ("bench_m", "bench_a", "bench_p"):
            cursor.execute(f"DROP TABLE {table}")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


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


def timed_cold(client, url: str, count: int) -> list[float]:
    """Each request with the page cache emptied first, as after an officer's save."""
    from django.core.cache import cache

    cache.clear()
    client.get(url)  # templates compiled, connection open: what a running server has
    times = []
    for _ in range(count):
        cache.clear()
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return times


def timed_floor(sql: str, params: list, count: int) -> tuple[list[float], int]:
    """One SQL query fetching every row a page needs, into Python tuples."""
    from django.db import connection

    times, rows = [], []
    for _ in range(count + 1):
        start = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        times.append((time.perf_counter() - start) * 1000)
    return times[1:], len(rows)


def floor_queries(measure_code: str) -> dict[str, tuple[str, list]]:
    """For each page, the one query of the rows it needs: for the dashboards the force's
    figures up to the period shown (its series for the control charts, its trend, the figure
    and the year before) and the comparators' figures for that period and the year before; for
    the measure page every figure of the measure (chart, table, control chart and ranking)."""
    from performance.forms import default_period
    from performance.models import Area, Measure, Observation
    from performance.selectors import current_plan, shown_areas, visible_periods

    period = default_period(visible_periods())
    previous = period.previous_equivalent()
    home = Area.objects.home_force()
    comparators = sorted(
        Observation.objects.filter(shown_areas(home))
        .exclude(area=home)
        .order_by()
        .values_list("area_id", flat=True)
        .distinct()
    )
    plan = current_plan(at=period.end)
    priority = plan.priorities.order_by("position").first()
    table = Observation._meta.db_table
    series = f"""
        SELECT measure_id, area_id, period_start, period_end, value, status FROM {table}
        WHERE status = 'published' AND measure_id IN ({{ids}})
          AND ((area_id = %s AND period_end <= %s)
               OR (area_id IN ({", ".join(["%s"] * len(comparators))})
                   AND period_start IN (%s, %s) AND period_end IN (%s, %s)))
    """
    params = [home.pk, period.end, *comparators, period.start, previous.start]
    params += [period.end, previous.end]

    def of(measures):
        ids = sorted(measures.values_list("pk", flat=True))
        return series.format(ids=", ".join(str(pk) for pk in ids)), params

    measure = Measure.objects.get(code=measure_code)
    return {
        "dashboard": of(Measure.objects.filter(priorities__plan=plan).distinct()),
        "priority_page": of(priority.measures.all()),
        "measure_page": (
            f"SELECT measure_id, area_id, period_start, period_end, value, status FROM {table} "
            "WHERE status = 'published' AND measure_id = %s",
            [measure.pk],
        ),
    }, {
        "dashboard": "/performance/",
        "priority_page": f"/performance/plans/{plan.code}/{priority.code}/",
        "measure_page": f"/performance/measures/{measure_code}/",
    }


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


def cached_pages(client, dashboard_url: str, measure_url: str) -> None:
    """The pages as most visits get them, from the shared page cache, beside /healthz/."""
    results = {
        "trivial": timed(client, "/healthz/", REQUESTS),
        "dashboard": timed(client, dashboard_url, REQUESTS),
        "measure_page": timed(client, measure_url, REQUESTS),
    }
    # A signed-in panel member gets the public's cached page with their own account
    # links; OPCC staff never do, and get only the cached dashboard figures.
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.test import Client

    from pcc_portal.access import OFFICER

    member = get_user_model().objects.create_user("synthetic-panel-member")
    officer = get_user_model().objects.create_user("synthetic-officer", is_staff=True)
    officer.groups.add(Group.objects.get(name=OFFICER))
    for name, user in (("dashboard_signed_in", member), ("dashboard_staff", officer)):
        signed_in = Client()
        signed_in.force_login(user)
        results[name] = timed(signed_in, dashboard_url, REQUESTS // 4)
    for name, times in results.items():
        print(f"BENCH {name}_p50_ms {statistics.median(times):.2f} ms")
        print(f"BENCH {name}_p95_ms {p95(times):.2f} ms")
    ratio = p95(results["dashboard"]) / p95(results["trivial"])
    print(f"BENCH dashboard_p95_ratio_to_trivial {ratio:.2f} x")
    html = client.get(dashboard_url).content.decode()
    print(f"BENCH dashboard_static_kb_gzip {static_kb_gzip(html):.1f} kB")
    html = client.get(measure_url).content.decode()
    print(f"BENCH measure_page_static_kb_gzip {static_kb_gzip(html):.1f} kB")


def cold_pages(client, measure_code: str, size: str) -> None:
    """Each page without the cache beside its floor, in the same run."""
    queries, urls = floor_queries(measure_code)
    for page, url in urls.items():
        cold = timed_cold(client, url, COLD_REQUESTS)
        floor, rows = timed_floor(*queries[page], COLD_REQUESTS)
        print(f"# {page} {url}: floor fetches {rows} rows")
        print(f"BENCH {page}_{size}_cold_p50_ms {statistics.median(cold):.1f} ms")
        print(f"BENCH {page}_{size}_cold_p95_ms {p95(cold):.1f} ms")
        print(f"BENCH {page}_{size}_floor_p95_ms {p95(floor):.1f} ms")
        print(f"BENCH {page}_{size}_cold_to_floor_ratio {p95(cold) / p95(floor):.2f} x")


def sizes() -> list[tuple[str, int]]:
    if "BENCH_MEASURES" in os.environ:
        return [(f"{MEASURES * AREAS_PER_MEASURE * PERIODS_PER_AREA // 1000}k", MEASURES)]
    chosen = os.environ.get("BENCH_SIZES", ",".join(SIZES)).split(",")
    unknown = [name for name in chosen if name not in SIZES]
    if unknown:
        sys.exit(f"BENCH_SIZES: unknown size {', '.join(unknown)}; choose from {', '.join(SIZES)}")
    return [(name, SIZES[name]) for name in chosen]


def main():
    for number, (size, measure_count) in enumerate(sizes()):
        database_url, drop = choose_database()
        try:
            setup_django(database_url)
            started = time.perf_counter()
            measure_code = build_synthetic_data(measure_count)
            from django.db import connection

            from performance.models import Observation

            print(
                f"# {size}: {measure_count} synthetic measures, "
                f"{Observation.objects.count()} figures built in "
                f"{time.perf_counter() - started:.0f} s on {connection.vendor}"
            )
            from django.test import Client

            from pcc_portal.apps import freeze_loaded_code

            freeze_loaded_code()  # as pcc_portal/wsgi.py does in a web process
            client = Client()
            if number == 0:
                cached_pages(client, "/performance/", f"/performance/measures/{measure_code}/")
            cold_pages(client, measure_code, size)
        finally:
            drop()


if __name__ == "__main__":
    main()
