"""Callers of the API: a personal access token per user, obtained as an outside developer would."""

from __future__ import annotations

import pytest


@pytest.fixture
def bearer(app):
    """``bearer(user)`` -> the Authorization header of a fresh token of ``user``."""
    def headers(user) -> dict[str, str]:
        response = app.test_client().post("/api/v1/tokens", json={"email": user.email, "password": user.password})
        assert response.status_code == 201, response.get_json()
        return {"Authorization": f"Bearer {response.get_json()['token']}"}

    return headers
