"""Shared by the apps' demo loaders (`<app>/demo.py`), which `load_demo` runs."""

from decimal import Decimal
from pathlib import Path

import yaml


def fixture(fixtures_dir: Path, name: str):
    """The demo data in one YAML file of the fixtures folder."""
    return yaml.safe_load((fixtures_dir / name).read_text(encoding="utf-8"))


def saved(model, keys: dict, values: dict):
    """The row of `model` with these natural `keys`, created or updated to `values` and
    validated like a form would, so loading the demo twice changes nothing."""
    obj = model.objects.filter(**keys).first() or model(**keys)
    for name, value in values.items():
        setattr(obj, name, value)
    obj.full_clean()
    obj.save()
    return obj


def text(row: dict, key: str) -> str:
    """A passage of text from a fixture row: blank when the row leaves it out or empty, and
    without the newline a YAML block (`|`) ends with."""
    return (row.get(key) or "").strip()


def decimal_or_none(value) -> Decimal | None:
    """A fixture's number as an exact decimal (YAML reads 1.1 as a float), or None when the
    row leaves it blank."""
    return Decimal(str(value)) if value not in (None, "") else None
