"""A stable calendar key for each delegate. Pure.

A member's calendar (its feed link, its invitations) is keyed `<delegation>.<name slug>`, not by
position: when someone earlier in the list leaves, the others keep their keys, so a link never
opens the day of someone else, and invitations follow the person. Members keep their database
rows by name too (delegations.kinds). Delegation keys hold no ".", so the key splits back. A
name with nothing to slug (Thai, Japanese) is keyed by a hash of the name; two members with the
same slug get "-2", "-3" in list order.
"""

import hashlib
import re
import unicodedata

SEPARATOR = "."


def member_keys(delegation: dict) -> list[tuple[str, dict]]:
    """(person key, member) for each member of a kengaku.scenario/1 delegation, in order."""
    taken: set[str] = set()
    found = []
    for member in delegation.get("members", []):
        base = _slug(member["name"])
        slug, n = base, 1
        while slug in taken:
            n += 1
            slug = f"{base}-{n}"
        taken.add(slug)
        found.append((f"{delegation['key']}{SEPARATOR}{slug}", member))
    return found


def member_delegation(person: str) -> str:
    """The delegation key of a member's calendar key."""
    return person.partition(SEPARATOR)[0]


def _slug(name: str) -> str:
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")[:40].strip("-")
    return slug or "m" + hashlib.sha256(name.encode()).hexdigest()[:8]
