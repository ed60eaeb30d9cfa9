"""Password hashing with argon2id (argon2-cffi), the length policy and the guessability check."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from zxcvbn import zxcvbn

MIN_LENGTH = 12
MAX_LENGTH = 128  # long enough for passphrases, short enough that hashing cannot be tied up
# zxcvbn knows the common passwords of leaked lists and English words; these are what people here use.
LOCAL_WORDS = ("landa", "lösenord", "losenord", "hemligt", "sommar", "vinter", "hösten", "våren", "sverige",
               "norrland", "sundsvall", "härnösand", "kramfors", "sollefteå", "timrå", "ånge", "örnsköldsvik",
               "västernorrland", "hejsan", "välkommen", "qwertyuiopå", "asdfghjklöä")
STRONG_ENOUGH = 4  # zxcvbn's score, 0 to 4: 4 is over 10^10 guesses (a stolen hash stays safe for long)
ESTIMATED_UP_TO = 72  # zxcvbn reads at most this much; anything longer that passed the length check is long


def too_easy_to_guess(password: str, hints: tuple[str, ...] = ()) -> bool:
    """A common password, a keyboard walk, a name or e-mail of the person, a year: zxcvbn (Dropbox's
    estimator, with its lists of leaked passwords) scores it below 4."""
    words = [*LOCAL_WORDS, *(part for hint in hints for part in hint.replace("@", " ").replace(".", " ").split())]
    return zxcvbn(password[:ESTIMATED_UP_TO], user_inputs=words)["score"] < STRONG_ENOUGH


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
