"""The funksjonstillegg pro-rated by the months a mentor served (pure)."""
from datetime import date
from decimal import Decimal

import pytest

from mentorplan.planning.supplement import Period, SupplementError, months_served, served_period, supplement

YEAR_2026 = Period(date(2026, 1, 1), date(2026, 12, 31))


def test_a_whole_year_pays_the_whole_amount():
    assert supplement(15_000, date(2020, 1, 1), None, YEAR_2026) == Decimal(15_000)


def test_whole_months_pay_a_twelfth_each():
    assert supplement(15_000, date(2026, 3, 1), date(2026, 8, 31), YEAR_2026) == Decimal(7_500)


def test_an_appointment_starting_mid_period_and_mid_month_pays_from_its_first_day():
    # 16.–30. April is 15 of 30 days: half a month, then May–December in full.
    assert months_served(served_period(date(2026, 4, 16), None, YEAR_2026)) == Decimal("8.5")
    assert supplement(15_000, date(2026, 4, 16), None, YEAR_2026) == Decimal(10_625)


def test_an_appointment_ending_mid_month_pays_to_its_last_day():
    # 1.–14. February 2026 is 14 of 28 days.
    period = Period(date(2026, 2, 1), date(2026, 2, 28))
    assert supplement(12_000, None, date(2026, 2, 14), period) == Decimal(500)


def test_a_partial_month_at_both_ends_of_the_period():
    period = Period(date(2026, 1, 16), date(2026, 3, 15))
    # 16 of 31 days in January, all February, 15 of 31 days in March.
    assert months_served(served_period(None, None, period)) == Decimal(16) / 31 + 1 + Decimal(15) / 31
    assert supplement(12_000, None, None, period) == Decimal(2_000)


def test_the_amount_is_rounded_to_whole_kroner():
    period = Period(date(2026, 1, 1), date(2026, 1, 10))
    assert supplement(15_000, None, None, period) == Decimal(403)  # 1250 × 10/31 = 403.2


@pytest.mark.parametrize(("appointed_from", "appointed_to"), [
    (date(2027, 1, 1), None), (date(2024, 1, 1), date(2025, 12, 31)),
])
def test_a_period_the_mentor_did_not_serve_is_refused(appointed_from, appointed_to):
    with pytest.raises(SupplementError, match="var ikke oppnevnt i perioden 01.01.2026–31.12.2026"):
        supplement(15_000, appointed_from, appointed_to, YEAR_2026)


def test_a_period_that_ends_before_it_starts_is_refused():
    with pytest.raises(SupplementError, match="Perioden må slutte"):
        Period(date(2026, 2, 1), date(2026, 1, 31))
