"""The delegation and interpreter entity kinds (see delegations.entities)."""

from delegations.entities import EntityKind
from delegations.errors import Problem
from delegations.models import Delegation, DelegationInterest, Interpreter, Member
from delegations.references import delegation_reference_problems
from delegations.rows import (
    DELEGATION_PREFETCH,
    delegation_doc,
    delegation_links,
    delegation_values,
    interpreter_doc,
    interpreter_values,
)
from delegations.schemas import DelegationIn, InterpreterIn
from delegations.scope import EventScope


def _delegation_references(item: dict, scope: EventScope, new_keys: set[str]) -> list[Problem]:
    return delegation_reference_problems(
        item, "", set(scope.places), set(scope.facilities), set(scope.delegations) | new_keys
    )


def _delegation_write_links(item: DelegationIn, row: Delegation, scope: EventScope) -> None:
    """Replace the delegation's relations; members keep their rows (and identity) by name."""
    links = delegation_links(item, row, scope.facilities, scope.delegations)
    DelegationInterest.objects.filter(delegation=row).delete()
    DelegationInterest.objects.bulk_create(links["interests"])
    for name in ("must_visit", "avoid", "together_with"):
        getattr(row, name).set([getattr(link, _target(name)) for link in links[name]])
    existing = {m.name: m for m in Member.objects.filter(delegation=row)}
    keep = []
    for member in links["members"]:
        old = existing.pop(member.name, None)
        if old is not None:
            member.pk = old.pk
        member.save()
        keep.append(member.pk)
    Member.objects.filter(delegation=row).exclude(pk__in=keep).delete()


def _target(name: str) -> str:
    return "to_delegation" if name == "together_with" else "facility"


def _delegation_values(item: DelegationIn, scope: EventScope) -> dict:
    return delegation_values(item, scope.clock, scope.places)


def _delegation_queryset(event):
    rows = Delegation.objects.filter(event=event).select_related("pickup", "dropoff")
    return rows.prefetch_related(*DELEGATION_PREFETCH)


DELEGATIONS = EntityKind(
    name="delegations",
    noun="delegation",
    model=Delegation,
    schema=DelegationIn,
    values=_delegation_values,
    doc=delegation_doc,
    queryset=_delegation_queryset,
    links=_delegation_write_links,
    references=_delegation_references,
)

INTERPRETERS = EntityKind(
    name="interpreters",
    noun="interpreter",
    model=Interpreter,
    schema=InterpreterIn,
    values=lambda item, scope: interpreter_values(item, scope.clock),
    doc=interpreter_doc,
    queryset=lambda event: Interpreter.objects.filter(event=event),
)
