"""Match lists kept between views, so that a page does not rank every open need (a newcomer's pages) or
search every listed talent (an employer's) on each view.

What is kept is which needs were found (their ids), under a key that names everything the finding read:
the code and data that rank (a digest of the scoring modules and their data files, so a deploy starts
afresh),
the household's ``facts_version`` (moved on by every change to its facts, in the same transaction:
``app.matching.cards``), ``matching_version.needs`` (moved on by every change to a need or an
organisation; bulk writers move it on themselves, as ``app.seed.synthetic`` does), today's date (needs expire
at midnight: the nightly job that closes them changes nothing a key does not already name) and the
work-permit salary floor. An employer's list for a need names ``matching_version.talents`` (moved on
by every rewrite of talent cards: a profile, a consent given or withdrawn, a partner) and
``matching_version.needs`` (the need itself) instead of a household. A change to any of them is a
new key, so a kept list is never stale: it is exactly what ranking again would find. The scores and
reasons are computed again for the few needs or people found, from the live rows, as every page scores
them. (One limit of exactness: a talent whose profile confirmation passes 90 days leaves kept lists at
the next midnight, when the date in the key changes, not at that second.)

Lists are kept in Redis when it is configured (shared by every web process), else in this process's
memory (the embedded default is one process); either way for at most ``KEEP_FOR``, then found again.
The versions are read from the database, and nothing found in a transaction that moved one on (whose
number a rollback would give to the next change) is kept.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select

from app.caching import forget, remembered
from app.extensions import db
from app.matching.cards import MOVED, VERSIONS_READ
from app.matching.models import MatchingVersion
from app.models import today
from app.talent.models import Household

KEEP_FOR = timedelta(hours=6)
KIND = "matches"


def _code_digest() -> str:
    """What ranks, as it is in this deploy: the matching modules and their data."""
    here = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted([*here.glob("*.py"), *here.glob("*.json"), *(here / "data").glob("*.json")]):
        digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()[:12]


CODE = _code_digest()


def household_key(profile: Household, threshold: int | None) -> str | None:
    """The key part that names everything a household's lists read; None when lists cannot be kept."""
    if db.session.info.get(MOVED):
        return None  # found from versions this transaction moved on: good for this view only
    facts = select(Household.facts_version).where(Household.id == profile.id).scalar_subquery()
    versions = db.session.execute(select(MatchingVersion.needs, facts).where(MatchingVersion.id == 1)).first()
    if versions is None or versions[1] is None:
        return None
    needs, facts = versions
    return f"{CODE}:{profile.id}:{facts}:{needs}:{today().isoformat()}:{threshold}"


def need_key(need_id: int, limit: int, threshold: int | None) -> str | None:
    """The key that names everything an employer's top ``limit`` for a need read; None when it cannot be kept."""
    if db.session.info.get(MOVED):
        return None
    versions = _versions()
    if versions is None:
        return None
    return f"{CODE}:need:{need_id}:{limit}:{versions[0]}:{versions[1]}:{today().isoformat()}:{threshold}"


def _versions() -> tuple[int, int] | None:
    """(needs, talents) as this transaction read them: read once however many needs a page keys (an
    employer's start page keys each open need); forgotten when the transaction ends."""
    info = db.session.info
    if VERSIONS_READ not in info:
        row = db.session.execute(select(MatchingVersion.needs, MatchingVersion.talents)
                                 .where(MatchingVersion.id == 1)).first()
        info[VERSIONS_READ] = tuple(row) if row is not None else None
    return info[VERSIONS_READ]


def kept(key: str | None, find: Callable[[], Any]) -> Any:
    """The value kept under ``key``, or ``find()`` kept there (a store that fails is as if empty)."""
    return remembered(KIND, int(KEEP_FOR.total_seconds()), key, find)


def forget_all() -> None:
    """Empty the store (tests)."""
    forget(KIND)
