"""The JWT that signs each outbound call (reference §16.3.1): same claims as the inbound ones."""

import time
import uuid

import jwt
from django.conf import settings

TOKEN_LIFETIME_SECONDS = 300


def build_jwt(*, login: str, habilitation_id: int = 0, key: str | None = None, algorithm: str | None = None) -> str:
    now = int(time.time())  # UTC epoch, whatever the server's time zone
    claims = {
        "token_type": "access",
        "iat": now,
        "exp": now + TOKEN_LIFETIME_SECONDS,
        "jti": uuid.uuid4().hex,
        "user-login": login,
    }
    if habilitation_id:
        claims["habilitation-id"] = habilitation_id
    return jwt.encode(
        claims,
        key or settings.SIAP_CLIENT_JWT_SIGN_KEY,
        algorithm=algorithm or settings.SIAP_CLIENT_ALGORITHM,
    )
