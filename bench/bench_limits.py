"""Bounded work per request on the SYNTHETIC data set of bench_dashboards.py (480,000 figures):

- the largest export a visitor can ask for (every figure, CSV and XLSX: capped rows), with the
  CPU time of this process (the machine is shared: wall time rises with its load);
- the largest page (`?per_page=` at the biggest offered size, and at an absurd one);
- the shared page cache's entry count before and after 400 requests with random parameters,
  in the cache backend the settings use (Redis when REDIS_URL is set, else local memory, as
  `make run` has);
- the refusal of a workbook formatted down to Excel's last row (no database needed).

Each time is the median of BENCH_REPEATS (5) requests, each with an empty cache. Uses its own
database (`pcc_bench_limits`, or BENCH_LIMITS_DB), so it never collides with bench_dashboards.

    python bench/bench_limits.py        # BENCH_MEASURES=500 BENCH_RANDOM_REQUESTS=400
"""

import os
import random
import statistics
import string
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import bench_dashboards as data  # noqa: E402

PG_NAME = os.environ.get("BENCH_LIMITS_DB", "pcc_bench_limits")
RANDOM_REQUESTS = int(os.environ.get("BENCH_RANDOM_REQUESTS", 400))
REPEATS = int(os.environ.get("BENCH_REPEATS", 5))


def seconds(client, url: str) -> tuple[float, float, bytes]:
    """Median wall and CPU seconds of REPEATS requests for `url`, each with an empty cache,
    and the last body."""
    from django.core.cache import cache

    walls, cpus = [], []
    for _ in range(REPEATS):
        cache.clear()
        start, cpu = time.perf_counter(), time.process_time()
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        walls.append(time.perf_counter() - start)
        cpus.append(time.process_time() - cpu)
        assert response.status_code == 200, (url, response.status_code)
        assert body
    return statistics.median(walls), statistics.median(cpus), body


def use_configured_cache():
    """Redis when REDIS_URL is set (as in production), under a prefix of the bench's own;
    otherwise the local-memory cache of the test settings, which is what `make run` uses."""
    if os.environ.get("REDIS_URL"):
        from django.test import override_settings

        override_settings(
            CACHES={
                "default": {
                    "BACKEND": "django.core.cache.backends.redis.RedisCache",
                    "LOCATION": os.environ["REDIS_URL"],
                    "KEY_PREFIX": "bench-limits",
                }
            }
        ).enable()
    from django.core.cache import caches

    return type(caches["default"]).__name__


def page_cache_entries() -> int:
    """Entries of the shared page cache (pcc_portal.caching keys start `portal:`)."""
    from django.core.cache import cache

    marker = cache.make_key("portal:")
    store = getattr(cache, "_cache", None)
    if isinstance(store, dict):  # local memory
        return sum(1 for key in store if key.startswith(marker))
    return sum(1 for _ in cache._cache.get_client().scan_iter(match=marker + "*"))  # Redis


def random_text(rng: random.Random) -> str:
    return "".join(rng.choice(string.ascii_letters) for _ in range(rng.randint(1, 12)))


def main():
    database_url, drop = data.choose_database(PG_NAME)
    try:
        data.setup_django(database_url)
        backend = use_configured_cache()
        started = time.perf_counter()
        data.build_synthetic_data()
        from django.db import connection

        if connection.vendor == "postgresql":
            # As autovacuum does soon after any bulk load: without the table's statistics the
            # planner guesses, and the figures list is read in 1.3 s instead of 0.05 s.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        from django.core.cache import cache
        from django.test import Client

        from pcc_portal.exports import EXPORT_ROW_CAP
        from pcc_portal.lists import PER_PAGE_CHOICES
        from performance.models import Observation

        print(
            f"# synthetic data: {Observation.objects.count()} observations in "
            f"{time.perf_counter() - started:.0f} s on {database_url.split(':')[0]}"
        )
        print(f"# cache backend: {backend}")
        client = Client()
        client.get("/performance/observations/")  # warm up
        for export in ("csv", "xlsx"):
            wall, cpu, body = seconds(client, f"/performance/observations/?_export={export}")
            print(f"# largest {export} export: {len(body) / 1e6:.1f} MB")
            print(f"BENCH largest_export_{export}_s {wall:.2f} s")
            print(f"BENCH largest_export_{export}_cpu_s {cpu:.2f} s")
        print(f"BENCH export_row_cap {EXPORT_ROW_CAP} rows")
        biggest = max(PER_PAGE_CHOICES)
        for label, size in (("max", biggest), ("absurd", 100000)):
            wall, cpu, _ = seconds(client, f"/performance/observations/?per_page={size}")
            print(f"BENCH per_page_{label}_s {wall:.2f} s")
            print(f"BENCH per_page_{label}_cpu_s {cpu:.2f} s")

        cache.clear()
        rng = random.Random(15)
        for url in ("/performance/observations/", "/performance/measures/", "/funds/grants/"):
            client.get(url)
        before = page_cache_entries()
        for n in range(RANDOM_REQUESTS):
            url = rng.choice(["/performance/observations/", "/performance/measures/"])
            query = {"sort": random_text(rng), random_text(rng): "1"}
            if n % 2:  # a free-text search: answered, never kept
                query["q"] = random_text(rng)
            else:  # the same page under other spellings
                query["page"] = rng.choice(["", "1", "01", "001", "x"])
                query["per_page"] = rng.choice(["025", "0", "-1", "100000", "1e3", "2.5"])
            client.get(url, query)
        after = page_cache_entries()
        print(f"BENCH page_cache_entries_before {before} entries")
        print(f"BENCH page_cache_entries_after_{RANDOM_REQUESTS}_random {after} entries")
    finally:
        drop()
    blank_rows_refusal()


def blank_rows_refusal():
    """A workbook of one header and 1,048,575 formatted empty rows, refused at upload."""
    import io
    import re
    import zipfile

    import openpyxl

    from performance.imports.spreadsheet import FileProblem, read_table

    book = openpyxl.Workbook()
    book.active.append(["measure", "area", "period_start", "period_end", "value", "note"])
    buffer = io.BytesIO()
    book.save(buffer)
    source = zipfile.ZipFile(buffer)
    sheet = source.read("xl/worksheets/sheet1.xml").decode()
    rows = 1_048_576
    sheet = re.sub(r'<dimension ref="[^"]*"\s*/>', f'<dimension ref="A1:F{rows}"/>', sheet)
    blank = "".join(f'<row r="{n}"><c r="A{n}" s="0"/></row>' for n in range(2, rows + 1))
    sheet = sheet.replace("</sheetData>", blank + "</sheetData>")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            name = info.filename
            target.writestr(
                name, sheet if name == "xl/worksheets/sheet1.xml" else source.read(name)
            )
    content = out.getvalue()
    start = time.perf_counter()
    try:
        read_table(content, "blank.xlsx", [])
        refused = False
    except FileProblem:
        refused = True
    took = time.perf_counter() - start
    assert refused
    print(f"# blank-rows workbook: {len(content) / 1e6:.1f} MB zipped")
    print(f"BENCH blank_rows_xlsx_refused_s {took:.3f} s")


if __name__ == "__main__":
    main()
