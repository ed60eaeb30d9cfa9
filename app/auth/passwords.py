"""Password hashing with argon2id (argon2-cffi) and the length policy."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app

MIN_LENGTH = 12
MAX_LENGTH = 128  # long enough for passphrases, short enough that hashing cannot be tied up


def _hasher() -> PasswordHasher:
    cfg = current_app.config
    key = ("landa_hasher", cfg["ARGON2_TIME_COST"], cfg["ARGON2_MEMORY_COST"])
    hasher = current_app.extensions.get(key)
    if hasher is None:
        hasher = PasswordHasher(time_cost=cfg["ARGON2_TIME_COST"], memory_cost=cfg["ARGON2_MEMORY_COST"])
        current_app.extensions[key] = hasher
    return hasher


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """Check a password. With no hash (unknown e-mail) a dummy hash is checked, so timing is alike."""
    hasher = _hasher()
    if password_hash is None:
        dummy = current_app.extensions.get("landa_dummy_hash")
        if dummy is None:
            dummy = current_app.extensions["landa_dummy_hash"] = hasher.hash("not the password")
        try:
            hasher.verify(dummy, password)
        except VerificationError:
            pass
        return False
    try:
        return hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher().check_needs_rehash(password_hash)
