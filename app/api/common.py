"""What every list and every refusal of the API shares: pages with a total and links, sorting, and
problem documents that name the wrong field.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import NoReturn, TypeVar

from flask import request, url_for
from flask_babel import gettext as _
from flask_wtf.i18n import translations as form_translations
from marshmallow import Schema, ValidationError, fields, validate
from sqlalchemy import Select, func, select
from webargs.flaskparser import abort

from app import validators
from app.database import Refusal, committed
from app.extensions import db
from app.refusals import DomainError
from app.validators import CONTROL, EMAIL_MAX_LENGTH, DateWindow, is_email_address

T = TypeVar("T")
API_PREFIX = "/api/v1"
MAX_PER_PAGE = 100
# Codes and keys as patterns: the document states them, and no stray byte (a NUL) reaches a query.
MUNICIPALITY_CODE = validate.Regexp(f"^{validators.MUNICIPALITY_CODE.pattern}$")
KEY = validate.Regexp(f"^{validators.REFERENCE_KEY.pattern}$")
MAX_PAGE = 100_000


class PageArgsSchema(Schema):
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=MAX_PAGE))
    per_page = fields.Integer(load_default=25, validate=validate.Range(min=1, max=MAX_PER_PAGE))


class LinksSchema(Schema):
    self = fields.String()
    first = fields.String()
    last = fields.String()
    prev = fields.String(allow_none=True)
    next = fields.String(allow_none=True)


def page_schema(item: type[Schema], name: str) -> type[Schema]:
    """``{items, total, page, per_page, pages, links}`` around ``item``: one component per resource."""
    return Schema.from_dict({
        "items": fields.List(fields.Nested(item)),
        "total": fields.Integer(metadata={"description": "How many items all pages hold"}),
        "page": fields.Integer(),
        "per_page": fields.Integer(),
        "pages": fields.Integer(),
        "links": fields.Nested(LinksSchema),
    }, name=name)


def sort_field(keys: Mapping[str, object], default: str) -> fields.String:
    """``?sort=key`` ascending, ``?sort=-key`` descending, among ``keys``."""
    return fields.String(load_default=default,
                         validate=validate.OneOf([k for key in keys for k in (key, f"-{key}")]),
                         metadata={"description": "A field to sort by; a leading '-' sorts descending"})


def sorted_by(stmt: Select, sort: str, columns: Mapping[str, object], tie) -> Select:
    column = columns[sort.removeprefix("-")]
    return stmt.order_by(column.desc() if sort.startswith("-") else column.asc(), tie)


def _link(page: int) -> str:
    args = request.args.to_dict(flat=False)
    args["page"] = [str(page)]
    return url_for(request.endpoint, **(request.view_args or {}), **args)


def page_of(stmt: Select, args: Mapping, items=None) -> dict:
    """One page of ``stmt`` (already sorted); ``items`` shapes the rows when they are not the output."""
    page, per_page = args["page"], args["per_page"]
    total = db.session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery()))
    rows = db.session.scalars(stmt.limit(per_page).offset((page - 1) * per_page)).all()
    pages = max(1, -(-total // per_page))
    return {
        "items": items(rows) if items else rows, "total": total, "page": page, "per_page": per_page, "pages": pages,
        "links": {"self": _link(page), "first": _link(1), "last": _link(pages),
                  "prev": _link(page - 1) if page > 1 else None, "next": _link(page + 1) if page < pages else None},
    }


def refuse(status: int, detail: str, field: str | None = None):
    """Stop with a problem document: ``detail`` says why, ``field`` names where (it goes in ``errors``)."""
    abort(status, detail=str(detail), messages={"json": {field: [str(detail)]}} if field else None)


def refuse_because(exc: DomainError, statuses: dict[str, int] | None = None, fields: dict[str, str] | None = None,
                   field: str | None = None):
    """A domain's refusal as the web page shows it: its message, about the property its field is (``fields``
    renames a form's field to the API's property; ``field`` when the refusal names none), with status 422
    unless ``statuses`` gives another for its code."""
    where = exc.field or field
    refuse((statuses or {}).get(exc.code, 422), exc.message, (fields or {}).get(where, where))


def commit_or_refuse(change: Callable[[], T], refusals: tuple[type[Exception], ...],
                     refuse_with: Callable[[Exception], NoReturn], conflict: Exception | None = None) -> T:
    """An operation's change, committed (``app.database.committed``), or refused by ``refuse_with`` with
    nothing kept: the API's way of ending a change, as the web's views end theirs."""
    result = committed(change, refusals, conflict)
    if isinstance(result, Refusal):
        refuse_with(result.reason)
    return result


# --- fields that refuse what the web forms refuse ---------------------------------------------------------

class Words:
    """A refusal in the words a web page's form uses, for a marshmallow validator's ``error``: said in the
    reader's language when the refusal is made (marshmallow fills in its bounds with ``format``)."""

    def __init__(self, say: Callable[..., str]) -> None:
        self.say = say

    def format(self, **bounds) -> str:
        return self.say(**bounds)

    def __str__(self) -> str:
        return self.say()


