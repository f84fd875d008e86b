"""Splitting a national figure over provinces: the largest-remainder method, in integer arithmetic.

floor(T * p_i / P) for each part, then the places still left go one by one to the largest remainders;
ties go to the larger weight (population), then to the smaller key (CBS code). The parts always add up to
T exactly, and every part differs from its exact quota T * p_i / P by less than one.
"""

from collections.abc import Hashable, Sequence


def largest_remainder(total: int, weights: Sequence[int], keys: Sequence[Hashable] | None = None) -> list[int]:
    """Split `total` over `weights` (in the same order). `keys` break the last ties (default: position)."""
    if total < 0:
        raise ValueError("total must not be negative")
    if not weights:
        raise ValueError("weights must not be empty")
    if any(w < 0 for w in weights):
        raise ValueError("weights must not be negative")
    weight_sum = sum(weights)
    if weight_sum == 0:
        raise ValueError("weights must not all be zero")
    keys = list(keys) if keys is not None else list(range(len(weights)))
    if len(keys) != len(weights):
        raise ValueError("keys and weights differ in length")
    parts = []
    remainders = []
    for index, weight in enumerate(weights):
        quotient, remainder = divmod(total * weight, weight_sum)
        parts.append(quotient)
        remainders.append((remainder, weight, index))
    left = total - sum(parts)
    # Largest remainder first; then larger weight; then smaller key.
    order = sorted(remainders, key=lambda item: (-item[0], -item[1], keys[item[2]]))
    for _remainder, _weight, index in order[:left]:
        parts[index] += 1
    return parts
