"""Paging through lists: one place reads ?page= safely."""

from __future__ import annotations

from dataclasses import dataclass
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


@dataclass
class ListPage:
    """One page of a list already in memory (e.g. computed rankings), with the
    attributes the pagination macro reads."""

    items: list
    page: int
    pages: int
    total: int

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def prev_num(self) -> int:
        return self.page - 1

    @property
    def next_num(self) -> int:
        return self.page + 1


def paginate_list(items: list, per_page: int) -> ListPage:
    """The ?page= of this request of a list; past the end is the last page."""
    pages = max(1, -(-len(items) // per_page))
    page = min(page_number(), pages)
    first = (page - 1) * per_page
    return ListPage(items[first : first + per_page], page, pages, len(items))
