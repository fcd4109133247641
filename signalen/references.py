"""Readable references such as S-2026-0042, numbered per prefix and year."""

from __future__ import annotations

from functools import cache

from sqlalchemy import Integer, String, bindparam, insert, update
from sqlalchemy.orm import Mapped, mapped_column

from signalen.extensions import Model, db


class ReferenceCounter(Model):
    __tablename__ = "reference_counters"

    prefix: Mapped[str] = mapped_column(String(8), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    last: Mapped[int] = mapped_column(Integer, default=0)


@cache
def _take_statement():
    # Built once per process: every new signal takes a number.
    return (
        update(ReferenceCounter)
        .where(
            ReferenceCounter.prefix == bindparam("take_prefix"),
            ReferenceCounter.year == bindparam("take_year"),
        )
        .values(last=ReferenceCounter.last + bindparam("take_count"))
        .returning(ReferenceCounter.last)
    )


def next_reference(prefix: str, year: int) -> str:
    """Take the next number for prefix and year; the UPDATE serialises writers."""
    return reserve_references(prefix, year, 1)[0]


def reserve_references(prefix: str, year: int, count: int) -> list[str]:
    """Take `count` consecutive numbers for prefix and year.

    One statement: the UPDATE gives the new last number back (RETURNING, on
    SQLite 3.35+ and PostgreSQL), run on the session's connection without the
    ORM's bookkeeping. It locks the counter until the commit, so the numbers
    stay consecutive and unique between processes.
    """
    if count <= 0:
        return []
    connection = db.session.connection()
    last = connection.execute(
        _take_statement(),
        {"take_prefix": prefix, "take_year": year, "take_count": count},
    ).scalar()
    if last is None:  # the first number of this prefix and year
        connection.execute(
            insert(ReferenceCounter).values(prefix=prefix, year=year, last=count)
        )
        last = count
    return [f"{prefix}-{year}-{n:04d}" for n in range(last - count + 1, last + 1)]
