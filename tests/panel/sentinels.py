"""Panel sentinels for the site-wide crawl (tests/portal/test_crawl.py): the panel's own
scenario of embargoed papers, draft minutes and restricted decisions, plus the searches that
would find them by a word they share with public text ("knife")."""

from tests.portal.crawler import Sentinels

from .scenario import HIDDEN, build_world

SEARCHES = ("/search/?q=knife", "/panel/decisions/?q=knife", "/panel/?q=knife")


def make() -> Sentinels:
    world = build_world()
    hidden_pages = [world.embargoed, world.restricted, world.withheld]
    return Sentinels(
        texts=list(HIDDEN),
        urls=[obj.get_absolute_url() for obj in hidden_pages] + list(SEARCHES),
    )
