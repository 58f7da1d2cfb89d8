"""Background solves through the API: queueing, reading, listing, cancelling (no worker runs)."""

import datetime as dt

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from tours.models import JobStatus, SolveJob

pytestmark = pytest.mark.django_db


def queue(client, event_key: str, body=None):
    return client.post(f"/events/{event_key}/solves", body if body is not None else {})


def test_starting_a_solve_answers_202_with_the_queued_job_and_queues_its_task(
    demo_event, planner, django_capture_on_commit_callbacks
):
    body = {"time_limit_s": 3, "seed": 7, "workers": 1}
    with django_capture_on_commit_callbacks(execute=True):  # the task is queued on commit
        response = queue(planner, demo_event.key, body)
    assert response.status_code == 202, response.json()
    job = response.json()
    assert job["url"] == f"/api/solves/{job['id']}" == response["Location"]
    assert job["event"] == demo_event.key
    assert (job["status"], job["time_limit_s"], job["seed"], job["workers"]) == ("queued", 3, 7, 1)
    assert job["options"] == {}
    assert job["started_at"] is None and job["elapsed_seconds"] is None
    assert (job["best_score"], job["bound"], job["gap"], job["plan"]) == (None, None, None, None)
    assert job["cancel_requested"] is False and job["error"] == ""

    task = DBTaskResult.objects.get()
    stored = SolveJob.objects.get(pk=job["id"])
    assert task.task_path == "tours.tasks.solve_job"
    assert task.args_kwargs == {"args": [job["id"]], "kwargs": {}}
    assert (stored.task_id, stored.backend) == (str(task.id), "default")
    assert stored.created_by.username == "planner-pat"
    assert planner.get(job["url"].removeprefix("/api")).json() == job


def test_a_re_plan_is_refused_before_it_is_queued_when_it_cannot_start(demo_event, planner):
    nothing = queue(planner, demo_event.key, {"time_limit_s": 2, "replan": {}})
    assert nothing.status_code == 409 and nothing.json()["code"] == "nothing_published"
    bad = queue(
        planner,
        demo_event.key,
        {"time_limit_s": 2, "replan": {"weights": {"delegation_moved": -1}, "x": 1}},
    )
    assert bad.status_code == 422
    assert [d["path"] for d in bad.json()["details"]] == ["replan.x"]
    assert not SolveJob.objects.exists()


def test_the_settings_are_checked_and_every_problem_listed(demo_event, planner, settings):
    settings.KENGAKU_SOLVE_MAX_TIME_LIMIT_S = 60
    response = queue(planner, demo_event.key, {"time_limit_s": 61, "workers": 0})
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "validation_error"
    assert body["details"] == [
        {"path": "time_limit_s", "message": "must be more than 0 and at most 60 s"},
        {"path": "workers", "message": "must be at least 1"},
    ]
    assert queue(planner, demo_event.key, {"time_limit_s": 0}).status_code == 422
    assert queue(planner, demo_event.key, {"time_limit_s": -1}).status_code == 422
    unknown = queue(planner, demo_event.key, {"time_limit": 5})
    assert unknown.status_code == 422 and unknown.json()["details"][0]["path"] == "time_limit"
    assert not SolveJob.objects.exists()


def test_an_unknown_event_or_job_is_404(db, planner):
    response = queue(planner, "no-such-event", {"time_limit_s": 2})
    assert response.status_code == 404 and response.json()["code"] == "not_found"
    assert planner.get("/events/no-such-event/solves").status_code == 404
    assert planner.get("/solves/999").status_code == 404
    assert planner.post("/solves/999/cancel").status_code == 404


def test_viewers_read_jobs_but_cannot_start_or_cancel_them(demo_event, planner, viewer):
    job = queue(planner, demo_event.key, {"time_limit_s": 2}).json()
    assert queue(viewer, demo_event.key, {"time_limit_s": 2}).status_code == 403
    assert viewer.post(f"/solves/{job['id']}/cancel").status_code == 403
    assert viewer.get(f"/solves/{job['id']}").json()["status"] == "queued"
    assert viewer.get(f"/events/{demo_event.key}/solves").json()["count"] == 1


