"""Typed domain errors shared by both apps.

Services and selectors raise these; `project/api.py` maps each to an HTTP status and the one
error body `{"code", "message", "details"}`. They carry no HTTP knowledge themselves.
"""

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, located by a path such as `delegations[3].pickup`."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message

    def as_dict(self) -> dict:
        return {"path": self.path, "message": self.message}


class DomainError(Exception):
    code = "error"

    def __init__(self, message: str, details: list | dict | None = None, *, code: str = ""):
        super().__init__(message)
        self.message = message
        self.details = details if details is not None else []
        if code:
            self.code = code  # a more precise reason than the class's, e.g. "plan_stale"


class NotFound(DomainError):
    code = "not_found"


class Forbidden(DomainError):
    code = "forbidden"


class Conflict(DomainError):
    code = "conflict"


class PreconditionFailed(DomainError):
    """The client's precondition (If-Match, `version`, `expected_sequence`) no longer holds:
    someone else wrote first. The client reloads and tries again."""

    code = "precondition_failed"


class PayloadTooLarge(DomainError):
    code = "payload_too_large"


class BadRequest(DomainError):
    code = "bad_request"


class ValidationFailed(DomainError):
    """Every problem found, not just the first: planners fix a whole file in one go."""

    code = "validation_error"

    def __init__(self, problems: list[Problem], what: str = "the input"):
        self.problems = list(problems)
        count = len(self.problems)
        head = "; ".join(str(p) for p in self.problems[:5])
        more = f" (and {count - 5} more)" if count > 5 else ""
        noun = "problem" if count == 1 else "problems"
        super().__init__(
            f"{count} {noun} in {what}: {head}{more}", [p.as_dict() for p in self.problems]
        )


def pydantic_problems(errors: list[dict], strip: int = 0) -> list[Problem]:
    """Pydantic error dicts as Problems with `a[3].b` paths; `strip` drops leading loc parts."""
    problems = []
    for error in errors:
        base = format_path(list(error.get("loc", ()))[strip:])
        for line in _clean_message(error).split("\n"):
            field = _FIELD_PREFIX.match(line)
            if field:
                path = f"{base}.{field.group(1)}" if base else field.group(1)
                problems.append(Problem(path=path, message=field.group(2)))
            else:
                problems.append(Problem(path=base, message=line))
    return problems


# Model-level validators report "field: message" lines; the field joins the path.
_FIELD_PREFIX = re.compile(r"^([a-z_]+(?:\[\d+\])?): (.+)$", re.DOTALL)


def format_path(loc: list) -> str:
    path = ""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        elif part in ("__root__",):
            continue
        else:
            path += f".{part}" if path else str(part)
    return path


def _clean_message(error: dict) -> str:
    message = str(error.get("msg", "invalid value"))
    for prefix in ("Value error, ", "Assertion failed, "):
        if message.startswith(prefix):
            message = message[len(prefix) :]
    if message.startswith("Input should be "):
        message = f"must be {message[len('Input should be ') :]}"
        if "input" in error and not isinstance(error["input"], dict | list):
            message += f" (got {error['input']!r})"
    elif message.startswith("String should "):
        message = f"must {message[len('String should ') :]}"
    if error.get("type") == "extra_forbidden":
        message = "unknown field (not part of kengaku.scenario/1)"
    elif error.get("type") == "missing":
        message = "required field is missing"
    return message
