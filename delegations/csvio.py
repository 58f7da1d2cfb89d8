"""CSV for planners who work in Excel (placeholder until the CSV work lands)."""

from delegations.entities import EntityKind


def csv_export(kind: EntityKind, docs: list[dict]) -> str:
    raise NotImplementedError


def csv_rows(kind: EntityKind, data: bytes) -> list[tuple[str, dict]]:
    raise NotImplementedError
