"""Least-change re-planning: what a plan changes against the published plan, and its price.

After a change (a delegation cancels or grows, a bus is withdrawn, a window closes, an
interpreter drops out) a re-plan starts from the published plan and maximises the score less a
disruption penalty: per delegation no longer on the bus it was announced on, per interpreter
no longer on their bus, and per announced visit that is dropped or whose start moves by more
than a tolerance. Each part is counted per bus of the published plan, so a bus's share depends
on that bus alone and the search can price each move exactly.
"""

from dataclasses import dataclass

from tours.planning.model.problem import Problem, minutes


@dataclass(frozen=True)
class DisruptionWeights:
    """Penalty points (in score units: one point of interest is worth weights.interest, 100 by
    default) per change; the defaults make moving a delegation cost about a third of what a
    favourite visit is worth to it (5 x 100), so a re-plan moves people only for clear gains."""

    delegation_moved: int = 200
    interpreter_moved: int = 100
    visit_shifted: int = 50
    tolerance_minutes: int = 15

    @classmethod
    def from_dict(cls, data: dict | None) -> "DisruptionWeights":
        data = dict(data or {})
        unknown = sorted(set(data) - set(cls.__dataclass_fields__))
        if unknown:
            raise ValueError(f"unknown disruption weights: {', '.join(unknown)}")
        for name, value in data.items():
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                raise ValueError(f"disruption weight {name} must be a whole number >= 0")
        return cls(**data)

    def as_dict(self) -> dict:
        return {name: getattr(self, name) for name in self.__dataclass_fields__}


class Disruption:
    def __init__(self, problem: Problem, baseline: dict, weights: DisruptionWeights) -> None:
        delegations = {d.key for d in problem.delegations}
        interpreters = {i.key for i in problem.interpreters}
        facilities = {f.key for f in problem.facilities}
        self.weights = weights
        self.riders: dict[str, frozenset[str]] = {}
        self.crew: dict[str, frozenset[str]] = {}
        self.visits: dict[str, dict[str, int]] = {}
        for bus in baseline.get("buses", []):
            key = bus["bus"]
            self.riders[key] = frozenset(bus["delegations"]) & delegations
            self.crew[key] = frozenset(bus["interpreters"]) & interpreters
            self.visits[key] = {
                s["at"]: minutes(s["start"])
                for s in bus["stops"]
                if s["kind"] == "visit" and s["at"] in facilities
            }

    def parts(self, bus_key: str, entry: dict | None) -> tuple[int, int, int]:
        """(delegations moved, interpreters moved, visits shifted) of the bus as `entry` runs it
        (None: idle), against the published plan."""
        riders = set(entry["delegations"]) if entry else set()
        crew = set(entry["interpreters"]) if entry else set()
        starts = (
            {s["at"]: minutes(s["start"]) for s in entry["stops"] if s["kind"] == "visit"}
            if entry
            else {}
        )
        tolerance = self.weights.tolerance_minutes
        shifted = sum(
            1
            for at, start in self.visits.get(bus_key, {}).items()
            if at not in starts or abs(starts[at] - start) > tolerance
        )
        moved = len(self.riders.get(bus_key, frozenset()) - riders)
        return moved, len(self.crew.get(bus_key, frozenset()) - crew), shifted

    def penalty(self, bus_key: str, entry: dict | None) -> int:
        moved, crew, shifted = self.parts(bus_key, entry)
        w = self.weights
        return w.delegation_moved * moved + w.interpreter_moved * crew + w.visit_shifted * shifted

    def summary(self, buses: list[dict]) -> dict:
        """The plan's disruption: counts, the penalty and the weights (a plan's `disruption`)."""
        entries = {b["bus"]: b for b in buses}
        totals = [0, 0, 0]
        for key in self.riders:
            for n, count in enumerate(self.parts(key, entries.get(key))):
                totals[n] += count
        w = self.weights
        penalty = (
            w.delegation_moved * totals[0]
            + w.interpreter_moved * totals[1]
            + w.visit_shifted * totals[2]
        )
        return {
            "delegations_moved": totals[0],
            "interpreters_moved": totals[1],
            "visits_shifted": totals[2],
            "penalty": penalty,
            "weights": w.as_dict(),
        }
