"""Time to check (dry run) and to import 10,000 observation rows from CSV, audit rows included.

Runs against its own temporary database, never the demo data: a SQLite file in a temporary
folder, or the PostgreSQL server of BENCH_POSTGRES_URL (a database pcc_bench_import is created
there and dropped afterwards), e.g. BENCH_POSTGRES_URL=postgres://postgres@127.0.0.1:5432.

Prints `BENCH import_dry_run_10k_s <median> s` and `BENCH import_10k_s <median> s` (median of
three runs; the target is 5 s each).
"""

import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
RUNS = 3
BENCH_DB = "pcc_bench_import"


def configure(folder: str) -> str | None:
    """Points Django at a fresh database; returns the PostgreSQL server URL if one is used."""
    server = os.environ.get("BENCH_POSTGRES_URL", "").rstrip("/")
    if server:
        import psycopg2

        admin = psycopg2.connect(f"{server}/postgres")
        admin.autocommit = True
        with admin.cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {BENCH_DB}")
            cursor.execute(f"CREATE DATABASE {BENCH_DB}")
        admin.close()
        os.environ["DATABASE_URL"] = f"{server}/{BENCH_DB}"
    else:
        os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
    os.environ["DJANGO_SETTINGS_MODULE"] = "pcc_portal.test_settings"
    import django

    django.setup()
    return server or None


def drop(server: str | None) -> None:
    if not server:
        return
    import psycopg2
    from django.db import connections

    connections.close_all()
    admin = psycopg2.connect(f"{server}/postgres")
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {BENCH_DB}")
    admin.close()


def synthetic_csv() -> bytes:
    """25 quarterly measures (counts and percentages) × 10 areas × 40 quarters = 10,000 rows."""
    from core.periods import Period
    from performance.models import Area, Measure

    areas = [
        Area.objects.create(code=f"A{n}", name=f"Area {n}", kind="district", position=n)
        for n in range(10)
    ]
    measures = [
        Measure.objects.create(
            code=f"bench-{n}",
            name=f"Bench measure {n}",
            unit="percentage" if n % 5 == 0 else "count",
            decimal_places=1 if n % 5 == 0 else 0,
            frequency="quarter",
        )
        for n in range(25)
    ]
    quarters = [Period.quarter(2000 + n // 4, n % 4 + 1) for n in range(40)]
    lines = ["measure,area,period_start,period_end,value,note"]
    for m_index, measure in enumerate(measures):
        for a_index, area in enumerate(areas):
            for q_index, quarter in enumerate(quarters):
                base = 1000 + 37 * m_index + 11 * a_index + q_index
                value = f"{base % 97 + 0.5:.1f}" if measure.unit == "percentage" else f"{base:,}"
                lines.append(
                    f'{measure.code},{area.code},{quarter.start:%d/%m/%Y},{quarter.end:%d/%m/%Y},"{value}",'
                )
    return ("\n".join(lines) + "\n").encode("utf-8-sig")


def reset() -> None:
    from performance.models import Observation

    # Raw deletes: a normal delete would write 10,000 history rows one by one.
    Observation.objects.all()._raw_delete(using="default")
    Observation.history.all()._raw_delete(using="default")


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        server = configure(folder)
        try:
            run(folder)
        finally:
            drop(server)


def run(folder: str) -> None:
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from performance.models import Observation

    call_command("migrate", verbosity=0)
    user = get_user_model().objects.create(username="bench-officer")
    content = synthetic_csv()
    path = Path(folder) / "bench.csv"
    path.write_bytes(content)

    def command(*options):
        output = io.StringIO()
        started, cpu_started = time.perf_counter(), time.process_time()
        call_command(
            "import_observations", str(path), "--user", user.username, *options, stdout=output
        )
        elapsed = time.perf_counter() - started, time.process_time() - cpu_started
        assert "new draft: 10000" in output.getvalue(), output.getvalue()[-500:]
        return elapsed

    dry_runs = [command("--dry-run") for _ in range(RUNS)]
    assert Observation.objects.count() == 0
    imports = []
    for _ in range(RUNS):
        reset()
        imports.append(command())
        assert Observation.objects.count() == 10_000
        assert Observation.history.count() == 10_000
    # Wall-clock time is the target; this process's CPU time is printed too because the
    # machine is shared, and a busy neighbour inflates the wall clock but not the CPU time.
    for name, runs in (("import_dry_run_10k", dry_runs), ("import_10k", imports)):
        print(f"BENCH {name}_s {statistics.median(wall for wall, _ in runs):.2f} s")
        print(f"BENCH {name}_cpu_s {statistics.median(cpu for _, cpu in runs):.2f} s")


if __name__ == "__main__":
    main()
