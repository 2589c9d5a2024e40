"""Digests of secrets and keys: what Naast stores instead of the secret itself."""

import hashlib
import hmac

from django.conf import settings


def secret_digest(value: str) -> str:
    """SHA-256 of a high-entropy secret (follow-up link, API key, calendar or survey token)."""
    return hashlib.sha256(value.encode()).hexdigest()


def keyed_digest(value: str) -> str:
    """Salted HMAC-SHA256 of a low-entropy key (e.g. an earlier system's client key)."""
    salt = str(settings.NAAST["HASH_SALT"]).encode()
    return hmac.new(salt, value.encode(), hashlib.sha256).hexdigest()
