"""Typed errors of the planning core (the Django side maps them to its own)."""


class PlanningError(Exception):
    """Base of every error the core raises on purpose."""


class ScenarioError(PlanningError):
    """The scenario cannot be read as a planning problem; `problems` lists each (path, message)."""

    def __init__(self, problems: list[tuple[str, str]]):
        self.problems = list(problems)
        text = "; ".join(f"{path}: {message}" if path else message for path, message in problems)
        super().__init__(f"the scenario cannot be planned: {text}")
