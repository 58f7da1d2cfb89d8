"""Routes: personal feed links (list, issue, rotate, revoke) and the interpreters' report."""

from django.http import HttpRequest
from ninja import Router, Status

from tours.schemas_feeds import FeedLinkIssued, FeedLinkOut, InterpreterReportOut
from tours.selectors.feeds import feed_links
from tours.selectors.interpreters import interpreter_report
from tours.services.feeds import feed_link_revoke, feed_link_rotate, feed_links_issue


def _with_urls(request: HttpRequest, link: dict) -> dict:
    page = request.build_absolute_uri(f"/feeds/{link['token']}")
    return {**link, "page_url": page, "calendar_url": f"{page}.ics"}


def add_feeds_routes(router: Router) -> None:
    """Adds the feeds routes to the tours router."""

    @router.get("/events/{event}/feeds", response=list[FeedLinkOut], tags=["feeds"])
    def list_feed_links(request: HttpRequest, event: str):
        """Every link, active and revoked, told apart by `prefix`; tokens are never shown again."""
        return feed_links(event_key=event)

    @router.post("/events/{event}/feeds", response={201: list[FeedLinkIssued]}, tags=["feeds"])
    def issue_feed_links(request: HttpRequest, event: str):
        """A link for everyone in the published plan who has no active one. The tokens and
        their URLs are in this answer only: hand them out now. 404 when nothing is published."""
        return Status(
            201, [_with_urls(request, link) for link in feed_links_issue(event_key=event)]
        )

    @router.post("/feeds/{token_id}/rotate", response={201: FeedLinkIssued}, tags=["feeds"])
    def rotate_feed_link(request: HttpRequest, token_id: int):
        """Revoke the link and issue a new one for the same person (shown once)."""
        return Status(201, _with_urls(request, feed_link_rotate(token_id=token_id)))

    @router.delete("/feeds/{token_id}", response={204: None}, tags=["feeds"])
    def revoke_feed_link(request: HttpRequest, token_id: int):
        feed_link_revoke(token_id=token_id)
        return Status(204, None)

    @router.get("/events/{event}/interpreter-report", response=InterpreterReportOut, tags=["feeds"])
    def read_interpreter_report(request: HttpRequest, event: str):
        """Every interpreter's bus, languages against the bus's delegations, confirmation of the
        publication in force, and problems from data changed since publishing."""
        return interpreter_report(event_key=event)
