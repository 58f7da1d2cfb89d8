"""CSV for planners who work in Excel: one sheet per entity kind, round-tripping exactly.

Columns are the kengaku.scenario/1 field names of the kind, in the schema's order (or the
kind's `csv_columns`, when set), so the sheet and the JSON contract share names, and so do
error paths (`row 4, column pickup`). Cell encodings are read off the schema's field types,
not listed per kind, so a field added to a schema gets a column without touching this module:

- lists of words (themes, languages, must_visit, ...): `waste;energy`;
- time spans: `09:30-12:00`, and lists of them (windows): `09:30-12:00;13:30-16:30`;
- name -> whole number maps (interests, theme_interests): `tsurumi-plant:5;kawai-water:3`;
- nested objects (host, driver): one dotted column per field, `host.name`, `host.email`;
- lists of objects (delegation members): compact JSON text. `Name (Role) <email>` items would
  read better but lose dietary and mobility needs; people are meant to be edited in a members
  sheet of their own (not built yet), this column only carries them through a round trip;
- booleans: `true`/`false` (yes/no/1/0 in any case are accepted on the way in);
- absent values: an empty cell. On the way in an empty cell omits the field, so the schema's
  default applies; an uploaded row replaces the whole object (an empty members cell clears them).

The export starts with a UTF-8 byte order mark: without it Excel reads UTF-8 as the system code
page and garbles Japanese names. Uploads must be UTF-8 (with or without the mark): Excel's
default "CSV" on a Japanese Windows is Shift_JIS, which is refused with a message saying how to
save it instead. Times that Excel shortened to `8:30` are padded back to `08:30`.

Only the file's shape is checked here (columns, cell encodings); the schema and the reference
checks in `delegations.services.entities.entity_import` then report field problems per row.
"""

import csv
import io
import json
import re
import types
from dataclasses import dataclass
from functools import cache
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel

from delegations.entities import EntityKind
from delegations.errors import Problem, ValidationFailed
from delegations.schema_types import TimeOfDay

BOM = "\ufeff"
WHAT = "the CSV"
NOT_UTF8 = "the file is not UTF-8 text: save it as 'CSV UTF-8' in Excel"
TRUE, FALSE = {"true", "yes", "1"}, {"false", "no", "0"}
_SPAN = re.compile(r"^(\d{1,2}:\d{2})\s*[-–~〜～]\s*(\d{1,2}:\d{2})$")
_SHORT_TIME = re.compile(r"^\d:\d{2}$")
_WHOLE = re.compile(r"^[-+]?\d+$")


class CellError(ValueError):
    """A cell whose text does not follow its column's encoding (the message quotes it)."""


@dataclass(frozen=True)
class Column:
    name: str  # header text: "windows", "host.email"
    field: str  # scenario field: "host"
    sub: str | None  # field inside a nested object: "email"
    shape: str  # how the cell is encoded, see _shape()


def _strip_optional(annotation: Any) -> Any:
    if get_origin(annotation) in (Union, types.UnionType):
        args = [a for a in get_args(annotation) if a is not type(None)]
        return args[0] if len(args) == 1 else annotation
    return annotation


def _shape(annotation: Any) -> str:
    """The cell encoding of a field type: text, time, int, float, bool, list, span, ..."""
    base = _strip_optional(annotation)
    if base == TimeOfDay:
        return "time"
    if get_origin(base) is Annotated:
        base = get_args(base)[0]
    origin = get_origin(base)
    if origin is list:
        item = _strip_optional(get_args(base)[0])
        if get_origin(item) is tuple:
            return "spans"
        return "json" if isinstance(item, type) and issubclass(item, BaseModel) else "list"
    if origin is tuple:
        return "span"
    if origin is dict:
        return "counts"
    if isinstance(base, type) and issubclass(base, BaseModel):
        return "object"
    return {bool: "bool", int: "int", float: "float"}.get(base, "text")


@cache
def columns(schema: type[BaseModel], order: tuple[str, ...] = ()) -> tuple[Column, ...]:
    """The sheet's columns: each schema field, nested objects spread over dotted columns."""
    result = []
    for name in order or tuple(schema.model_fields):
        annotation = schema.model_fields[name].annotation
        if _shape(annotation) != "object":
            result.append(Column(name, name, None, _shape(annotation)))
            continue
        nested = _strip_optional(annotation)
        for sub, info in nested.model_fields.items():
            result.append(Column(f"{name}.{sub}", name, sub, _shape(info.annotation)))
    return tuple(result)


def _columns_of(kind: EntityKind) -> tuple[Column, ...]:
    return columns(kind.schema, tuple(kind.csv_columns))


# -- export -------------------------------------------------------------------------------


def _span_text(span) -> str:
    return f"{span[0]}-{span[1]}"


def _json_text(items: list[dict]) -> str:
    compact = [{k: v for k, v in item.items() if v is not None} for item in items]
    return json.dumps(compact, ensure_ascii=False, separators=(",", ":")) if compact else ""


_ENCODE = {
    "bool": lambda v: "true" if v else "false",
    "list": lambda v: ";".join(str(x) for x in v),
    "span": _span_text,
    "spans": lambda v: ";".join(_span_text(s) for s in v),
    "counts": lambda v: ";".join(f"{k}:{n}" for k, n in v.items()),
    "json": _json_text,
}


def _cell(column: Column, doc: dict) -> str:
    value = doc.get(column.field)
    if column.sub is not None:
        value = value.get(column.sub) if isinstance(value, dict) else None
    if value is None:
        return ""
    return _ENCODE.get(column.shape, str)(value)


