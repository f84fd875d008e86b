"""Routing of a new question: ordered rules, the first active match wins, no match -> triage queue.

`pick_rule` is a pure function over plain values so that it can be tested as a table."""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol


class RuleLike(Protocol):
    order: int
    is_active: bool
    theme_id: int | None
    province_id: int | None
    organisation_type: str
    assignee_id: int


@dataclass(frozen=True)
class RoutingInput:
    theme_ids: frozenset[int]
    province_id: int | None
    organisation_type: str


def rule_matches(rule: RuleLike, facts: RoutingInput) -> bool:
    """Every field filled in on the rule must match; empty fields match anything."""
    if rule.theme_id is not None and rule.theme_id not in facts.theme_ids:
        return False
    if rule.province_id is not None and rule.province_id != facts.province_id:
        return False
    return not rule.organisation_type or rule.organisation_type == facts.organisation_type


def pick_rule(rules: Iterable[RuleLike], facts: RoutingInput) -> RuleLike | None:
    """The first active rule (by order, then as given) that matches, or None (triage queue)."""
    ordered = sorted((r for r in rules if r.is_active), key=lambda r: r.order)  # stable: keeps pk order
    for rule in ordered:
        if rule_matches(rule, facts):
            return rule
    return None
