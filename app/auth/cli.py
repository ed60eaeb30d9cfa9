"""``flask users create``: accounts for officers, coordinators and admins from the command line."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from app.auth import services, two_factor
from app.auth.models import Role
from app.auth.passwords import MAX_LENGTH, MIN_LENGTH, too_easy_to_guess
from app.catalogue.models import Municipality
from app.extensions import db
from app.flows import accounts

users_cli = AppGroup("users", help="Manage user accounts.")


@users_cli.command("create")
@click.option("--email", required=True)
@click.option("--name", "full_name", required=True, help="Full name.")
@click.option("--role", type=click.Choice([r.value for r in Role]), required=True)
@click.option("--municipality", "municipality_code", help="Municipality code (officers), e.g. 2281.")
@click.option("--locale", type=click.Choice(["sv", "en"]), default="sv", show_default=True)
@click.password_option(help="Asked for when not given.")
def create(email: str, full_name: str, role: str, municipality_code: str | None, locale: str,
           password: str) -> None:
    """Create an account with a password."""
    if not MIN_LENGTH <= len(password) <= MAX_LENGTH:
        raise click.BadParameter(f"use between {MIN_LENGTH} and {MAX_LENGTH} characters", param_hint="password")
    if too_easy_to_guess(password, (email, full_name)):
        raise click.BadParameter("too easy to guess (the web's rule): use a few unrelated words", param_hint="password")
    if municipality_code and db.session.get(Municipality, municipality_code) is None:
        raise click.BadParameter(f"no municipality with code {municipality_code}", param_hint="--municipality")
    try:
        user = accounts.create_account(email=email, password=password, full_name=full_name, role=Role(role),
                                    locale=locale, municipality_code=municipality_code)
    except services.AccountError as exc:
        raise click.ClickException({
            "email_taken": f"an account with {email} already exists",
            "bad_email": f"{email!r} is not an e-mail address the sign-in form accepts",
            "officer_needs_municipality": "an officer needs --municipality",
        }.get(exc.code, exc.code)) from None
    db.session.commit()
    click.echo(f"{user.role} {user.email} created")


@users_cli.command("reset-two-factor")
@click.argument("email")
def reset_two_factor(email: str) -> None:
    """Turn two-factor sign-in off for an account whose phone is lost (recorded in the audit trail)."""
    user = services.find_user_by_email(email)
    if user is None:
        raise click.ClickException(f"no account with {email}")
    if not two_factor.reset(user):
        click.echo(f"{user.email} does not use two-factor sign-in")
        return
    db.session.commit()
    click.echo(f"two-factor sign-in is off for {user.email}: they sign in with the password and can set it up again")
