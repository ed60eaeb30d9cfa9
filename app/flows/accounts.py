"""Accounts and what comes with them in the other domains: a newcomer's household, an officer's cases."""

from __future__ import annotations

from sqlalchemy import select

from app.audit.services import record
from app.auth import services as auth
from app.auth.models import Role, User
from app.auth.passwords import hash_password
from app.extensions import db
from app.outbox.services import queue_email
from app.reception import services as reception
from app.talent import services as talent
from app.talent.models import Household


def create_account(**values) -> User:
    """``auth.create_user``, and a newcomer's (empty) household with it."""
    user = auth.create_user(**values)
    if user.role == Role.NEWCOMER:
        talent.get_or_create_profile(user)
    return user


def close_account(user: User, actor: User) -> int:
    """An administrator closes an account (an officer who has left, an account misused): it cannot sign in,
    its sessions end at their next request, its API tokens are revoked, and an officer's open cases go back
    to unassigned so colleagues can take them. Returns how many cases were released. Reopening undoes
    only the first: the cases stay with whoever took them since."""
    auth.close_account(user, actor)
    released = reception.release_cases(user, actor) if user.role == Role.OFFICER else 0
    record(actor, "account_closed", "user", user.id, talent.profile_id_of(user), cases_released=released)
    return released


def reopen_account(user: User, actor: User) -> None:
    """An administrator lets a closed account sign in again (recorded in the household's trail too)."""
    auth.reopen_account(user, actor)
    record(actor, "account_reopened", "user", user.id, talent.profile_id_of(user))


def register(*, email: str, password: str, full_name: str, role: Role, locale: str, base_url: str,
             next_path: str | None = None) -> None:
    """Someone creates an account on the web. The answer and the work are the same whether the address has an
    account or not, so registering tells nobody who uses Landa: the password is hashed first either way, and
    the address gets an e-mail either way. A new address gets a link that finishes the registration; an
    unconfirmed registration is replaced by this one (only the mailbox's owner can finish it); the owner of an
    existing account is told that someone tried, with links to sign in or to choose a new password."""
    if role not in (Role.NEWCOMER, Role.EMPLOYER):
        raise auth.AccountError("role_not_allowed")
    password_hash = hash_password(password)
    email = auth.normalise_email(email)
    user = auth.find_user_by_email(email)
    if user is None:
        user = create_account(email=email, full_name=full_name, role=role, locale=locale, password_hash=password_hash,
                              confirmed=False)
    elif user.email_confirmed_at is None and user.active and user.role in (Role.NEWCOMER, Role.EMPLOYER):
        if user.role != role:  # another kind of account than the first try: start it again as this one
            _change_unconfirmed_role(user, role)
        user.full_name, user.locale, user.password_hash = full_name, locale, password_hash
        db.session.flush()
    else:
        queue_email(user.email, "registration_attempt", user.locale, sensitive=False, user=user,
                    sign_in=auth.external_url(base_url, "auth.login"),
                    reset=auth.external_url(base_url, "auth.forgot_password"))
        return
    auth.send_link(user, "confirm", base_url, next_path=next_path)


def _change_unconfirmed_role(user: User, role: Role) -> None:
    if user.role == Role.NEWCOMER:
        profile = db.session.scalar(select(Household).where(Household.user_id == user.id))
        if profile is not None:
            db.session.delete(profile)  # never used: it could not be, unconfirmed
    user.role = role
    db.session.flush()
    if role == Role.NEWCOMER:
        talent.get_or_create_profile(user)
