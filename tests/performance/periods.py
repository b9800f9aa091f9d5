"""The periods the dashboard and delivery tests' figures and updates cover."""

from core.periods import Period

YEAR_2020 = Period.financial_year(2020)  # 12 months to March 2021
YEAR_2019 = Period.financial_year(2019)  # 12 months to March 2020
Q4_2020 = Period.quarter(2020, 4)  # Q4 2020/21
Q4_2019 = Period.quarter(2019, 4)
Q3_2021 = Period.quarter(2021, 3)  # October–December 2021
Q4_2021 = Period.quarter(2021, 4)  # January–March 2022
Q1_2022 = Period.quarter(2022, 1)
