"""Routes: plans."""

from ninja import Router


def add_plans_routes(router: Router) -> None:
    """Adds the plans routes to the tours router."""
