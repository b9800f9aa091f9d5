"""Import speed of the published files the project carries in fixtures/open-data.

In a database of its own (PostgreSQL `pcc_bench_open_data` when the server answers, else a
temporary SQLite file), times: one ONS Table P1 workbook (every force, region and nation, every
offence group: 1,265 figures), one police.uk month for one force (after Table C2 has brought the
districts), and one year of spend over £500 workbooks (twelve monthly sheets), each imported as
drafts through `pcc_portal.open_data`; then the P1 and C2 imports each against a bare
bulk_create of the same observations (BENCH open_data_<file>_bare_bulk_create_s and
open_data_<file>_import_to_bulk_create_ratio; target at most 3): the import reads the file,
makes the areas and measures it names, validates every figure, writes it with its history row
and its provenance (FigureSource), where the floor writes only the observations. Wall-clock and
CPU seconds: the machine is shared, and CPU time is what the import itself costs.

    python bench/bench_open_data.py
"""

import sys
import time
from pathlib import Path

from bench_dashboards import choose_database, setup_django

ROOT = Path(__file__).resolve().parent.parent
OPEN_DATA = ROOT / "fixtures" / "open-data"
P1 = OPEN_DATA / "ons-pfa-tables" / "policeforceareatablesyeendingmarch2019.xlsx"
C2 = OPEN_DATA / "ons-pfa-tables" / "ons_tableC2_csp_ye_jun2025.csv.gz"
MONTH = next((OPEN_DATA / "police-uk-street").glob("2021-06-*-street.csv.gz"))
SPEND_YEAR = next((OPEN_DATA / "opcc-spend-over-500").glob("*_2023-24.xlsx"))


def timed(action):
    wall, cpu = time.perf_counter(), time.process_time()
    result = action()
    return result, time.perf_counter() - wall, time.process_time() - cpu


def bench(name, paths, user):
    from pcc_portal.open_data import import_paths

    run, wall, cpu = timed(lambda: import_paths(paths, user=user))
    assert run.ok, run.problems
    print(f"BENCH {name}_s {wall:.2f} s")
    print(f"BENCH {name}_cpu_s {cpu:.2f} s")
    return wall


def bare_bulk_create(path: Path) -> float:
    """The observations the file's import wrote, written again with nothing but bulk_create
    (no reading, checks, history or provenance): the floor for the import."""
    from performance.models import FigureSource, Observation

    # A compressed file's edition is named by the file inside it.
    names = [path.name, path.name.removesuffix(".gz")]
    rows = list(Observation.objects.filter(sources__edition__file_name__in=names).distinct())
    assert rows, path.name
    pks = [o.pk for o in rows]
    # Raw deletes: the floor is timed on an emptied slot, and a normal delete would write a
    # history row per figure first.
    FigureSource.objects.filter(observation_id__in=pks)._raw_delete(using="default")
    Observation.objects.filter(pk__in=pks)._raw_delete(using="default")
    for row in rows:
        row.pk = None
    _, wall, _ = timed(lambda: Observation.objects.bulk_create(rows, batch_size=500))
    return wall


def main():
    database, drop = choose_database("pcc_bench_open_data")
    try:
        setup_django(database)
        from django.contrib.auth import get_user_model

        user = get_user_model().objects.create(username="bench-officer")
        p1 = bench("open_data_p1_workbook_import", [P1], user)
        c2 = bench("open_data_c2_csv_import", [C2], user)
        bench("open_data_police_uk_month_import", [MONTH], user)
        bench("open_data_spend_year_import", [SPEND_YEAR], user)
        for name, path, wall in (("p1", P1, p1), ("c2", C2, c2)):
            floor = bare_bulk_create(path)
            print(f"BENCH open_data_{name}_bare_bulk_create_s {floor:.3f} s")
            print(f"BENCH open_data_{name}_import_to_bulk_create_ratio {wall / floor:.1f} x")
    finally:
        drop()


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