def test_jobs_are_listed_newest_first_and_paginated(demo_event, planner):
    ids = [queue(planner, demo_event.key, {"time_limit_s": 2}).json()["id"] for _ in range(3)]
    listed = planner.get(f"/events/{demo_event.key}/solves").json()
    assert listed["count"] == 3
    assert [j["id"] for j in listed["items"]] == ids[::-1]
    page = planner.get(f"/events/{demo_event.key}/solves?limit=1&offset=1").json()
    assert [j["id"] for j in page["items"]] == [ids[1]]


def test_cancelling_a_queued_job_cancels_it_at_once_and_twice_is_a_conflict(demo_event, planner):
    job = queue(planner, demo_event.key, {"time_limit_s": 2}).json()
    response = planner.post(f"/solves/{job['id']}/cancel")
    assert response.status_code == 202
    cancelled = response.json()
    assert (cancelled["status"], cancelled["cancel_requested"]) == ("cancelled", True)
    assert cancelled["finished_at"] and cancelled["plan"] is None
    again = planner.post(f"/solves/{job['id']}/cancel")
    assert again.status_code == 409
    assert again.json()["code"] == "conflict"
    assert "already finished (cancelled)" in again.json()["message"]


def test_cancelling_a_running_job_asks_its_worker_to_stop(demo_event, planner):
    job = queue(planner, demo_event.key, {"time_limit_s": 2}).json()
    now = timezone.now()
    SolveJob.objects.filter(pk=job["id"]).update(
        status=JobStatus.RUNNING, started_at=now, heartbeat_at=now
    )
    response = planner.post(f"/solves/{job['id']}/cancel")
    assert response.status_code == 202
    assert (response.json()["status"], response.json()["cancel_requested"]) == ("running", True)


@pytest.mark.parametrize("silent_for_s", [31, 600])
def test_a_running_job_whose_heartbeat_stopped_reads_as_failed(demo_event, planner, silent_for_s):
    job = queue(planner, demo_event.key, {"time_limit_s": 2}).json()
    then = timezone.now() - dt.timedelta(seconds=silent_for_s)
    SolveJob.objects.filter(pk=job["id"]).update(
        status=JobStatus.RUNNING, started_at=then, heartbeat_at=then
    )
    body = planner.get(f"/solves/{job['id']}").json()
    assert body["status"] == "failed"
    assert body["error"].startswith("the worker stopped answering: no heartbeat for more than 30 s")
    assert body["finished_at"]
    listed = planner.get(f"/events/{demo_event.key}/solves").json()["items"]
    assert listed[0]["status"] == "failed"
    assert planner.post(f"/solves/{job['id']}/cancel").status_code == 409


def test_a_fresh_heartbeat_or_a_job_still_queued_is_left_alone(demo_event, planner, settings):
    settings.KENGAKU_JOB_HEARTBEAT_TIMEOUT_S = 5
    queued = queue(planner, demo_event.key, {"time_limit_s": 2}).json()
    running = queue(planner, demo_event.key, {"time_limit_s": 2}).json()
    SolveJob.objects.filter(pk=queued["id"]).update(
        created_at=timezone.now() - dt.timedelta(hours=1)
    )
    now = timezone.now()
    SolveJob.objects.filter(pk=running["id"]).update(
        status=JobStatus.RUNNING, started_at=now - dt.timedelta(hours=1), heartbeat_at=now
    )
    assert planner.get(f"/solves/{queued['id']}").json()["status"] == "queued"
    body = planner.get(f"/solves/{running['id']}").json()
    assert body["status"] == "running" and body["elapsed_seconds"] >= 3600


def test_a_solve_that_cannot_be_queued_fails_its_job_with_the_reason(
    demo_event, planner, settings, django_capture_on_commit_callbacks
):
    settings.KENGAKU_SOLVE_QUEUE = "no-such-queue"
    with django_capture_on_commit_callbacks(execute=True):
        response = queue(planner, demo_event.key, {"time_limit_s": 2})
    assert response.status_code == 202
    job = planner.get(f"/solves/{response.json()['id']}").json()
    assert job["status"] == "failed"
    assert job["error"].startswith("the solve could not be queued: ")
    assert "no-such-queue" in job["error"]
    assert not DBTaskResult.objects.exists()
