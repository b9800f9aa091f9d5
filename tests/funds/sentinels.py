"""Funds sentinels for the site-wide crawl: an unpublished grant in a fund that also has a
published one, so the fund's pages, totals, exports and 360Giving files are all reached."""

from tests.portal.crawler import Sentinels

from .factories import FundFactory, GrantFactory, OrganisationFactory

HIDDEN_TITLE = "SENTINEL-UNPUBLISHED-GRANT-7d21"
HIDDEN_ORGANISATION = "Sentinel Unpublished Recipient CIC"


def make() -> Sentinels:
    fund = FundFactory(name="Community Action Fund")
    GrantFactory(fund=fund, title="Published youth project")
    hidden = GrantFactory(
        fund=fund,
        title=HIDDEN_TITLE,
        organisation=OrganisationFactory(name=HIDDEN_ORGANISATION),
        amount_awarded="98765.43",
        is_published=False,
    )
    return Sentinels(
        texts=[HIDDEN_TITLE, HIDDEN_ORGANISATION, "98765.43", "98,765.43", "98,765"],
        urls=[fund.get_absolute_url(), hidden.organisation.get_absolute_url()],
    )
