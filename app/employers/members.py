"""Several people per organisation: owners invite colleagues by e-mail and remove them."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.auth.models import Role, User
from app.auth.services import external_url
from app.employers.models import Organisation, OrganisationInvitation, OrganisationMember
from app.employers.services import EmployerError
from app.extensions import db
from app.models import utcnow
from app.outbox.services import queue_email

INVITATION_LIFETIME = timedelta(days=7)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def is_owner(user: User, organisation: Organisation) -> bool:
    return any(m.user_id == user.id and m.is_owner for m in organisation.members)


def invite(organisation: Organisation, owner: User, email: str, locale: str | None = None) -> OrganisationInvitation:
    """Invite a colleague by e-mail, in their own language if they have an account, else in ``locale``
    (the owner's when not given)."""
    if not is_owner(owner, organisation):
        raise EmployerError("not_owner")
    email = email.strip().lower()
    if any(m.user.email == email for m in organisation.members):
        raise EmployerError("already_member", "email")
    token = secrets.token_urlsafe(32)
    invitation = OrganisationInvitation(organisation_id=organisation.id, email=email, token_digest=_digest(token),
                                        invited_by_id=owner.id, expires_at=utcnow() + INVITATION_LIFETIME)
    db.session.add(invitation)
    db.session.flush()
    link = external_url(current_app.config["LANDA_BASE_URL"], "employers.accept_invitation", token=token)
    invitee = db.session.scalar(select(User).where(User.email == email))
    queue_email(email, "organisation_invitation", invitee.locale if invitee else locale or owner.locale, sensitive=True,
                organisation=organisation,
                inviter=owner, link=link, days=INVITATION_LIFETIME.days)
    return invitation


def invitation_for(token: str) -> OrganisationInvitation:
    invitation = db.session.scalar(select(OrganisationInvitation)
                                   .where(OrganisationInvitation.token_digest == _digest(token)))
    if invitation is None:
        raise EmployerError("invitation_invalid")
    if invitation.accepted_at is not None:
        raise EmployerError("invitation_used")
    if invitation.expires_at < utcnow():
        raise EmployerError("invitation_expired")
    return invitation


def accept(token: str, user: User) -> Organisation:
    invitation = invitation_for(token)
    if user.role != Role.EMPLOYER:
        raise EmployerError("invitation_role")
    if user.email.lower() != invitation.email:
        raise EmployerError("invitation_other_email")
    organisation = invitation.organisation
    invitation.accepted_at = utcnow()
    invitation.accepted_by_id = user.id
    if not any(m.user_id == user.id for m in organisation.members):
        try:
            with db.session.begin_nested():
                db.session.add(OrganisationMember(organisation_id=organisation.id, user_id=user.id, is_owner=False))
        except IntegrityError:  # a double click: the first one made them a member
            raise EmployerError("invitation_used") from None
    db.session.flush()
    return organisation


def remove_member(organisation: Organisation, owner: User, member_id: int) -> None:
    if not is_owner(owner, organisation):
        raise EmployerError("not_owner")
    member = next((m for m in organisation.members if m.id == member_id), None)
    if member is None:
        raise EmployerError("no_such_member")
    owners = sum(1 for m in organisation.members if m.is_owner)
    if member.is_owner and owners == 1:
        raise EmployerError("last_owner")
    email = member.user.email
    organisation.members.remove(member)
    # Pending invitations to the same address would let them straight back in.
    for invitation in pending_invitations(organisation):
        if invitation.email == email:
            db.session.delete(invitation)


def make_owner(organisation: Organisation, owner: User, member_id: int) -> OrganisationMember:
    """An owner shares ownership with a member, so the organisation is never left without one when someone
    leaves (the new owner can then remove the one who left)."""
    if not is_owner(owner, organisation):
        raise EmployerError("not_owner")
    member = next((m for m in organisation.members if m.id == member_id), None)
    if member is None:
        raise EmployerError("no_such_member")
    member.is_owner = True
    return member


def revoke(organisation: Organisation, owner: User, invitation_id: int) -> None:
    if not is_owner(owner, organisation):
        raise EmployerError("not_owner")
    invitation = db.session.get(OrganisationInvitation, invitation_id)
    if invitation is None or invitation.organisation_id != organisation.id or invitation.accepted_at is not None:
        raise EmployerError("invitation_invalid")
    db.session.delete(invitation)


def pending_invitations(organisation: Organisation) -> list[OrganisationInvitation]:
    return list(db.session.scalars(
        select(OrganisationInvitation)
        .where(OrganisationInvitation.organisation_id == organisation.id,
               OrganisationInvitation.accepted_at.is_(None), OrganisationInvitation.expires_at > utcnow())
        .order_by(OrganisationInvitation.created_at)
    ))


def sole_owner_of(user: User) -> list[Organisation]:
    """The organisations nobody but ``user`` can manage (no other active owner): what closing their account
    would leave without an owner."""
    others = (select(OrganisationMember.organisation_id).join(User, User.id == OrganisationMember.user_id)
              .where(OrganisationMember.is_owner.is_(True), User.active.is_(True), User.id != user.id))
    return list(db.session.scalars(
        select(Organisation).join(OrganisationMember).where(
            OrganisationMember.user_id == user.id, OrganisationMember.is_owner.is_(True),
            Organisation.id.not_in(others)).order_by(Organisation.name)))
