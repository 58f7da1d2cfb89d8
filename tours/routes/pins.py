"""Routes: pins."""

from ninja import Router


def add_pins_routes(router: Router) -> None:
    """Adds the pins routes to the tours router."""
