"""One place that sets CP-SAT's knobs, so every model in the core is limited and seeded alike."""

from ortools.sat.python import cp_model


def configured_solver(*, time_limit_s: float, seed: int, workers: int) -> cp_model.CpSolver:
    """A solver with a time limit always; with one worker, a deterministic one.

    CP-SAT on one worker is reproducible when its deterministic time limit binds rather than the
    wall clock, so the same scenario, seed and `workers=1` give the same plan (the wall-clock
    limit stays as a safety net, looser).
    """
    solver = cp_model.CpSolver()
    limit = max(0.1, time_limit_s)
    solver.parameters.random_seed = seed
    solver.parameters.num_workers = workers
    if workers == 1:
        solver.parameters.max_deterministic_time = limit
        solver.parameters.max_time_in_seconds = 3 * limit + 1
    else:
        solver.parameters.max_time_in_seconds = limit
    return solver
