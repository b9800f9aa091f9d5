"""Speed of the PDF documents: cold (nothing cached) and when nothing changed (served from the
cache after reading the data version), as medians of three runs.

- the Public Document Pack of 6 December 2021 and the Performance Monitoring Report for the
  year to March 2021, from the demo data;
- a synthetic pack of 40+ pages with 20+ charts (the stress case of the target: ≤ 10 s cold);
- one chart.

- the same report asked for by a reader: request → task queue → a `db_worker` process →
  served.

Builds its own SQLite database and reports folder in a temporary directory and removes them.
Prints `BENCH <name> <value> <unit>` lines.
"""

import datetime as dt
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WORK = Path(tempfile.mkdtemp(prefix="bench-pdfs-"))
os.environ["DATABASE_URL"] = f"sqlite:///{WORK / 'bench.sqlite3'}"
os.environ["REPORTS_ROOT"] = str(WORK / "reports")
os.environ.setdefault("DEBUG", "on")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pcc_portal.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth.models import AnonymousUser  # noqa: E402
from django.core.management import call_command  # noqa: E402

RUNS = 3


CPU = {}


def median_of(function, *, before=None, name="") -> tuple[float, object]:
    """Median wall-clock seconds of three runs; the median CPU seconds of this process go to
    CPU[name] (on a busy machine wall time mostly measures the other processes)."""
    times, cpu, result = [], [], None
    for _ in range(RUNS):
        if before:
            before()
        started, started_cpu = time.perf_counter(), time.process_time()
        result = function()
        times.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    CPU[name] = statistics.median(cpu)
    return statistics.median(times), result


def clear_cache() -> None:
    shutil.rmtree(WORK / "reports", ignore_errors=True)


def document(kind: str, key: str, name: str) -> None:
    from panel.reports.documents import DocumentRequest, get_pdf

    request = DocumentRequest.make(kind, key)
    rendered = {}
    cold, _ = median_of(lambda: _cold(request, rendered), before=clear_cache, name="cold")
    cached, _ = median_of(lambda: get_pdf(request), name="cached")
    result = rendered["result"]
    print(f"BENCH {name}_cold_s {cold:.2f} s")
    print(f"BENCH {name}_cold_cpu_s {CPU['cold']:.2f} s")
    print(f"BENCH {name}_cached_s {cached:.3f} s")
    print(f"BENCH {name}_pages {result.page_count} pages")
    print(f"BENCH {name}_charts {result.chart_count} charts")


def _cold(request, rendered):
    """One cache miss, as a worker or the command meets it: version, render, store."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import storages

    version = request.version()
    result = request.kind.render(request.kind.parse(request.key), AnonymousUser(), False)
    storages["reports"].save(request.storage_name(version), ContentFile(result.pdf))
    rendered["result"] = result
    return result


def queued_document(kind: str, key: str, name: str) -> None:
    """From a reader's request to the served PDF, through the task queue: the request queues
    the render, one `manage.py db_worker` process (already started) renders it, and the
    reader's progress page asks again every 0.2 s (the page itself asks every 3 s)."""
    import subprocess

    from django.test import Client

    worker = subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--no-reload", "--no-startup-delay"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        time.sleep(5)  # the worker has started and is polling the queue
        clear_cache()
        client = Client(HTTP_HOST="127.0.0.1")
        url = f"/panel/reports/{kind}/{key}.pdf"
        started = time.perf_counter()
        first = client.get(url)
        queued = time.perf_counter() - started
        while (response := client.get(url)).status_code != 200:
            assert response.status_code == 202, response.status_code
            time.sleep(0.2)
        served = time.perf_counter() - started
        again = time.perf_counter()
        client.get(url)
        stored = time.perf_counter() - again
    finally:
        worker.terminate()
        worker.wait(timeout=60)
    assert first.status_code == 202, first.status_code
    print(f"BENCH {name}_queue_request_s {queued:.3f} s")
    print(f"BENCH {name}_queue_request_to_served_s {served:.2f} s")
    print(f"BENCH {name}_queue_stored_served_s {stored:.3f} s")


