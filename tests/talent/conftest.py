from __future__ import annotations

import pytest

from app.extensions import db
from app.talent.models import NewcomerProfile


@pytest.fixture
def newcomer(client, login_as):
    """A signed-in newcomer (English) who has filled in the profile: Arjun from Chennai, with a job offer."""
    user = login_as("newcomer", full_name="Arjun Kumar", locale="en")
    posts = [
        ("about", {"full_name": "Arjun Kumar", "citizenship": "other", "current_country": "IN",
                   "current_city": "Chennai"}),
        ("languages", {"swedish": "A1", "english": "C1", "others-0-language": "ta", "others-0-level": "native"}),
        ("work", {"occupations-0": "7233", "skills": "PLC programming, welding", "education": "bachelor",
                  "years_experience": "8"}),
        ("places", {"rank_2284": "1", "rank_2281": "2"}),
        ("move", {"status": "has_offer", "destination": "2284", "job_start": "2027-03-15",
                  "arrival": "2027-03-01"}),
    ]
    for step, data in posts:
        response = client.post(f"/talent/profile/{step}", data=data)
        assert response.status_code in (302, 303), (step, response.get_data(as_text=True)[-3000:])
    return user


@pytest.fixture
def profile_of(app):
    def read(user):
        from sqlalchemy import select

        with app.app_context():
            return db.session.scalar(select(NewcomerProfile).where(NewcomerProfile.user_id == user.id))

    return read
