"""API tokens and roles: who may read and who may write.

A role is a Django group ("planner" or "viewer"); superusers are planners. Tokens are random,
shown once, and stored only as their SHA-256, so a leaked database does not leak credentials.
"""

import hashlib
import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from tours.models import ApiToken, Role

TOKEN_PREFIX = "kgk_"


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@transaction.atomic
def user_ensure(*, username: str, role: Role) -> object:
    """Create the user if needed and give them exactly this role."""
    user, _ = get_user_model().objects.get_or_create(username=username)
    groups = {r: Group.objects.get_or_create(name=r.value)[0] for r in Role}
    user.groups.remove(*[g for r, g in groups.items() if r != role])
    user.groups.add(groups[role])
    return user


def token_issue(*, user, label: str = "") -> str:
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    ApiToken.objects.create(user=user, token_hash=_digest(raw), prefix=raw[:12], label=label)
    return raw


def token_authenticate(*, raw: str):
    """The active user behind a token, or None."""
    if not raw or len(raw) > 200:
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(token_hash=_digest(raw), revoked_at__isnull=True)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token.user


def token_revoke(*, raw: str) -> bool:
    return bool(
        ApiToken.objects.filter(token_hash=_digest(raw), revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
    )


def user_role(user) -> Role | None:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    if user.is_superuser:
        return Role.PLANNER
    names = set(user.groups.values_list("name", flat=True))
    if Role.PLANNER.value in names:
        return Role.PLANNER
    if Role.VIEWER.value in names:
        return Role.VIEWER
    return None