def synthetic_pack() -> None:
    """40+ pages with 20+ charts: minutes, an uploaded 12-page PDF, the performance report
    with its charts, and an annex of one chart per measure."""
    from weasyprint import HTML

    from panel.reports.pack import PdfPack, PdfPackItem, render_pack
    from panel.reports.performance_report import build_performance_report, report_body_html

    plan = WORK / "plan.pdf"
    HTML(
        string="".join(
            f'<h1 style="break-before: page">Plan page {n}</h1><p>{"Leading the fight. " * 180}</p>'
            for n in range(1, 13)
        )
    ).write_pdf(plan)
    minutes = "\n\n".join(["The Chair welcomed everyone to the meeting. " * 30] * 18)

    def build_and_render():
        report = build_performance_report(period_end=dt.date(2021, 3, 31))
        annex = build_performance_report(period_end=dt.date(2021, 3, 31))
        extra = "".join(
            f'<figure><img class="chart-image" src="{chart.data_uri}" alt="{chart.alt}"></figure>'
            for chart in _annex_charts()
        )
        items = [
            PdfPackItem("1", "Welcome and Apologies"),
            PdfPackItem("2", "Minutes of the previous meeting", body_text=minutes),
            PdfPackItem("5", "Police and Crime Plan 2021-25", pdf_paths=[plan]),
            PdfPackItem("6", "Performance Monitoring Report", body_html=report_body_html(report)),
            PdfPackItem("7", "Strategic Scrutiny report", body_html=report_body_html(annex)),
            PdfPackItem("8", "Performance charts", body_html=extra),
            PdfPackItem("9", "Decisions", body_text="17/2021 Community Safety Partnerships"),
        ]
        from pcc_portal.identity import site_identity

        pack = PdfPack(
            site_identity().panel_short,
            dt.datetime(2021, 12, 6, 18),
            "Blackburn Town Hall",
            items,
            dt.date(2021, 11, 26),
        )
        return render_pack(pack)

    cold, result = median_of(build_and_render, name="synthetic")
    print(f"BENCH pdf_synthetic_pack_cold_s {cold:.2f} s")
    print(f"BENCH pdf_synthetic_pack_cold_cpu_s {CPU['synthetic']:.2f} s")
    print(f"BENCH pdf_synthetic_pack_pages {result.page_count} pages")
    print(f"BENCH pdf_synthetic_pack_charts {result.chart_count} charts")


def _annex_charts():
    from decimal import Decimal

    from panel.reports import charts

    return [
        charts.paired_bars(
            f"Annex chart {n}",
            [
                charts.PairedBar(f"Measure {m}", Decimal(100 + m), Decimal(90 + m), "a", "b")
                for m in range(4)
            ],
            previous_label="2019/20",
            current_label="2020/21",
            unit_label="Number",
            value_range=(0.0, 120.0),
        )
        for n in range(4)
    ]


def one_chart() -> None:
    from panel.reports import charts

    bars = [charts.ChangeBar(f"Measure {n}", -20 + 5 * n, f"{n}%", "good") for n in range(7)]
    seconds, _ = median_of(lambda: charts.change_bars("Change", bars), name="chart")
    print(f"BENCH pdf_chart_s {seconds:.3f} s")
    print(f"BENCH pdf_chart_cpu_s {CPU['chart']:.3f} s")


def main():
    try:
        call_command("migrate", verbosity=0)
        call_command("load_demo", verbosity=0)
        one_chart()
        document("pack", "2021-12-06", "pdf_pack")
        document("performance", "2021-03-31", "pdf_performance")
        queued_document("performance", "2021-03-31", "pdf_performance")
        synthetic_pack()
        print(f"BENCH pdf_load_average {os.getloadavg()[0]:.1f} processes")
    finally:
        shutil.rmtree(WORK, ignore_errors=True)


if __name__ == "__main__":
    main()
