"""Readable references such as S-2026-0042, numbered per prefix and year."""

from __future__ import annotations

from functools import cache
from typing import Any, cast

from sqlalchemy import CursorResult, Integer, String, bindparam, select, update
from sqlalchemy.orm import Mapped, mapped_column

from signalen.extensions import Model, db


class ReferenceCounter(Model):
    __tablename__ = "reference_counters"

    prefix: Mapped[str] = mapped_column(String(8), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    last: Mapped[int] = mapped_column(Integer, default=0)


@cache
def _take_next_statement():
    # Built once per process: every new signal takes a number.
    return (
        update(ReferenceCounter)
        .where(
            ReferenceCounter.prefix == bindparam("take_prefix"),
            ReferenceCounter.year == bindparam("take_year"),
        )
        .values(last=ReferenceCounter.last + 1)
        .returning(ReferenceCounter.last)
    )


def next_reference(prefix: str, year: int) -> str:
    """Take the next number for prefix and year; the UPDATE serialises writers."""
    # One statement: the new number comes back from the UPDATE (RETURNING, on
    # SQLite 3.35+ and PostgreSQL).
    number = db.session.execute(
        _take_next_statement(), {"take_prefix": prefix, "take_year": year}
    ).scalar()
    if number is None:
        db.session.add(ReferenceCounter(prefix=prefix, year=year, last=1))
        db.session.flush()
        number = 1
    return f"{prefix}-{year}-{number:04d}"


def reserve_references(prefix: str, year: int, count: int) -> list[str]:
    """Take `count` consecutive numbers for prefix and year with one UPDATE
    (bulk imports); the same numbering and locking as `next_reference`."""
    if count <= 0:
        return []
    result = cast(
        "CursorResult[Any]",
        db.session.execute(
            update(ReferenceCounter)
            .where(ReferenceCounter.prefix == prefix, ReferenceCounter.year == year)
            .values(last=ReferenceCounter.last + count)
        ),
    )
    if result.rowcount == 0:
        db.session.add(ReferenceCounter(prefix=prefix, year=year, last=count))
        db.session.flush()
        last = count
    else:
        last = db.session.execute(
            select(ReferenceCounter.last).where(
                ReferenceCounter.prefix == prefix, ReferenceCounter.year == year
            )
        ).scalar_one()
    return [f"{prefix}-{year}-{n:04d}" for n in range(last - count + 1, last + 1)]
