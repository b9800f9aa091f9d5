"""The periods the dashboard tests' figures cover."""

from core.periods import Period

YEAR_2020 = Period.financial_year(2020)  # 12 months to March 2021
YEAR_2019 = Period.financial_year(2019)  # 12 months to March 2020
Q4_2020 = Period.quarter(2020, 4)  # Q4 2020/21
Q4_2019 = Period.quarter(2019, 4)
