"""Speed of the control charts: the maths and the web figure, built as a live site builds it
and with plotly's property checks (settings.CHART_CHECKS, on in development and the tests).

Pure Python: no database needed. Prints `BENCH <name> <value> <unit>` lines.
"""

import datetime as dt
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from django.conf import settings  # noqa: E402

settings.configure(CHART_CHECKS=False)  # the charts read only this setting

from core.periods import Period  # noqa: E402
from pcc_portal.charts import ranking_chart, xmr_chart  # noqa: E402
from performance.spc.xmr import Split, xmr  # noqa: E402


def timed(function, clock=time.perf_counter, repeat=10):
    """Median seconds of `repeat` calls, by wall clock or (process_time) this process's CPU."""
    times = []
    for _ in range(repeat):
        started = clock()
        function()
        times.append(clock() - started)
    return statistics.median(times)


def main():
    months = [Period.month(2018 + (3 + i) // 12, (3 + i) % 12 + 1) for i in range(48)]
    values = [
        11800 + (i * 397) % 900 - 450 if i < 24 else 9900 + (i * 211) % 900 for i in range(48)
    ]
    series = list(zip(months, values, strict=True))
    splits = [Split(dt.date(2020, 4, 1), "Start of the pandemic")]
    result = xmr(series, splits=splits, floor=0)
    peers = [
        SimpleNamespace(
            rank=n + 1,
            rank_text=str(n + 1),
            area=SimpleNamespace(name=f"Force {n + 1}"),
            value=Decimal(50 + 3 * n),
            value_text=f"{50 + 3 * n}.0",
            is_home=n == 3,
        )
        for n in range(8)
    ]
    ranking = SimpleNamespace(entries=peers, references=[])

    print(f"BENCH spc_xmr_48_months {timed(lambda: xmr(series, splits=splits)) * 1000:.2f} ms")
    figure = timed(lambda: xmr_chart(result))
    print(f"BENCH spc_xmr_figure {figure * 1000:.2f} ms")
    print(f"BENCH spc_ranking_figure {timed(lambda: ranking_chart(ranking)) * 1000:.2f} ms")
    settings.CHART_CHECKS = True
    checked = timed(lambda: xmr_chart(result))
    print(f"BENCH spc_xmr_figure_checked {checked * 1000:.2f} ms")
    print(f"BENCH spc_xmr_figure_checked_ratio_to_unchecked {checked / figure:.1f} x")


if __name__ == "__main__":
    main()
