from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from spbe_tui.domain.index import (
    LevelError,
    PredikatBasis,
    compute_index,
    predikat,
    rounded,
    weighted_mean,
)


def all_at(fw, level):
    return {i.number: level for i in fw.indicators}


def test_regulation_example_aspect(fw2020):
    # Aspect 2 (indicators 11-14) with levels 3, 4, 3, 2 gives 3.00.
    levels = all_at(fw2020, 1) | {11: 3, 12: 4, 13: 3, 14: 2}
    assert rounded(compute_index(fw2020, levels).aspects[2]) == Decimal("3.00")


def test_regulation_example_domain(fw2020):
    # Domain 2 with aspect indices 3.00, 4.00, 3.00 gives 3.40.
    levels = all_at(fw2020, 1) | {11: 3, 12: 4, 13: 3, 14: 2, 15: 4, 16: 4, 17: 4, 18: 4, 19: 3, 20: 3}
    result = compute_index(fw2020, levels)
    assert [result.aspects[a] for a in (2, 3, 4)] == [3, 4, 3]
    assert rounded(result.domains[2]) == Decimal("3.40")


def test_regulation_example_index(fw2020):
    # Domains 3.70, 3.40, 3.00, 3.20 give index 3.28, predikat Baik.
    domain_values = [Fraction("3.70"), Fraction("3.40"), Fraction("3.00"), Fraction("3.20")]
    index = weighted_mean(zip(domain_values, (d.weight for d in fw2020.domains), strict=True))
    assert index == Fraction("3.282")
    assert rounded(index) == Decimal("3.28")
    assert predikat(index, fw2020.bands) == "Baik"


def test_exact_half_rounds_up_where_float_would_not(fw2020):
    # Two admin services (2.75 each) and the six public services (3.00 each) one level below 5:
    # 500 - 5.5 - 18 = 476.5, so the exact index is 4.765.
    levels = all_at(fw2020, 5) | {32: 4, 33: 4} | {n: 4 for n in range(42, 48)}
    result = compute_index(fw2020, levels)
    assert result.index == Fraction("4.765")
    assert round(4.765, 2) == 4.76  # what binary floats would have shown
    assert result.index_display == "4.77"
    assert result.predikat() == "Memuaskan"


def test_domain_values_are_not_recomputed_from_rounded_aspects(fw2020):
    # Aspect 6 (three indicators of 1.5 over 4.5) is a repeating fraction.
    levels = all_at(fw2020, 3) | {29: 4}
    result = compute_index(fw2020, levels)
    assert result.aspects[6] == Fraction(10, 3)
    assert rounded(result.aspects[6]) == Decimal("3.33")
    assert result.domains[3] == Fraction(3) + Fraction(1, 3) * Fraction("4.5") / Fraction("16.5")


@pytest.mark.parametrize(
    ("value", "unrounded", "rounded_basis"),
    [
        ("3.4985", "Baik", "Sangat Baik"),  # 2024 report: shown 3.50, still Baik
        ("1.7975", "Kurang", "Cukup"),  # 2023 report: shown 1.80, Cukup
        ("2.6", "Baik", "Baik"),
        ("2.5999", "Cukup", "Baik"),
        ("4.2", "Memuaskan", "Memuaskan"),
        ("4.1949", "Sangat Baik", "Sangat Baik"),
        ("5", "Memuaskan", "Memuaskan"),
        ("1", "Kurang", "Kurang"),
        ("3.5", "Sangat Baik", "Sangat Baik"),
    ],
)
def test_band_edges_under_both_bases(fw2020, value, unrounded, rounded_basis):
    exact = Fraction(value)
    assert predikat(exact, fw2020.bands, PredikatBasis.UNROUNDED) == unrounded
    assert predikat(exact, fw2020.bands, PredikatBasis.ROUNDED) == rounded_basis


def test_incomplete_set_names_missing_indicators(fw2020):
    levels = all_at(fw2020, 3)
    del levels[12], levels[40]
    result = compute_index(fw2020, levels)
    assert not result.complete
    assert result.missing == (12, 40)
    assert result.index is None and result.predikat() is None
    assert result.index_display == "—"
    assert 2 not in result.aspects and 2 not in result.domains
    assert result.aspects[1] == 3 and result.domains[1] == 3


@pytest.mark.parametrize("bad", [0, 6, -1, True, "3"])
def test_level_outside_scale_is_an_error(fw2020, bad):
    with pytest.raises(LevelError, match="indicator 5"):
        compute_index(fw2020, all_at(fw2020, 3) | {5: bad})


def test_unknown_indicator_is_an_error(fw2020):
    with pytest.raises(LevelError, match="no indicator 48"):
        compute_index(fw2020, all_at(fw2020, 3) | {48: 3})


def test_2018_framework_allows_level_zero(fw2018):
    result = compute_index(fw2018, all_at(fw2018, 0))
    assert result.index == 0 and result.predikat() == "Kurang"
    assert compute_index(fw2018, all_at(fw2018, 5)).index == 5


def level_sets(fw):
    return st.fixed_dictionaries(
        {i.number: st.integers(i.scale.min_level, i.scale.max_level) for i in fw.indicators}
    )


@pytest.mark.parametrize("framework_id", ["spbe-2020", "spbe-2018"])
def test_index_lies_within_the_scale(framework_id):
    from spbe_tui.domain.framework_loader import load_framework

    fw = load_framework(framework_id)

    @settings(max_examples=150, deadline=None)
    @given(level_sets(fw))
    def check(levels):
        result = compute_index(fw, levels)
        low, high = min(levels.values()), max(levels.values())
        assert low <= result.index <= high
        for value in [*result.aspects.values(), *result.domains.values()]:
            assert low <= value <= high
        assert result.predikat() is not None

    check()


@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_raising_one_level_never_lowers_the_index(fw2020, data):
    levels = data.draw(level_sets(fw2020))
    number = data.draw(st.sampled_from([n for n, lv in levels.items() if lv < 5] or [None]))
    if number is None:
        return
    before = compute_index(fw2020, levels)
    after = compute_index(fw2020, levels | {number: levels[number] + 1})
    assert after.index > before.index
    assert rounded(after.index) >= rounded(before.index)
    for key, value in before.aspects.items():
        assert after.aspects[key] >= value


@given(st.fractions(min_value=0, max_value=5))
def test_rounding_is_half_up_of_the_exact_value(value):
    # Half-up: the shown value is at most half a hundredth above and less than half below.
    difference = Fraction(rounded(value)) - value
    assert -Fraction(1, 200) < difference <= Fraction(1, 200)
