"""Paging helpers shared by list pages."""

from __future__ import annotations

from flask import abort, request
from sqlalchemy import Select

from app.extensions import db

MAX_PAGE = 100_000


def paginate(stmt: Select, per_page: int):
    """``db.paginate`` for the ``?page=`` of this request; a page past the end is a 404."""
    page = request.args.get("page", 1, type=int)
    if page < 1 or page > MAX_PAGE:
        abort(404)
    pager = db.paginate(stmt, page=page, per_page=per_page, error_out=False)
    if page > 1 and not pager.items:
        abort(404)
    return pager
