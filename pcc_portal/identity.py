"""Who runs the portal: the commissioner, the office, the force, the panel and its councils.

They are data (SITE_IDENTITY_FILE, fixtures/site.yaml by default), read once, so that another
force's OPCC runs the portal by changing that file and HOME_FORCE, never the code or templates.
Templates get them as `opcc` (context processor `site_context`; print renders pass it themselves).
"""

import functools
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from django.conf import settings


@dataclass(frozen=True)
class SiteIdentity:
    area: str
    commissioner: str
    office: str
    short_name: str
    force: str
    panel: str
    panel_short: str
    contact: str = ""
    # Where the office publishes the papers of its scrutiny meetings with the Chief Constable.
    scrutiny_url: str = ""
    grants_prefix: str = ""
    councils: dict[str, str] = field(default_factory=dict)
    districts: dict[str, str] = field(default_factory=dict)

    @property
    def portal_name(self) -> str:
        return f"{self.short_name} performance portal"

    @property
    def whole_area_label(self) -> str:
        return next(iter(self.districts.values()), "")

    @property
    def whole_area_district(self) -> str:
        """The district code that stands for the whole area (the first one listed)."""
        return next(iter(self.districts), "")


@functools.cache
def site_identity() -> SiteIdentity:
    data = yaml.safe_load(Path(settings.SITE_IDENTITY_FILE).read_text(encoding="utf-8"))
    return SiteIdentity(**data)


def choices(mapping: dict[str, str]) -> list[tuple[str, tuple[str, str]]]:
    """Enum members for a TextChoices built from data: "west-lancs" → WEST_LANCS."""
    return [(code.upper().replace("-", "_"), (code, name)) for code, name in mapping.items()]


def site_context(request) -> dict:
    return {"opcc": site_identity()}
