"""The stable identity of a planned location across the versions of one plan (`PlannedLocation.key`).

A new version copies the keys of the version it is based on; an import matches rows by key. Locations
that existed before keys did get theirs from `assign_keys` (data migration 0008): pure, so the
migration and its test use the same rule.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence


def normalise_name(name: str) -> str:
    """Names compare without case and with runs of spaces as one."""
    return " ".join((name or "").split()).casefold()


def assign_keys(
    versions: Iterable[Sequence[tuple[int, str]]], *, new_key: Callable[[], uuid.UUID] = uuid.uuid4
) -> dict[int, uuid.UUID]:
    """Location pk -> key, for the versions of ONE plan given oldest first, each as (pk, name) pairs.

    Locations with the same name in different versions of the plan are evidently the same location:
    they share a key. Within one version every key is used once: when a version has a name twice,
    its n-th location of that name takes the plan's n-th key for that name (a new key when the plan
    had fewer). Other locations get a new key."""
    keys_by_name: dict[str, list[uuid.UUID]] = defaultdict(list)
    assigned: dict[int, uuid.UUID] = {}
    for locations in versions:
        seen: dict[str, int] = defaultdict(int)
        for pk, name in sorted(locations):
            normal = normalise_name(name)
            position = seen[normal]
            seen[normal] += 1
            known = keys_by_name[normal]
            if position == len(known):
                known.append(new_key())
            assigned[pk] = known[position]
    return assigned
