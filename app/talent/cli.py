"""``flask talent plan EMAIL``: a newcomer's arrival plan as plain text, in Swedish or English."""

from __future__ import annotations

import click
from flask.cli import AppGroup
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from app.auth.models import User
from app.extensions import db
from app.i18n import format_date
from app.talent.models import Household
from app.talent.texts import PHASE_LABELS, condition_text, reason_text

talent_cli = AppGroup("talent", help="Newcomers' profiles and plans.")


@talent_cli.command("plan")
@click.argument("email")
@click.option("--lang", type=click.Choice(["sv", "en"]), default=None, help="Default: the newcomer's language.")
def show_plan(email: str, lang: str | None) -> None:
    """Print the arrival plan of the newcomer with this e-mail address."""
    profile = db.session.scalar(select(Household).join(User).where(User.email == email.strip().lower()))
    if profile is None:
        raise click.ClickException(f"no newcomer with the e-mail address {email}")
    locale = lang or profile.user.locale
    with force_locale(locale):
        click.echo(render_plan_text(profile, locale))


def render_plan_text(profile: Household, locale: str) -> str:
    lines = [_("Your arrival plan"), _("For %(name)s", name=profile.user.full_name), ""]
    household = ", ".join(
        f"{m.first_name} ({m.birth_year or '?'})" for m in profile.members if m.moving != "staying")
    lines += [household, ""]
    phase = None
    titles = {s.service_key: s.service.label(locale) for s in profile.plan_steps}
    for step in (s for s in profile.plan_steps if s.applies):
        if step.service.phase != phase:
            phase = step.service.phase
            lines += ["", str(PHASE_LABELS.get(phase, phase)).upper()]
        date = format_date(step.suggested_date) if step.suggested_date else "—"
        lines.append(f"[{'x' if step.status == 'done' else '-' if step.status == 'not_relevant' else ' '}] "
                     f"{date:>12}  {step.service.label(locale)}  ({step.service.who(locale)})")
        for reason in step.reasons:
            lines.append(f"{'':17}{reason_text(reason)}")
        if step.prerequisites:
            lines.append(f"{'':17}{_('First:')} {', '.join(titles.get(k, k) for k in step.prerequisites)}")
        if step.conditions:
            lines.append(f"{'':17}{_('You need:')} {', '.join(condition_text(c) for c in step.conditions)}")
    return "\n".join(lines)
