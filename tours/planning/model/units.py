"""Units: delegations that must ride together, as one rider.

Two reasons bind delegations together in every valid plan: `together_with` (closed transitively),
and a language only one interpreter speaks: that interpreter rides one bus (rule 8), so every
delegation needing the language is on that bus. The solver assigns units to buses, which loses no
valid plan and spares it searching groupings that cannot work.
"""

from dataclasses import dataclass

from tours.planning.model.problem import Delegation, Problem


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


def together_groups(
    delegations: tuple[Delegation, ...], sole: dict[str, str] | None = None
) -> list[list[Delegation]]:
    """Connected components of together_with (either side naming the other joins them) and of
    `sole` (language -> the one interpreter who speaks it)."""
    parent = {d.key: d.key for d in delegations}
    for interpreter in sorted(set((sole or {}).values())):
        parent[f"interpreter:{interpreter}"] = f"interpreter:{interpreter}"

    def root(key: str) -> str:
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    for d in delegations:
        for other in sorted(d.together_with):
            if other in parent:
                parent[root(other)] = root(d.key)
        if sole and d.language in sole:
            parent[root(f"interpreter:{sole[d.language]}")] = root(d.key)
    groups: dict[str, list[Delegation]] = {}
    for d in delegations:
        groups.setdefault(root(d.key), []).append(d)
    return list(groups.values())


def sole_interpreters(problem: Problem, delegations: tuple[Delegation, ...]) -> dict[str, str]:
    """Languages only one interpreter speaks, when everyone needing one fits on the largest bus
    with them (if they do not, binding them would wrongly exclude all; the solver then decides)."""
    sole = {}
    largest = max((b.seats for b in problem.buses), default=0)
    for language in sorted({d.language for d in delegations if d.needs_interpreter}):
        speakers = [i for i in problem.interpreters if language in i.languages]
        if len(speakers) == 1:
            sole[language] = speakers[0].key
    for interpreter in sorted(set(sole.values())):
        riders = [d for d in delegations if sole.get(d.language) == interpreter]
        if sum(d.size for d in riders) + problem.staff_seats + 1 > largest:
            sole = {k: v for k, v in sole.items() if v != interpreter}
    return sole


def make_units(problem: Problem, delegations: tuple[Delegation, ...]) -> list[Unit]:
    keys = [f.key for f in problem.facilities]
    units = []
    sole = sole_interpreters(problem, delegations)
    for i, group in enumerate(together_groups(delegations, sole)):
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
