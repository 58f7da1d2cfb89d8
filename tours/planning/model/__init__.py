"""The problem model: the scenario read into dataclasses (build, problem), travel times, units
(delegations that always ride together), the pre-checks that set aside what no plan can carry,
and the day's facility combinations (courses), which of them each unit can reach (reach), the
pickup and drop-off ends of a day (ends) and driving floors (driving).

Imports nothing else of the planning core: every other stage builds on it.
"""
