"""Where each role starts."""

from flask import url_for

from app.auth.models import Role

START_ENDPOINTS = {
    Role.NEWCOMER: "talent.start",
    Role.EMPLOYER: "employers.start",
    Role.OFFICER: "reception.start",
    Role.COORDINATOR: "reception.start",
    Role.ADMIN: "auth.admin_users",
}


def start_url(user) -> str:
    return url_for(START_ENDPOINTS[user.role])
