"""Units: delegations that must ride together (together_with, closed transitively), as one rider.

The solver assigns units to buses; every valid plan keeps a unit on one bus, so this loses nothing.
"""

from dataclasses import dataclass

from tours.planning.problem import Delegation, Problem


@dataclass(frozen=True)
class Unit:
    index: int
    delegations: tuple[Delegation, ...]
    size: int
    wheelchair_users: int
    languages: frozenset[str]  # languages needing an interpreter (not "ja")
    must_visit: frozenset[str]
    avoid: frozenset[str]
    value: tuple[int, ...]  # per facility (problem order): sum of priority * interest

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(d.key for d in self.delegations)


def together_groups(delegations: tuple[Delegation, ...]) -> list[list[Delegation]]:
    """Connected components of together_with (either side naming the other joins them)."""
    parent = {d.key: d.key for d in delegations}

    def root(key: str) -> str:
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    for d in delegations:
        for other in sorted(d.together_with):
            if other in parent:
                parent[root(other)] = root(d.key)
    groups: dict[str, list[Delegation]] = {}
    for d in delegations:
        groups.setdefault(root(d.key), []).append(d)
    return list(groups.values())


def make_units(problem: Problem, delegations: tuple[Delegation, ...]) -> list[Unit]:
    keys = [f.key for f in problem.facilities]
    units = []
    for i, group in enumerate(together_groups(delegations)):
        units.append(
            Unit(
                index=i,
                delegations=tuple(group),
                size=sum(d.size for d in group),
                wheelchair_users=sum(d.wheelchair_users for d in group),
                languages=frozenset(d.language for d in group if d.needs_interpreter),
                must_visit=frozenset().union(*(d.must_visit for d in group)),
                avoid=frozenset().union(*(d.avoid for d in group)),
                value=tuple(sum(d.priority * d.interest[k] for d in group) for k in keys),
            )
        )
    return units
