"""Scenario `pins` as plain dicts: what makes two pins the same, and their canonical order."""

PIN_ORDER = ("delegation_bus", "interpreter_bus", "visit_bus", "visit_time")
PIN_FIELDS = ("kind", "bus", "delegation", "interpreter", "facility", "start")


def pin_identity(pin: dict) -> tuple:
    """What makes two pins the same pin (a set: a pin is kept once)."""
    return tuple(_hashable(pin.get(name)) for name in PIN_FIELDS)


def _hashable(value: object) -> str:
    return "" if value is None else value if isinstance(value, str) else repr(value)


def pin_sort_key(pin: dict) -> tuple:
    """Pins are a set; export lists them by kind (in PIN_ORDER), then bus, subject and time."""
    kind = pin.get("kind")
    rank = PIN_ORDER.index(kind) if kind in PIN_ORDER else len(PIN_ORDER)
    return (rank, *pin_identity(pin)[1:])
