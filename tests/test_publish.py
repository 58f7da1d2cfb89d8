"""Publishing: one plan in force per event, refused when stale or invalid, serialised so that two
publishers can never both write the same publication (on SQLite and on PostgreSQL)."""

import threading
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connections

from delegations.errors import Conflict, PreconditionFailed
from tests.test_plan_versions import make_plan
from tours.models import Publication
from tours.services import publication as publication_service
from tours.services.publication import plan_publish

EVENT = "ascc-2025-tour"


@pytest.mark.django_db
def test_publish_puts_the_plan_in_force(planner, demo_event):
    assert planner.get(f"/events/{EVENT}/publication").status_code == 404
    plan = make_plan(demo_event)
    response = planner.post(f"/plans/{plan.pk}/publish")
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["event"], body["sequence"], body["plan"], body["in_force"]) == (
        EVENT,
        1,
        plan.pk,
        True,
    )
    assert body["published_by"] == "planner-pat"
    assert response["ETag"] == '"1"'
    current = planner.get(f"/events/{EVENT}/publication")
    assert current.json() == body and current["ETag"] == '"1"'
    listed = planner.get(f"/events/{EVENT}/plans").json()["items"]
    assert (listed[0]["published"], listed[0]["in_force"]) == (True, True)
    info = planner.get(f"/plans/{plan.pk}/info").json()
    assert [p["sequence"] for p in info["publications"]] == [1] and info["in_force"]


@pytest.mark.django_db
def test_a_later_publication_replaces_it_and_history_is_kept(planner, demo_event):
    first, second = make_plan(demo_event), make_plan(demo_event)
    assert planner.post(f"/plans/{first.pk}/publish").status_code == 201
    again = planner.post(f"/plans/{first.pk}/publish")
    assert (again.status_code, again.json()["code"]) == (409, "plan_already_published")
    response = planner.post(f"/plans/{second.pk}/publish", HTTP_IF_MATCH='"1"')
    assert response.status_code == 201, response.content
    assert response.json()["sequence"] == 2
    assert planner.get(f"/events/{EVENT}/publication").json()["plan"] == second.pk
    rows = Publication.objects.filter(event=demo_event).order_by("sequence")
    assert [(p.sequence, p.plan_id) for p in rows] == [(1, first.pk), (2, second.pk)]
    old = planner.get(f"/plans/{first.pk}/info").json()
    assert old["publications"][0]["in_force"] is False and old["in_force"] is False


@pytest.mark.django_db
def test_publishing_a_stale_plan_is_refused_with_what_changed(planner, demo_event):
    plan = make_plan(demo_event)
    assert planner.patch(f"/events/{EVENT}/delegations/bangkok", {"size": 7}).status_code == 200
    response = planner.post(f"/plans/{plan.pk}/publish")
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "plan_stale"
    assert "stale" in body["message"]
    assert body["details"] == [{"path": "scenario", "message": "delegation 'bangkok': size 6 → 7"}]
    assert not Publication.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fields", "code"),
    [({"status": "infeasible"}, "plan_infeasible"), ({"checker_violations": 2}, "plan_invalid")],
)
def test_publishing_an_infeasible_or_invalid_plan_is_refused(planner, demo_event, fields, code):
    plan = make_plan(demo_event, **fields)
    response = planner.post(f"/plans/{plan.pk}/publish")
    assert (response.status_code, response.json()["code"]) == (409, code)
    assert not Publication.objects.exists()


@pytest.mark.django_db
def test_a_stale_expected_sequence_is_412(planner, demo_event):
    first, second = make_plan(demo_event), make_plan(demo_event)
    assert planner.post(f"/plans/{first.pk}/publish", HTTP_IF_MATCH='"0"').status_code == 201
    for kwargs in ({"HTTP_IF_MATCH": '"0"'}, {"body": {"expected_sequence": 0}}):
        response = planner.post(f"/plans/{second.pk}/publish", **kwargs)
        assert response.status_code == 412, response.content
        body = response.json()
        assert body["code"] == "publication_sequence_mismatch"
        assert "publication 1, not 0" in body["message"]
    mixed = planner.post(
        f"/plans/{second.pk}/publish", {"expected_sequence": 1}, HTTP_IF_MATCH='"0"'
    )
    assert mixed.status_code == 400
    wrong = planner.post(f"/plans/{second.pk}/publish", {"expected_sequence": "one"})
    assert wrong.status_code == 422
    ok = planner.post(f"/plans/{second.pk}/publish", {"expected_sequence": 1})
    assert ok.status_code == 201 and ok.json()["sequence"] == 2


