"""Routes: solves."""

from ninja import Router


def add_solves_routes(router: Router) -> None:
    """Adds the solves routes to the tours router."""
