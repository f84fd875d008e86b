from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from loket.core.models import Province
from plans.services import split_by_population
from plans.split import largest_remainder


def test_published_test_vectors():
    assert largest_remainder(10, [47000, 16000, 15800, 12000, 6100, 3100]) == [5, 2, 1, 1, 1, 0]
    assert largest_remainder(60, [216, 310, 22, 32]) == [23, 32, 2, 3]


def test_ties_go_to_larger_weight_then_to_key():
    # 1 place, equal remainders: the larger weight wins.
    assert largest_remainder(1, [1, 2, 1, 2]) == [0, 1, 0, 0]
    # Equal weights and remainders: the smaller key wins, whatever the order.
    assert largest_remainder(1, [5, 5], keys=["PV27", "PV21"]) == [0, 1]
    assert largest_remainder(2, [5, 5, 5], keys=["B", "C", "A"]) == [1, 0, 1]


def test_edge_cases():
    assert largest_remainder(0, [3, 4]) == [0, 0]
    assert largest_remainder(7, [0, 1]) == [0, 7]
    with pytest.raises(ValueError):
        largest_remainder(5, [0, 0])
    with pytest.raises(ValueError):
        largest_remainder(-1, [1])


@pytest.mark.django_db
def test_88000_by_2024_population_adds_up_exactly():
    parts = split_by_population(88000)
    assert len(parts) == 12
    assert sum(parts.values()) == 88000
    # Naive rounding would lose a place: the reason for the method.
    population = list(Province.objects.values_list("population", flat=True))
    assert sum(round(88000 * p / sum(population)) for p in population) == 87999
    utrecht = Province.objects.get(code="PV26")
    assert parts[utrecht.pk] in (6865, 6866)


@given(
    total=st.integers(min_value=0, max_value=10**7),
    weights=st.lists(st.integers(min_value=0, max_value=10**8), min_size=1, max_size=20).filter(any),
)
def test_parts_sum_to_total_and_stay_within_one_of_quota(total, weights):
    parts = largest_remainder(total, weights)
    assert sum(parts) == total
    weight_sum = sum(weights)
    for part, weight in zip(parts, weights, strict=True):
        quota = Fraction(total * weight, weight_sum)
        assert abs(part - quota) < 1
        assert part >= 0
