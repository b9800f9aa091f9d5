"""Bounded work per request on the SYNTHETIC data set of bench_dashboards.py (480,000 figures):

- the largest export a visitor can ask for (every figure, CSV and XLSX: capped rows);
- the largest page (`?per_page=` at the biggest offered size, and at an absurd one);
- the shared page cache's entry count before and after 400 requests with random parameters;
- the refusal of a workbook formatted down to Excel's last row (no database needed).

Uses its own database (`pcc_bench_limits`), so it never collides with bench_dashboards.

    python bench/bench_limits.py
"""

import random
import string
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import bench_dashboards as data  # noqa: E402

data.PG_NAME = "pcc_bench_limits"
RANDOM_REQUESTS = 400


def seconds(client, url: str, *, stream: bool = False) -> float:
    start = time.perf_counter()
    response = client.get(url)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    elapsed = time.perf_counter() - start
    assert response.status_code == 200, (url, response.status_code)
    assert body
    return elapsed


def cache_entries() -> int:
    from django.core.cache import cache

    store = getattr(cache, "_cache", None)
    if store is not None:  # local memory (the test settings' cache)
        return len(store)
    return len(cache._cache.get_client().keys("*"))  # Redis


def random_text(rng: random.Random) -> str:
    return "".join(rng.choice(string.ascii_letters) for _ in range(rng.randint(1, 12)))


def main():
    database_url, drop = data.choose_database()
    try:
        data.setup_django(database_url)
        started = time.perf_counter()
        data.build_synthetic_data()
        from django.core.cache import cache
        from django.test import Client

        from pcc_portal.exports import EXPORT_ROW_CAP
        from pcc_portal.lists import PER_PAGE_CHOICES
        from performance.models import Observation

        print(
            f"# synthetic data: {Observation.objects.count()} observations in "
            f"{time.perf_counter() - started:.0f} s on {database_url.split(':')[0]}"
        )
        client = Client()
        client.get("/performance/observations/")  # warm up
        for export in ("csv", "xlsx"):
            took = seconds(client, f"/performance/observations/?_export={export}")
            print(f"BENCH largest_export_{export}_s {took:.2f} s")
        print(f"BENCH export_row_cap {EXPORT_ROW_CAP} rows")
        biggest = max(PER_PAGE_CHOICES)
        for label, size in (("max", biggest), ("absurd", 100000)):
            cache.clear()
            took = seconds(client, f"/performance/observations/?per_page={size}")
            print(f"BENCH observations_per_page_{label}_s {took:.2f} s")

        cache.clear()
        rng = random.Random(15)
        for url in ("/performance/observations/", "/performance/measures/", "/funds/grants/"):
            client.get(url)
        before = cache_entries()
        for _ in range(RANDOM_REQUESTS):
            url = rng.choice(["/performance/observations/", "/performance/measures/"])
            query = {"q": random_text(rng), "sort": random_text(rng), random_text(rng): "1"}
            client.get(url, query)
        after = cache_entries()
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
