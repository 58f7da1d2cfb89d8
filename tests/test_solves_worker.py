"""Background solves run by a real `manage.py db_worker` process on the test database."""

import datetime as dt
import itertools
import os
import signal
import time

import pytest

from tours.models import Plan, SolveJob

pytestmark = pytest.mark.django_db(transaction=True)

DB_WORKER = ["db_worker", "--no-reload", "--interval", "0.2", "--no-startup-delay"]


def poll(client, job_id: int, until, timeout_s: float = 90, every_s: float = 0.2) -> list[dict]:
    """GET the job until `until(body)`; every body read, in order."""
    seen, give_up = [], time.monotonic() + timeout_s
    while True:
        response = client.get(f"/solves/{job_id}")
        assert response.status_code == 200, response.json()
        seen.append(response.json())
        if until(seen[-1]):
            return seen
        assert time.monotonic() < give_up, f"job {job_id} still {seen[-1]['status']}"
        time.sleep(every_s)


def finished(body: dict) -> bool:
    return body["status"] in ("succeeded", "cancelled", "failed")


def heartbeats(bodies: list[dict]) -> list[dt.datetime]:
    stamps = {b["heartbeat_at"] for b in bodies if b["status"] == "running" and b["heartbeat_at"]}
    return sorted(dt.datetime.fromisoformat(s) for s in stamps)


def test_a_db_worker_solves_a_job_and_reports_progress_while_it_runs(
    demo_event, planner, worker_env, start_worker
):
    worker = start_worker(DB_WORKER, worker_env)
    body = {"time_limit_s": 4, "seed": 0, "workers": 2}
    created = planner.post(f"/events/{demo_event.key}/solves", body)
    assert created.status_code == 202, created.json()
    job = created.json()
    assert job["status"] in ("queued", "running")

    seen = poll(planner, job["id"], finished)

    last = seen[-1]
    assert last["status"] == "succeeded", (last, worker.poll())
    assert last["plan"] is not None and last["error"] == ""
    plan = Plan.objects.get(pk=last["plan"])
    assert (plan.event_id, plan.seed, plan.time_limit_s, plan.workers) == (demo_event.pk, 0, 4, 2)
    assert plan.checker_violations == 0
    assert (last["best_score"], last["bound"]) == (plan.score, plan.bound)
    assert last["started_at"] and last["finished_at"] and last["elapsed_seconds"] > 0
    running = [b for b in seen if b["status"] == "running"]
    assert any(b["best_score"] is not None for b in running), "no score while it ran"
    beats = heartbeats(seen)
    assert len(beats) >= 3, f"the heartbeat changed fewer than twice: {beats}"
    assert all(b - a <= dt.timedelta(seconds=2) for a, b in itertools.pairwise(beats))
    stored = SolveJob.objects.get(pk=job["id"])
    assert stored.backend == "default" and stored.task_id


def test_cancel_stops_a_running_job_and_keeps_the_best_plan_found(
    demo_event, planner, worker_env, start_worker
):
    start_worker(DB_WORKER, worker_env)
    created = planner.post(f"/events/{demo_event.key}/solves", {"time_limit_s": 120})
    job_id = created.json()["id"]
    poll(planner, job_id, lambda b: b["status"] == "running" and b["best_score"] is not None)

    cancelled = planner.post(f"/solves/{job_id}/cancel")
    assert cancelled.status_code == 202, cancelled.json()
    assert cancelled.json()["cancel_requested"] is True
    last = poll(planner, job_id, finished, timeout_s=30)[-1]

    assert last["status"] == "cancelled", last
    assert last["elapsed_seconds"] < 120  # it stopped early rather than running to its limit
    plan = Plan.objects.get(pk=last["plan"])
    assert plan.checker_violations == 0 and last["best_score"] == plan.score
    again = planner.post(f"/solves/{job_id}/cancel")
    assert again.status_code == 409 and again.json()["code"] == "conflict"


def test_a_worker_that_dies_mid_solve_leaves_its_job_failed(
    demo_event, planner, worker_env, start_worker, settings
):
    settings.KENGAKU_JOB_HEARTBEAT_TIMEOUT_S = 2
    worker = start_worker(DB_WORKER, worker_env)
    job_id = planner.post(f"/events/{demo_event.key}/solves", {"time_limit_s": 120}).json()["id"]
    poll(planner, job_id, lambda b: b["status"] == "running")

    os.killpg(worker.pid, signal.SIGKILL)
    worker.wait(timeout=30)
    last = poll(planner, job_id, finished, timeout_s=30)[-1]

    assert last["status"] == "failed"
    assert last["error"].startswith("the worker stopped answering")
    assert last["plan"] is None


def test_a_failing_solve_marks_the_job_failed_with_its_message(demo_event, planner, monkeypatch):
    from delegations.errors import Problem, ValidationFailed
    from tours import tasks

    def unreadable(**kwargs):
        raise ValidationFailed([Problem("delegations[1].dropoff", "unknown place 'x'")], "it")

    monkeypatch.setattr(tasks, "plan_create", unreadable)
    job_id = planner.post(f"/events/{demo_event.key}/solves", {"time_limit_s": 2}).json()["id"]
    with pytest.raises(ValidationFailed):
        tasks.solve_job.call(job_id)
    body = planner.get(f"/solves/{job_id}").json()
    assert body["status"] == "failed" and body["finished_at"]
    assert body["error"] == "1 problem in it: delegations[1].dropoff: unknown place 'x'"
