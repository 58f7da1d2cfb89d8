"""Background solves on RQ: queued through the RQ backend, run by a real `rqworker` process.

Needs Redis: runs only when REDIS_URL is set (`.ci/run` sets it). The queue is named for this
test run so concurrent runs sharing the Redis server never take each other's jobs.
"""

import os
import time

import pytest

from tours.models import Plan, SolveJob

REDIS_URL = os.environ.get("REDIS_URL", "")
pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not REDIS_URL, reason="REDIS_URL is not set (no Redis to test RQ with)"),
]


@pytest.fixture
def rq_queue(settings):
    """Tasks go to RQ, on a queue of this test's own; emptied and deleted afterwards."""
    import django_rq

    name = f"kengaku-test-{os.getpid()}-{time.monotonic_ns()}"
    queues = ["default", name]  # the task is declared on "default" and queued on `name`
    settings.RQ_QUEUES = {q: {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 600} for q in queues}
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": queues}}
    settings.KENGAKU_SOLVE_QUEUE = name
    yield name
    queue = django_rq.get_queue(name)
    registries = (
        queue.finished_job_registry,
        queue.failed_job_registry,
        queue.started_job_registry,
    )
    for job_id in {i for r in registries for i in r.get_job_ids()} | set(queue.get_job_ids()):
        job = queue.fetch_job(job_id)
        if job is not None:
            job.delete()
    queue.delete(delete_jobs=True)
    for key in queue.connection.scan_iter(f"rq:*:{name}"):
        queue.connection.delete(key)


def test_an_rq_worker_runs_a_solve_queued_through_the_rq_backend(
    demo_event, planner, worker_env, start_worker, rq_queue
):
    created = planner.post(f"/events/{demo_event.key}/solves", {"time_limit_s": 3})
    assert created.status_code == 202, created.json()
    job_id = created.json()["id"]
    stored = SolveJob.objects.get(pk=job_id)
    assert stored.backend == "default" and stored.task_id

    env = {**worker_env, "REDIS_URL": REDIS_URL, "KENGAKU_SOLVE_QUEUE": rq_queue}
    worker = start_worker(
        ["rqworker", "--burst", "--job-class", "django_tasks_rq.Job", rq_queue], env
    )
    output, _ = worker.communicate(timeout=180)  # burst: it stops once the queue is empty
    assert worker.returncode == 0, output

    job = planner.get(f"/solves/{job_id}").json()
    assert job["status"] == "succeeded", (job, output)
    plan = Plan.objects.get(pk=job["plan"])
    assert plan.checker_violations == 0 and (job["best_score"], job["bound"]) == (
        plan.score,
        plan.bound,
    )
    import django_rq
    from django_tasks_rq import Job

    rq_job = Job.fetch(stored.task_id, connection=django_rq.get_connection(rq_queue))
    assert rq_job.get_status() == "finished" and rq_job.return_value() == plan.pk
