"""The items of a published plan, each under the key that says what makes it "the same item"
across re-plans. Pure: plain dicts in (kengaku.plan/1 and kengaku.scenario/1), no ORM.

Keys are chosen per calendar role, from what that person cares about:
  delegation/<d>/pickup, delegation/<d>/lunch, delegation/<d>/dropoff, delegation/<d>/visit/<f>
      a delegation's (and its members') items do not name the bus: moved to another bus, the
      delegation keeps the UIDs of its visits to the same facilities.
  bus/<b>/<kind>/<place>           the driver's stops (and the planners' master calendar)
  interpreter/<i>/<kind>/<place>   an interpreter's stops, whichever bus they ride
  facility/<f>/<b>                 a host's visit by one bus
A second stop with the same key on the same day gets "#2", "#3", ...
"""

from dataclasses import dataclass, field

ROLES = ("member", "delegation", "interpreter", "bus", "facility", "master")


@dataclass(frozen=True)
class Item:
    key: str
    role: str  # the owning calendar role: delegation, interpreter, bus or facility
    owner: str  # that role's key (delegation, interpreter, bus or facility key)
    kind: str  # pickup, visit, lunch, dropoff
    at: str  # place or facility key
    start: str  # HH:MM local
    end: str
    bus: str
    on_board: tuple[str, ...] = ()  # delegations on the bus during the stop
    board: tuple[str, ...] = ()
    alight: tuple[str, ...] = ()
    interpreters: tuple[str, ...] = field(default=())

    @property
    def fingerprint(self) -> dict:
        """What the item's SEQUENCE follows: its time and its place (and kind, fixed by key)."""
        return {"kind": self.kind, "start": self.start, "end": self.end, "at": self.at}


def plan_items(plan: dict) -> list[Item]:
    """Every item of every role in the plan, keys unique."""
    items: list[Item] = []
    seen: dict[str, int] = {}
    for bus in plan.get("buses", []):
        items.extend(_bus_items(bus, seen))
    return items


def _bus_items(bus: dict, seen: dict[str, int]) -> list[Item]:
    items = []
    riding: list[str] = []
    interpreters = tuple(bus.get("interpreters", []))
    for stop in bus["stops"]:
        riding = [d for d in riding if d not in stop["alight"]] + list(stop["board"])
        on_board = tuple(dict.fromkeys([*riding, *stop["alight"]]))
        base = {
            "kind": stop["kind"],
            "at": stop["at"],
            "start": stop["start"],
            "end": stop["end"],
            "bus": bus["bus"],
            "on_board": on_board,
            "board": tuple(stop["board"]),
            "alight": tuple(stop["alight"]),
            "interpreters": interpreters,
        }
        kind, at, b = stop["kind"], stop["at"], bus["bus"]
        owners = [("bus", b, f"bus/{b}/{kind}/{at}")]
        owners += [("interpreter", i, f"interpreter/{i}/{kind}/{at}") for i in interpreters]
        if kind == "visit":
            owners.append(("facility", at, f"facility/{at}/{b}"))
        for d in _concerned(stop, on_board):
            tail = f"visit/{at}" if kind == "visit" else kind
            owners.append(("delegation", d, f"delegation/{d}/{tail}"))
        for role, owner, key in owners:
            items.append(Item(key=_unique(key, seen), role=role, owner=owner, **base))
    return items


def _concerned(stop: dict, on_board: tuple[str, ...]) -> tuple[str, ...]:
    if stop["kind"] == "pickup":
        return tuple(stop["board"])
    if stop["kind"] == "dropoff":
        return tuple(stop["alight"])
    return on_board


def _unique(key: str, seen: dict[str, int]) -> str:
    seen[key] = seen.get(key, 0) + 1
    return key if seen[key] == 1 else f"{key}#{seen[key]}"


def key_owner(key: str) -> tuple[str, str]:
    """(role, owner) of an item key."""
    role, owner = key.split("/", 2)[:2]
    return role, owner
