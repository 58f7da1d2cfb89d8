"""A bound for days too big to price every course: who may see what, within what the facilities
and the buses can hold in a day.

A linear program over y[u, f], the share of facility f that unit u sees (0..1), and z[b], the
share of bus b in use:
- each unit sees at most `max_visits_per_bus` facilities (one bus, one course);
- a facility receives at most `max_people × max_visits` of the delegations' people in the day
  (each distinct visit holds at most `max_people`; staff and interpreters only add to that);
- the buses carry each person to at most `max_visits_per_bus` facilities, and a bus carries at
  most its seats less staff;
- the buses in use seat every person of the units that must ride (`carried`: a valid plan in
  hand carries them, so every valid plan does, see bound.py), and cost what they cost.
A unit sees no facility it avoids, nor (with a wheelchair user) one without access (rule 6).
Every valid plan gives a solution of this program, so its optimum bounds the plan's score.
"""

import math

from ortools.linear_solver import pywraplp

from tours.planning.model.problem import Problem
from tours.planning.model.units import Unit


def capacity_bound(problem: Problem, units: list[Unit], carried: frozenset[int]) -> float:
    """The program's optimum (interest less bus cost), or inf when it cannot be solved."""
    w = problem.weights
    lp = pywraplp.Solver.CreateSolver("GLOP")
    objective = lp.Objective()
    objective.SetMaximization()
    visits = problem.max_visits
    facility_rows = [
        lp.Constraint(0, f.max_people * f.max_visits, f"people_{f.key}") for f in problem.facilities
    ]
    person_visits = lp.Constraint(-lp.infinity(), 0, "bus_seats")
    for u in units:
        sees = lp.Constraint(0, visits, f"unit_{u.index}")
        for n, f in enumerate(problem.facilities):
            value = u.value[n]
            if value <= 0 or f.key in u.avoid or (u.wheelchair_users and not f.wheelchair):
                continue
            y = lp.NumVar(0, 1, f"y_{u.index}_{n}")
            sees.SetCoefficient(y, 1)
            facility_rows[n].SetCoefficient(y, u.size)
            person_visits.SetCoefficient(y, u.size)
            objective.SetCoefficient(y, w.interest * value)
    riders = sum(u.size for u in units if u.index in carried)
    seated = lp.Constraint(riders, lp.infinity(), "everyone_rides")
    for bus in problem.buses:
        room = max(0, bus.seats - problem.staff_seats)
        z = lp.NumVar(0, 1, f"z_{bus.key}")
        person_visits.SetCoefficient(z, -room * visits)
        seated.SetCoefficient(z, room)
        objective.SetCoefficient(z, -w.bus_cost * bus.cost)
    if lp.Solve() != pywraplp.Solver.OPTIMAL:
        return math.inf
    return objective.Value()
