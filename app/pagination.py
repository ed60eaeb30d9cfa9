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


class ListPage:
    """One page of a list already in memory, with the attributes ``_pager.html`` reads."""

    def __init__(self, rows: list, page: int, per_page: int):
        self.page, self.per_page, self.total = page, per_page, len(rows)
        self.items = rows[(page - 1) * per_page:page * per_page]
        self.pages = max(1, -(-self.total // per_page))
        self.has_prev, self.prev_num = page > 1, page - 1
        self.has_next, self.next_num = page < self.pages, page + 1


def paginate_list(rows: list, per_page: int) -> ListPage:
    """``paginate`` for a list built in Python (e.g. merged from several tables); a page past the end is a 404."""
    page = request.args.get("page", 1, type=int)
    if page < 1 or page > MAX_PAGE:
        abort(404)
    pager = ListPage(rows, page, per_page)
    if page > 1 and not pager.items:
        abort(404)
    return pager
