"""Importing the OPCC's spend over £500 workbooks (read by `publications.spend`).

A month's payments are replaced as a whole when a workbook gives them differently (the OPCC
re-issues a month to correct it); a month given exactly as stored is left alone, so importing
the same workbook twice changes nothing. The caller holds the transaction
(`pcc_portal.open_data`).
"""

from collections import Counter
from dataclasses import dataclass, field

from publications import SpendWorkbook

from .models import SpendPayment


@dataclass
class SpendReport:
    file: str
    counts: Counter = field(default_factory=Counter)
    notes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def summary(self) -> str:
        c = self.counts
        return (
            f"Spend over £500 ({self.file}): {c['months']} months, {c['new']:,} payments "
            f"imported, {c['unchanged']:,} unchanged, {c['replaced']:,} replaced"
        )


def handles(result) -> bool:
    return isinstance(result, SpendWorkbook)


def imported_before(sha256: str) -> str:
    return ""  # a workbook is cheap to compare month by month


def order(results: list) -> list:
    return sorted(results, key=lambda r: min(r.months))


def _fingerprint(rows) -> list[tuple]:
    return sorted((p.paid_on, p.category, p.supplier, p.amount) for p in rows)


def import_result(result: SpendWorkbook, *, sha256: str, user, publish: bool = False):
    report = SpendReport(result.file, notes=list(result.notes))
    stored = {}
    for payment in SpendPayment.objects.filter(month__in=list(result.months)).order_by():
        stored.setdefault(payment.month, []).append(payment)
    create = []
    for month, payments in sorted(result.months.items()):
        report.counts["months"] += 1
        current = stored.get(month, [])
        if _fingerprint(current) == _fingerprint(payments):
            report.counts["unchanged"] += len(payments)
            continue
        if current:
            report.counts["replaced"] += len(current)
            SpendPayment.objects.filter(month=month).delete()
        for p in payments:
            payment = SpendPayment(
                month=month,
                paid_on=p.paid_on,
                category=p.category[:200],
                supplier=p.supplier[:255],
                amount=p.amount,
                source_file=result.file[:255],
                sheet=p.sheet[:60],
                cell=p.cell,
                imported_by=user,
            )
            # Field rules only: the one constraint (a month is a first day) holds by
            # construction, and checking it in the database row by row would cost a query each.
            payment.clean_fields(exclude=["imported_by"])
            create.append(payment)
    SpendPayment.objects.bulk_create(create, batch_size=1000)
    report.counts["new"] = len(create)
    return report