@pytest.mark.django_db
def test_viewers_cannot_publish(viewer, demo_event):
    plan = make_plan(demo_event)
    assert viewer.post(f"/plans/{plan.pk}/publish").status_code == 403
    assert viewer.get(f"/plans/{plan.pk}/info").status_code == 200
    assert not Publication.objects.exists()


@pytest.mark.django_db
def test_a_sequence_taken_between_read_and_write_is_409_not_500(planner, demo_event, monkeypatch):
    """Without the lock (simulated: the read sees the old sequence), the unique constraint
    still refuses the second n + 1 and the caller gets 409 publication_conflict."""
    first, second = make_plan(demo_event), make_plan(demo_event)
    plan_publish(plan_id=first.pk)
    monkeypatch.setattr(publication_service, "publication_sequence", lambda event: 0)
    response = planner.post(f"/plans/{second.pk}/publish")
    assert (response.status_code, response.json()["code"]) == (409, "publication_conflict")
    assert [(p.sequence, p.plan_id) for p in Publication.objects.all()] == [(1, first.pk)]


@pytest.mark.django_db
def test_manage_plan_publish_publishes_a_valid_plan(demo_event):
    out = StringIO()
    call_command("plan", EVENT, "--time-limit", "2", "--workers", "1", "--publish", stdout=out)
    publication = Publication.objects.get()
    assert publication.sequence == 1
    assert publication.plan.checker_violations == 0
    assert f"published plan {publication.plan_id} as publication 1 of {EVENT}" in out.getvalue()


@pytest.mark.django_db
def test_manage_plan_publish_refuses_an_infeasible_plan(demo_event, monkeypatch):
    from tours.management.commands import plan as command

    infeasible = make_plan(demo_event, status="infeasible")
    monkeypatch.setattr(command, "plan_create", lambda **kwargs: infeasible)
    monkeypatch.setattr(command, "plan_summary", lambda plan: "summary")
    with pytest.raises(CommandError, match="not published: it is infeasible"):
        call_command("plan", EVENT, "--publish", stdout=StringIO())
    assert not Publication.objects.exists()
    call_command("plan", EVENT, stdout=StringIO())  # without --publish: stored, exit 0


def _race(plan_ids: list[int], expected: int | None) -> list[object]:
    """Publish each plan from its own thread (own database connection), all at once."""
    barrier = threading.Barrier(len(plan_ids))
    outcomes: list[object] = [None] * len(plan_ids)

    def publish(i: int) -> None:
        try:
            barrier.wait(timeout=30)
            outcomes[i] = plan_publish(plan_id=plan_ids[i], expected_sequence=expected)
        except Exception as exc:  # a DomainError is expected; anything else fails below
            outcomes[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=publish, args=(i,)) for i in range(len(plan_ids))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return outcomes


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("rounds", [3])
def test_double_publish_race_has_exactly_one_winner(demo_event, rounds):
    """Two publishers of different plans, both expecting the same publication in force:
    exactly one wins each round, the other gets 412 or 409, and no sequence is written twice."""
    for n in range(rounds):
        a, b = make_plan(demo_event), make_plan(demo_event)
        outcomes = _race([a.pk, b.pk], expected=n)
        won = [o for o in outcomes if isinstance(o, Publication)]
        lost = [o for o in outcomes if not isinstance(o, Publication)]
        assert len(won) == 1, outcomes
        assert all(isinstance(o, PreconditionFailed | Conflict) for o in lost), outcomes
        assert lost[0].code in {"publication_sequence_mismatch", "publication_conflict"}
        assert won[0].sequence == n + 1
        rows = Publication.objects.filter(event=demo_event, sequence=n + 1)
        assert [p.plan_id for p in rows] == [won[0].plan_id]
    assert Publication.objects.filter(event=demo_event).count() == rounds


@pytest.mark.django_db(transaction=True)
def test_unconditional_publishers_are_serialised_not_overwritten(demo_event):
    """Without expected_sequence both may win, one after the other: 1 and 2, never 1 twice."""
    plans = [make_plan(demo_event), make_plan(demo_event)]
    outcomes = _race([p.pk for p in plans], expected=None)
    won = [o for o in outcomes if isinstance(o, Publication)]
    lost = [o for o in outcomes if not isinstance(o, Publication)]
    assert all(isinstance(o, Conflict) and o.code == "publication_conflict" for o in lost), lost
    sequences = sorted(p.sequence for p in Publication.objects.filter(event=demo_event))
    assert sequences == list(range(1, len(won) + 1))
    assert len(won) >= 1