def csv_export(kind: EntityKind, docs: list[dict]) -> str:
    """Scenario objects as CSV text: BOM first, CRLF line ends, one row per object."""
    cols = _columns_of(kind)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([c.name for c in cols])
    for doc in docs:
        writer.writerow([_cell(c, doc) for c in cols])
    return BOM + out.getvalue()


# -- import -------------------------------------------------------------------------------


def _time(text: str) -> str:
    return f"0{text}" if _SHORT_TIME.match(text) else text


def _span(text: str) -> list[str]:
    match = _SPAN.match(text.strip())
    if not match:
        raise CellError(f"{text.strip()!r} is not a time span like 09:30-12:00")
    return [_time(match.group(1)), _time(match.group(2))]


def _items(text: str) -> list[str]:
    return [part.strip() for part in text.split(";") if part.strip()]


def _counts(text: str) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for item in _items(text):
        name, colon, number = item.rpartition(":")
        name, number = name.strip(), number.strip()
        if not colon or not name:
            raise CellError(f"{item!r} is not name:number (e.g. tsurumi-plant:5)")
        if not _WHOLE.match(number):
            raise CellError(f"{number!r} for {name!r} is not a whole number (in {item!r})")
        if name in result:
            raise CellError(f"{name!r} is listed twice")
        result[name] = int(number)
    return result


def _json_list(text: str) -> list:
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise CellError(f"not valid JSON ({exc.msg} at character {exc.pos}): {text!r}") from None
    if not isinstance(value, list):
        raise CellError(f'must be a JSON list like [{{"name": "..."}}], got {text!r}')
    return value


def _float(text: str) -> Any:
    """Numbers are converted when they are numbers; anything else is left for the schema
    to reject, so its message ("must be a valid number (got 'ten')") names the column."""
    try:
        return float(text.strip())
    except ValueError:
        return text


def _int(text: str) -> Any:
    return int(text.strip()) if _WHOLE.match(text.strip()) else text


def _bool(text: str) -> Any:
    word = text.strip().casefold()
    return True if word in TRUE else False if word in FALSE else text


_DECODE = {
    "text": lambda t: t,
    "time": lambda t: _time(t.strip()),
    "int": _int,
    "float": _float,
    "bool": _bool,
    "list": _items,
    "span": _span,
    "spans": lambda t: [_span(part) for part in _items(t)],
    "counts": _counts,
    "json": _json_list,
}


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationFailed([Problem("", NOT_UTF8)], WHAT) from None


def _records(text: str) -> list[list[str]]:
    """Parsed rows; the delimiter (`,`, `;` or tab, as Excel writes them by locale) is
    guessed from the header line alone, where no quoted text can mislead the guess."""
    header = text.split("\n", 1)[0]
    try:
        dialect = csv.Sniffer().sniff(header, delimiters=",;\t")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    try:
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise ValidationFailed([Problem("", f"not readable as CSV: {exc}")], WHAT) from None


def _header(kind: EntityKind, names: list[str]) -> list[Column | None]:
    """The column of each header cell (None for unnamed ones), or every header problem."""
    known = {c.name: c for c in _columns_of(kind)}
    listing = f"(columns for {kind.name}: {', '.join(known)})"
    problems, result, seen = [], [], set()
    for name in (n.strip() for n in names):
        if not name:
            result.append(None)
            continue
        if name not in known:
            problems.append(Problem("header", f"unknown column {name!r} {listing}"))
        elif name in seen:
            problems.append(Problem("header", f"column {name!r} appears twice"))
        seen.add(name)
        result.append(known.get(name))
    present = {c.field for c in result if c is not None}
    for name, info in kind.schema.model_fields.items():
        if info.is_required() and name not in present:
            problems.append(Problem("header", f"required column {name!r} is missing"))
    if problems:
        raise ValidationFailed(problems, WHAT)
    return result


def _row(cols: list[Column | None], cells: list[str], n: int) -> tuple[dict, list[Problem]]:
    """One data row in the scenario shape, and what was wrong with its cells."""
    item: dict[str, Any] = {}
    problems = []
    for i, text in enumerate(cells):
        col = cols[i] if i < len(cols) else None
        if not text.strip():
            continue
        if col is None:
            message = f"a value in column {i + 1}, which has no name in the header: {text!r}"
            problems.append(Problem(f"row {n}", message))
            continue
        try:
            value = _DECODE[col.shape](text)
        except CellError as exc:
            problems.append(Problem(f"row {n}, column {col.name}", str(exc)))
            continue
        if value in ([], {}):
            continue
        if col.sub is None:
            item[col.field] = value
        else:
            item.setdefault(col.field, {})[col.sub] = value
    return item, problems


def csv_rows(kind: EntityKind, data: bytes) -> list[tuple[str, dict]]:
    """Uploaded CSV bytes as `(f"row {n}", item)` pairs for `entity_import`.

    `n` is the spreadsheet row number (the header is row 1) so that a planner can go straight
    to it; blank rows are skipped but still counted. Every problem in the file is reported at
    once, in one ValidationFailed, and nothing is returned (so nothing is written) if any.
    """
    records = _records(_decode(data))
    if not records or not any(cell.strip() for cell in records[0]):
        message = f"the file is empty: row 1 must name the columns of the {kind.name}"
        raise ValidationFailed([Problem("", message)], WHAT)
    cols = _header(kind, records[0])
    rows, problems = [], []
    for n, cells in enumerate(records[1:], start=2):
        if not any(cell.strip() for cell in cells):
            continue
        item, row_problems = _row(cols, cells, n)
        rows.append((f"row {n}", item))
        problems += row_problems
    if not rows and not problems:
        problems.append(Problem("", f"no {kind.name} in the file: only a header row"))
    if problems:
        raise ValidationFailed(problems, WHAT)
    return rows
