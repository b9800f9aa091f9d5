"""Time to check (dry run) and to import 10,000 observation rows from CSV, history rows included,
against a bare bulk_create of the same rows in the same run; and the peak memory of importing
100,000 rows.

Runs against its own temporary database, never the demo data: a SQLite file in a temporary
folder, or the PostgreSQL server of BENCH_POSTGRES_URL (a database pcc_bench_import is created
there and dropped afterwards), e.g. BENCH_POSTGRES_URL=postgres://postgres@127.0.0.1:5432.

Prints (medians of BENCH_RUNS runs, 3 by default):

    BENCH import_dry_run_10k_s, import_dry_run_10k_cpu_s   the check alone
    BENCH import_10k_s, import_10k_cpu_s                   check, validate, write, history
    BENCH bulk_create_10k_s                                the same 10,000 rows, bulk_create only
    BENCH import_to_bulk_create_ratio                      target: at most 3
    BENCH import_100k_s, import_100k_peak_mb               `manage.py import_observations` of
                                                           100,000 rows in a process of its own
                                                           (peak resident memory; target 300 MB)
"""

import io
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
RUNS = int(os.environ.get("BENCH_RUNS", 3))
BENCH_DB = "pcc_bench_import"
# 10,000 rows: 25 measures × 10 areas × 40 quarters; 100,000: 100 × 25 × 40.
SMALL = (25, 10, 40)
LARGE = (100, 25, 40)


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


def reference_data():
    """The measures and areas both files name: quarterly counts and percentages."""
    from performance.models import Area, Measure

    areas = [
        Area.objects.create(code=f"A{n}", name=f"Area {n}", kind="district", position=n)
        for n in range(LARGE[1])
    ]
    measures = [
        Measure.objects.create(
            code=f"bench-{n}",
            name=f"Bench measure {n}",
            unit="percentage" if n % 5 == 0 else "count",
            decimal_places=1 if n % 5 == 0 else 0,
            frequency="quarter",
        )
        for n in range(LARGE[0])
    ]
    return measures, areas


def synthetic_csv(measures, areas, size) -> bytes:
    """measures × areas × quarters rows in the long layout, as an officer's export writes them."""
    from core.periods import Period

    measure_count, area_count, quarter_count = size
    quarters = [Period.quarter(2000 + n // 4, n % 4 + 1) for n in range(quarter_count)]
    lines = ["measure,area,period_start,period_end,value,note"]
    for m_index, measure in enumerate(measures[:measure_count]):
        for a_index, area in enumerate(areas[:area_count]):
            for q_index, quarter in enumerate(quarters):
                base = 1000 + 37 * m_index + 11 * a_index + q_index
                value = f"{base % 97 + 0.5:.1f}" if measure.unit == "percentage" else f"{base:,}"
                lines.append(
                    f'{measure.code},{area.code},{quarter.start:%d/%m/%Y},{quarter.end:%d/%m/%Y},"{value}",'
                )
    return ("\n".join(lines) + "\n").encode("utf-8-sig")


def reset() -> None:
    from performance.models import Observation

    # Raw deletes: a normal delete would write a history row per figure, one by one.
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
    measures, areas = reference_data()
    path = Path(folder) / "bench.csv"
    path.write_bytes(synthetic_csv(measures, areas, SMALL))

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
    imports, bulk_creates = [], []
    for _ in range(RUNS):
        reset()
        imports.append(command())
        assert Observation.objects.count() == 10_000
        assert Observation.history.count() == 10_000
        bulk_creates.append(bare_bulk_create())
    # Wall-clock time is the target; this process's CPU time is printed too because the
    # machine is shared, and a busy neighbour inflates the wall clock but not the CPU time.
    for name, runs in (("import_dry_run_10k", dry_runs), ("import_10k", imports)):
        print(f"BENCH {name}_s {statistics.median(wall for wall, _ in runs):.2f} s")
        print(f"BENCH {name}_cpu_s {statistics.median(cpu for _, cpu in runs):.2f} s")
    floor = statistics.median(bulk_creates)
    print(f"BENCH bulk_create_10k_s {floor:.2f} s")
    ratio = statistics.median(wall for wall, _ in imports) / floor
    print(f"BENCH import_to_bulk_create_ratio {ratio:.2f} x")

    reset()
    large = Path(folder) / "bench-100k.csv"
    large.write_bytes(synthetic_csv(measures, areas, LARGE))
    seconds, peak_mb = import_in_own_process(large, user.username)
    assert Observation.objects.count() == 100_000
    assert Observation.history.count() == 100_000
    print(f"BENCH import_100k_s {seconds:.2f} s")
    print(f"BENCH import_100k_peak_mb {peak_mb:.0f} MB")


def bare_bulk_create() -> float:
    """The rows the import just wrote, written again with nothing but bulk_create (no checks,
    no history): the floor for the import. The instances are made before the clock starts."""
    from performance.models import Observation

    fields = [
        "measure_id",
        "area_id",
        "period_start",
        "period_end",
        "value",
        "unit",
        "note",
        "status",
        "entered_by_id",
    ]
    rows = [Observation(**values) for values in Observation.objects.values(*fields)]
    reset()
    started = time.perf_counter()
    Observation.objects.bulk_create(rows, batch_size=500)
    elapsed = time.perf_counter() - started
    assert Observation.objects.count() == 10_000
    return elapsed


def import_in_own_process(path: Path, username: str) -> tuple[float, float]:
    """Wall seconds and peak resident memory (MB) of `manage.py import_observations` alone:
    the only child process this benchmark starts, so the children's maxrss is its own."""
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "manage.py", "import_observations", str(path), "--user", username],
        cwd=ROOT,
        env=os.environ.copy(),
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = time.perf_counter() - started
    assert result.returncode == 0, result.stderr[-2000:]
    assert "new draft: 100000" in result.stdout, result.stdout[-500:]
    return seconds, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


if __name__ == "__main__":
    main()
