"""The Wilson interval against known values, and the target that applies on a wave's date."""

import math
from datetime import date
from decimal import Decimal

import pytest

from naast.awareness.models import Target
from naast.awareness.stats import target_for, wilson_interval


def wilson_by_quadratic(k: int, n: int, z: float = 1.959963984540054):
    """Independently: the bounds are the p where |p̂ − p| equals z·sqrt(p(1 − p)/n), the roots of
    (1 + z²/n)p² − (2p̂ + z²/n)p + p̂² = 0."""
    p_hat = k / n
    a, b, c = 1 + z * z / n, -(2 * p_hat + z * z / n), p_hat * p_hat
    root = math.sqrt(b * b - 4 * a * c)
    return (-b - root) / (2 * a), (-b + root) / (2 * a)


def test_67_of_240_aware():
    low, high = wilson_interval(67, 240)
    expected = wilson_by_quadratic(67, 240)
    assert low == pytest.approx(expected[0], abs=1e-12) and high == pytest.approx(expected[1], abs=1e-12)
    assert (round(100 * low, 1), round(100 * high, 1)) == (22.6, 33.9)  # the share is 27.9 %


@pytest.mark.parametrize(("k", "n", "low", "high"), [
    (0, 10, 0.0, 0.2775),  # Wilson's interval for no successes stays above zero width
    (5, 10, 0.2366, 0.7634),
    (10, 10, 0.7225, 1.0),
    (81, 263, 0.2553, 0.3662),  # Newcombe (1998), example (a)
])
def test_known_values(k, n, low, high):
    assert wilson_interval(k, n) == (pytest.approx(low, abs=5e-5), pytest.approx(high, abs=5e-5))


def test_no_respondents_no_interval_and_impossible_counts_refused():
    assert wilson_interval(0, 0) is None
    with pytest.raises(ValueError):
        wilson_interval(5, 4)


@pytest.mark.django_db
def test_the_target_of_a_waves_date():
    # Seeded by the migration: residents 30 % from 2019, 50 % from 2020; referrers 50 % then 70 %.
    assert target_for("residents", date(2018, 12, 31)) is None
    assert target_for("residents", date(2019, 12, 15)).share == Decimal("30")
    assert target_for("residents", date(2020, 1, 1)).share == Decimal("50")
    assert target_for("referrers", date(2019, 6, 1)).share == Decimal("50")
    assert target_for("referrers", date(2024, 6, 1)).share == Decimal("70")
    Target.objects.create(audience="residents", from_date=date(2025, 1, 1), share=Decimal("60"))
    assert target_for("residents", date(2024, 12, 31)).share == Decimal("50")
    assert target_for("residents", date(2025, 1, 1)).share == Decimal("60")
