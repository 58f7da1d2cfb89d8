"""Routes: explain."""

from ninja import Router


def add_explain_routes(router: Router) -> None:
    """Adds the explain routes to the tours router."""
