"""An employer's hire, which reception builds on."""

from __future__ import annotations

from datetime import date

from app.auth.models import User
from app.employers import candidates
from app.employers.models import CompetenceNeed, Hire
from app.reception import services as reception


def record_hire(need: CompetenceNeed, interest_id: int, recorder: User, start_date: date) -> Hire:
    """The hire, the household's dates and plan (``candidates.record_hire``), and the case it opens in the
    need's municipality, with the newcomer's consent (otherwise their page asks them)."""
    hire = candidates.record_hire(need, interest_id, recorder, start_date)
    reception.open_for_hire(hire)
    return hire
