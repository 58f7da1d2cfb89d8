"""Field validators shared by models and schemas (one definition of what a key or a language is)."""

import re

from django.core.validators import RegexValidator

KEY_PATTERN = r"^[a-z0-9-]{1,64}$"
KEY_RE = re.compile(KEY_PATTERN)
LANGUAGE_RE = re.compile(r"^[a-z]{2,3}(-[a-z0-9]{2,8})*$")

key_validator = RegexValidator(
    KEY_PATTERN, "A key is 1 to 64 lowercase letters, digits and '-'.", code="invalid_key"
)


def check_key(value: str) -> str:
    if not isinstance(value, str) or not KEY_RE.match(value):
        raise ValueError(f"invalid key {value!r}: use 1 to 64 lowercase letters, digits and '-'")
    return value


def check_language(value: str) -> str:
    if not isinstance(value, str) or not LANGUAGE_RE.match(value):
        raise ValueError(f"invalid language code {value!r}: use a lowercase ISO 639 code like 'th'")
    return value
