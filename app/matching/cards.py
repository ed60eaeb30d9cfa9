"""Keeping each talent's ``TalentCard`` equal to the facts it is derived from.

A household has a card for the newcomer and one for a partner looking for work; each card carries that
person's own matching decision (the partner's is theirs: ``app.talent.partner``).

The same hook moves on the versions that match lists kept between views name (``app.matching.kept``):
the household's ``facts_version`` and ``matching_version.talents`` with its cards, and
``matching_version.needs`` with any change to a need or to an organisation (whose approval decides
whether its needs are public).

Every flush that touches a profile, its own household member, languages, occupations, places or
consents rewrites the affected cards in the same transaction (a session hook, so no code path can
forget), from the same facts the scoring reads (``adapters.talents_by_person``). Bulk writers that bypass
the ORM call ``refresh_cards`` themselves.
"""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import delete, event, insert, or_, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from app.employers.models import CompetenceNeed, Organisation
from app.matching.adapters import talents_by_person
from app.matching.models import DELIMITER, MatchingVersion, TalentCard, TalentCardOccupation
from app.talent.models import (
    Consent,
    ConsentKind,
    Household,
    HouseholdMember,
    MemberLanguage,
    MemberOccupation,
    MunicipalityPreference,
    Relation,
)

CHUNK = 1000


MOVED = "landa_versions_moved"  # this transaction moved a version on: nothing found in it may be kept
VERSIONS_READ = "landa_versions_read"  # the matching versions as this transaction read them (kept.py)


def init_app(_app) -> None:
    """Rewrite the cards whenever a flush touched what they derive from (all sessions, once)."""
    for name, listener in (("after_flush", _note_changes), ("after_flush_postexec", _rewrite_cards),
                           ("after_commit", _transaction_ended), ("after_rollback", _transaction_ended)):
        if not event.contains(Session, name, listener):
            event.listen(Session, name, listener)


def _transaction_ended(session: Session) -> None:
    session.info.pop(MOVED, None)
    session.info.pop(VERSIONS_READ, None)


def joined(values) -> str:
    return DELIMITER + DELIMITER.join(values) + DELIMITER if values else ""


def refresh_cards(connection: Connection, profile_ids: Collection[int]) -> None:
    """Rewrite the cards of the households ``profile_ids`` (a deleted profile's cards are removed) and move
    the talents' version on (employers' kept lists name it)."""
    ids = sorted(set(profile_ids))
    if ids:
        connection.execute(update(MatchingVersion).values(talents=MatchingVersion.talents + 1))
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start:start + CHUNK]
        people = connection.execute(select(HouseholdMember.id).where(
            HouseholdMember.profile_id.in_(chunk),
            or_(HouseholdMember.relation == Relation.SELF,
                (HouseholdMember.relation == Relation.PARTNER) & HouseholdMember.seeking_work.is_(True)))
        ).scalars().all()
        talents = talents_by_person(people, connection.execute)
        profiles = dict(connection.execute(select(Household.id, Household.confirmed_at)
                                           .where(Household.id.in_(chunk))).all())
        consent: dict[tuple[int, int | None], bool] = {}
        for profile_id, member_id, granted in connection.execute(
                select(Consent.profile_id, Consent.member_id, Consent.granted)
                .where(Consent.profile_id.in_(chunk), Consent.kind == ConsentKind.MATCHING).order_by(Consent.id)):
            consent[profile_id, member_id] = granted  # the latest decision wins
        own = set(connection.execute(select(HouseholdMember.id).where(
            HouseholdMember.id.in_(people), HouseholdMember.relation == Relation.SELF)).scalars())
        connection.execute(delete(TalentCardOccupation).where(TalentCardOccupation.profile_id.in_(chunk)))
        connection.execute(delete(TalentCard).where(TalentCard.profile_id.in_(chunk)))
        rows = [{
            "member_id": t.key[1],
            "profile_id": t.key[0],
            # The newcomer's decision is recorded without a member, the partner's with theirs.
            "matching_consent": consent.get((t.key[0], None if t.key[1] in own else t.key[1]), False),
            "confirmed_at": profiles[t.key[0]],
            "places": joined(t.municipalities),
            "open_to_all": t.open_to_all,
            "swedish": t.languages.get("sv"),
            "english": t.languages.get("en"),
            "skills": joined(sorted(t.skills)),
            "available_from": t.available_from,
        } for t in talents]
        if rows:
            connection.execute(insert(TalentCard), rows)
        facts = {row["member_id"]: row for row in rows}
        occupations = [{**facts[t.key[1]], "occupation_code": code}
                       for t in talents for code in dict.fromkeys(t.occupations)]
        if occupations:
            connection.execute(insert(TalentCardOccupation), occupations)


def _touched_profiles(session: Session) -> tuple[set[int], set[int]]:
    profiles: set[int] = set()
    members: set[int] = set()
    for obj in (*session.new, *session.dirty, *session.deleted):
        if isinstance(obj, Household):
            profiles.add(obj.id)
        elif isinstance(obj, HouseholdMember | MunicipalityPreference | Consent):
            profiles.add(obj.profile_id)
        elif isinstance(obj, MemberLanguage | MemberOccupation):
            members.add(obj.member_id)
    return profiles, members


def _note_changes(session: Session, _flush_context) -> None:
    profiles, members = _touched_profiles(session)  # still the pre-flush lists here, with ids assigned
    stale = session.info.setdefault("landa_stale_cards", (set(), set()))
    stale[0].update(p for p in profiles if p is not None)
    stale[1].update(m for m in members if m is not None)
    if any(isinstance(obj, CompetenceNeed | Organisation) for obj in (*session.new, *session.dirty, *session.deleted)):
        session.info["landa_needs_changed"] = True


def _rewrite_cards(session: Session, _flush_context) -> None:
    profiles, members = session.info.pop("landa_stale_cards", (set(), set()))
    if session.info.pop("landa_needs_changed", False):
        session.connection().execute(update(MatchingVersion).values(needs=MatchingVersion.needs + 1))
        session.info[MOVED] = True
    if not (profiles or members):
        return
    session.info[MOVED] = True
    connection = session.connection()
    if members:
        profiles |= set(connection.execute(select(HouseholdMember.profile_id)
                                           .where(HouseholdMember.id.in_(members))).scalars())
    refresh_cards(connection, profiles)
    connection.execute(update(Household).where(Household.id.in_(profiles))
                       .values(facts_version=Household.facts_version + 1)
                       .execution_options(synchronize_session=False))
