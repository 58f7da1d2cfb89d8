"""Routes: background solves. Starting one answers 202 at once; the job is then polled."""

from django.http import HttpRequest, HttpResponse
from ninja import Router, Status
from ninja.pagination import LimitOffsetPagination, paginate

from tours.schemas_solves import SolveIn, SolveJobOut
from tours.selectors.solves import solve_job_get, solve_job_list
from tours.services.solves import solve_job_cancel, solve_job_create


def add_solves_routes(router: Router) -> None:
    """Adds the solves routes to the tours router."""

    @router.post("/events/{event}/solves", response={202: SolveJobOut}, tags=["solves"])
    def create_solve(request: HttpRequest, response: HttpResponse, event: str, payload: SolveIn):
        """Queue a solve of the event; poll the job at `url` (also the Location header)."""
        options = {"replan": payload.replan} if payload.replan is not None else {}
        job = solve_job_create(event_key=event, time_limit_s=payload.time_limit_s,
                               seed=payload.seed, workers=payload.workers, options=options,
                               user=request.auth)  # fmt: skip
        response["Location"] = SolveJobOut.resolve_url(job, {"request": request})
        return Status(202, job)

    @router.get("/events/{event}/solves", response=list[SolveJobOut], tags=["solves"])
    @paginate(LimitOffsetPagination)
    def list_solves(request: HttpRequest, event: str):
        """The event's solve jobs, newest first."""
        return solve_job_list(event_key=event)

    @router.get(
        "/solves/{job_id}", response=SolveJobOut, tags=["solves"], url_name="solve_job_read"
    )
    def read_solve(request: HttpRequest, job_id: int):
        """Status, run time, best score so far, bound and gap (written every second or so)."""
        return solve_job_get(job_id=job_id)

    @router.post("/solves/{job_id}/cancel", response={202: SolveJobOut}, tags=["solves"])
    def cancel_solve(request: HttpRequest, job_id: int):
        """Stop the solve; it keeps and stores the best plan found so far (409 once finished)."""
        return Status(202, solve_job_cancel(job_id=job_id))
