"""Tokens and the caller: obtain a token with e-mail and password (and a two-factor code where the account has
two-factor sign-in on), list and revoke your own."""

from __future__ import annotations

from flask import abort, current_app
from flask_babel import gettext as _
from flask_login import current_user
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from app.api.common import EmailAddress, Text, commit_or_refuse, refuse
from app.auth import services, throttle, tokens, two_factor
from app.auth.access import public
from app.auth.models import Role, TokenScope
from app.extensions import db
from app.ratelimit import guarded

blp = Blueprint("api_tokens", __name__, description="Personal access tokens and the signed-in caller")


class TokenRequestSchema(Schema):
    email = EmailAddress(required=True)
    password = fields.String(required=True, load_only=True, validate=validate.Length(min=1, max=200))
    name = Text(load_default="API", min=1, max=100)
    scope = fields.Enum(TokenScope, by_value=True, load_default=TokenScope.WRITE,
                        metadata={"description": "read: GET only; write: everything the account may do"})
    totp = fields.String(load_only=True, load_default=None, validate=validate.Length(max=20),
                         metadata={"description": "the current 6-digit code of the authenticator app, or an unused "
                                                  "backup code: required when the account has two-factor sign-in on"})


class TokenSchema(Schema):
    id = fields.Integer()
    name = fields.String()
    scope = fields.Enum(TokenScope, by_value=True)
    created_at = fields.DateTime()
    expires_at = fields.DateTime()
    last_used_at = fields.DateTime(allow_none=True)
    revoked_at = fields.DateTime(allow_none=True)


class NewTokenSchema(TokenSchema):
    token = fields.String(attribute="secret",
                          metadata={"description": "The secret, shown only now: send it as `Authorization: Bearer`"})


class MeSchema(Schema):
    id = fields.Integer()
    email = fields.String()
    full_name = fields.String()
    role = fields.String(validate=validate.OneOf([r.value for r in Role]))
    locale = fields.String()
    municipality_code = fields.String(allow_none=True)


@blp.route("/tokens", methods=["POST"])
@public
@guarded
@blp.arguments(TokenRequestSchema, unknown="raise")
@blp.response(201, NewTokenSchema)
@blp.alt_response(401, description="Wrong e-mail or password, or a missing, wrong or used two-factor code")
@blp.alt_response(409, description="The account already has 20 active tokens")
@blp.alt_response(403, description="The address is not confirmed yet, or the account had many wrong passwords "
                                    "lately and has no second factor: sign in on the web with the e-mailed link")
@blp.alt_response(429, description="Too many attempts from this address or for this account: wait and try again")
def create_token(args):
    """A token for the account with this e-mail and password (the same answer for an unknown e-mail)."""
    email = args["email"]
    if throttle.address_blocked(email):
        refuse(429, _("Too many wrong passwords for this account from this address. Try again in %(minutes)d "
                      "minutes.", minutes=-(-throttle.retry_after(email) // 60)))
    user = services.authenticate(email, args["password"])
    if user is None:
        if throttle.failed(email):  # web and API count together
            services.warn_of_attempts(email, current_app.config["LANDA_BASE_URL"])
            db.session.commit()
        abort(401)  # the same answer whatever was wrong
    if two_factor.required_for(user) and not two_factor.verify(user, args["totp"]):
        abort(401)
    if user.email_confirmed_at is None:
        refuse(403, _("Confirm your e-mail address first with the link we sent when you registered."))
    if throttle.protected(email) and not two_factor.required_for(user):
        refuse(403, _("There were many wrong passwords for this account lately. Sign in on the web with the link "
                      "we e-mail you, then create a token on your account page."))
    token, secret = commit_or_refuse(lambda: tokens.create(user, args["name"], args["scope"]), (tokens.TokenError,),
                                     lambda exc: refuse(409, _("You have 20 active tokens; revoke one first.")))
    token.secret = secret  # for this one answer; never stored
    return token


@blp.route("/tokens", methods=["GET"])
@blp.response(200, TokenSchema(many=True))
def list_tokens():
    """The caller's tokens, newest first."""
    return tokens.owned(current_user)


@blp.route("/tokens/<int:token_id>", methods=["DELETE"])
@blp.response(204)
@blp.alt_response(404, description="Not one of the caller's tokens")
def revoke_token(token_id: int):
    """Revoke one of the caller's tokens; it stops working at once."""
    commit_or_refuse(lambda: tokens.revoke(current_user, token_id), (tokens.TokenError,), lambda exc: abort(404))


@blp.route("/me", methods=["GET"])
@blp.response(200, MeSchema)
def me():
    """Who the token belongs to."""
    return current_user
