"""Routes: feeds."""

from ninja import Router


def add_feeds_routes(router: Router) -> None:
    """Adds the feeds routes to the tours router."""
