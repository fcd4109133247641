"""Paging through lists: one place reads ?page= safely."""

from __future__ import annotations

from typing import Any

from flask import request
from flask_sqlalchemy.pagination import Pagination

from signalen.extensions import db

#: A page number past this is treated as this one: a huge ?page= would overflow
#: the database's OFFSET and fail, and nobody pages this far by hand.
MAX_PAGE = 10_000


def page_number() -> int:
    """The ?page= of this request, as a number from 1 to MAX_PAGE."""
    value = request.args.get("page", "")
    # isascii(): "²" is a digit to isdigit() but not to int().
    page = int(value) if value.isascii() and value.isdigit() and len(value) <= 6 else 1
    return min(max(page, 1), MAX_PAGE)


def paginate(query: Any, per_page: int) -> Pagination:
    """One page of a select(); an out-of-range page is empty, not an error."""
    return db.paginate(query, page=page_number(), per_page=per_page, error_out=False)
