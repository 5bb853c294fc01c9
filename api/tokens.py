"""Personal API keys: creation (the raw key is returned once), lookup by hash, revocation.

The profile page (accounts) lists `user.api_tokens.all()` and calls these services; the API authenticates
with `find_active_token`."""

import hashlib
import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from api.models import ApiToken

KEY_PREFIX = "apilos_"
# Refresh "last used" at most once a minute per key: one UPDATE per request would be wasteful.
LAST_USED_GRANULARITY_SECONDS = 60
MAX_ACTIVE_TOKENS_PER_USER = 20


def hash_key(raw_key: str) -> str:
    return hashlib.sha256(raw_key.encode()).hexdigest()


def looks_like_api_key(raw_key: str) -> bool:
    return raw_key.startswith(KEY_PREFIX)


@transaction.atomic
def api_token_create(*, user, name: str) -> tuple[ApiToken, str]:
    """Create a key for `user`; returns (token, raw_key). The raw key is never stored: show it once."""
    name = (name or "").strip()
    if not name:
        raise ValidationError({"nom": "Donnez un nom à la clé pour la reconnaître plus tard."})
    if len(name) > 100:
        raise ValidationError({"nom": "Le nom de la clé ne peut pas dépasser 100 caractères."})
    if not user.is_active:
        raise PermissionDenied("Un compte désactivé ne peut pas créer de clé d'API.")
    if ApiToken.objects.filter(user=user).active().count() >= MAX_ACTIVE_TOKENS_PER_USER:
        raise ValidationError(
            {"nom": f"Vous avez déjà {MAX_ACTIVE_TOKENS_PER_USER} clés actives : révoquez-en une d'abord."}
        )
    raw_key = KEY_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=user, nom=name, prefixe=raw_key[:12], empreinte=hash_key(raw_key))
    return token, raw_key


def api_token_revoke(*, token: ApiToken, user) -> ApiToken:
    """Revoke a key. Its owner may revoke it (and a superuser, e.g. after a leak)."""
    if token.user_id != user.pk and not user.is_superuser:
        raise PermissionDenied("Vous ne pouvez révoquer que vos propres clés d'API.")
    token.revoke()
    return token


def find_active_token(raw_key: str) -> ApiToken | None:
    token = (
        ApiToken.objects.active()
        .select_related("user")
        .filter(empreinte=hash_key(raw_key), user__is_active=True)
        .first()
    )
    if token is not None:
        now = timezone.now()
        last = token.derniere_utilisation_le
        if last is None or (now - last).total_seconds() >= LAST_USED_GRANULARITY_SECONDS:
            ApiToken.objects.filter(pk=token.pk).update(derniere_utilisation_le=now)
            token.derniere_utilisation_le = now
    return token
