"""The home force is a setting and its names are data: another force's OPCC runs the portal by
changing HOME_FORCE and fixtures/site.yaml, never the code, templates, feeds or PDFs."""

import re
from pathlib import Path

from django.conf import settings

from pcc_portal.identity import site_identity

ROOT = Path(settings.BASE_DIR)
CODE_SUFFIXES = {".py", ".html", ".txt", ".js", ".mjs", ".css", ".scss", ".yaml", ".json"}
# Data (the demo's fixtures and published files) and the tests' own examples may name the
# force; migrations are snapshots of the schema as it was generated.
NOT_CODE = {"fixtures", "tests", "node_modules", ".venv", "static", "test-artifacts", ".git"}


def code_files():
    for top in ROOT.iterdir():
        if top.name in NOT_CODE or top.name.startswith("."):
            continue
        for path in [top] if top.is_file() else top.rglob("*"):
            if "migrations" in path.parts or not path.is_file():
                continue
            if path.suffix in CODE_SUFFIXES or path.name == "Makefile":
                yield path


def test_no_code_or_template_names_the_force():
    named = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in code_files()
        for number, line in enumerate(path.read_text(errors="ignore").splitlines(), 1)
        if re.search("lancashire", line, re.IGNORECASE)
    ]
    assert named == []
    assert len(list(code_files())) > 100  # the search did look at the project


def test_the_home_force_and_its_names_come_from_settings_and_data():
    assert settings.HOME_FORCE == "E23000003"
    site = site_identity()
    assert site.force == "Lancashire Constabulary"
    assert site.panel == "Police and Crime Panel for Lancashire"
    assert len(site.councils) == 15


def test_pages_print_the_names_from_the_data(db, anon_client, settings, tmp_path):
    other = tmp_path / "site.yaml"
    text = (ROOT / "fixtures" / "site.yaml").read_text().replace("Lancashire", "Cumbria")
    other.write_text(text.replace("lancashire", "cumbria"))
    settings.SITE_IDENTITY_FILE = other
    site_identity.cache_clear()
    try:
        page = anon_client.get("/").content.decode()
        assert "Cumbria Constabulary" in page and "Lancashire" not in page
    finally:
        site_identity.cache_clear()