def words(message) -> Words:
    """One of Landa's messages (``lazy_gettext``) as a validator's ``error``."""
    return Words(lambda **bounds: str(message))


def form_words(message: str, plural: str | None = None) -> Words:
    """WTForms' own message, as a page says it where its form gives none (``DataRequired()``,
    ``Length(max=...)``), from WTForms' catalogue, with ``%(max)d`` filled in."""
    def say(**bounds) -> str:
        if plural is None:
            return form_translations.gettext(message)
        return form_translations.ngettext(message, plural, bounds["max"]) % {"max": bounds["max"]}

    return Words(say)


REQUIRED = form_words("This field is required.")  # a form's DataRequired() without a message of its own
TOO_LONG = form_words("Field cannot be longer than %(max)d character.",
                      "Field cannot be longer than %(max)d characters.")  # and its Length(max=...)


class Typed(validate.Regexp):
    """No control characters; with ``required_text`` also something other than spaces (``blank`` says so,
    in the words of the field's web form)."""

    def __init__(self, required_text: bool, blank=None) -> None:
        self.required_text, self.blank = required_text, blank
        super().__init__(rf"^[^{CONTROL}]*[^\s{CONTROL}][^{CONTROL}]*$" if required_text else rf"^[^{CONTROL}]*$")

    def __call__(self, value: str) -> str:
        if self.regex.match(value) is None:
            if self.required_text and not value.strip():
                raise ValidationError(_("Fill in this field.") if self.blank is None else str(self.blank))
            raise ValidationError(_("Remove the invisible control characters from this field."))
        return value


class Text(fields.String):
    """A string without control characters, its whitespace tidied (runs squeezed unless ``multiline``).

    The rule is a pattern, so the OpenAPI document states it exactly; ``min=1`` means something
    other than spaces. It is checked on the text as sent, then the text is tidied. The refusals are the
    web form's: ``blank`` is what the page says when the field is left empty (its ``DataRequired`` message),
    and text longer than ``max`` is refused as a page's ``Length`` refuses it.
    """

    def __init__(self, *, max: int, min: int = 0, multiline: bool = False, blank=None, **kwargs) -> None:
        self.multiline, self.typed = multiline, Typed(bool(min), blank)
        super().__init__(validate=[validate.Length(max=max, error=TOO_LONG), self.typed], **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        text = self.typed(super()._deserialize(value, attr, data, **kwargs))
        return text.strip() if self.multiline else " ".join(text.split())


class EmailAddress(fields.Email):
    """An e-mail address by the web forms' rule (``app.validators.is_email_address``), lower-cased."""

    def __init__(self, **kwargs) -> None:
        super().__init__(validate=validate.Length(max=EMAIL_MAX_LENGTH), **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        address = super()._deserialize(value, attr, data, **kwargs).strip().lower()
        if not is_email_address(address):
            raise ValidationError(_("Enter a valid e-mail address, like name@example.se."))
        return address


def within(window: DateWindow):
    """A marshmallow validator for ``window``: the web form's refusal, word for word."""
    def check(value: date) -> None:
        refusal = window.refusal(value)
        if refusal:
            raise ValidationError(refusal)

    return check
