"""coordination: the search index holds Snowball Dutch stems

`signals.search_title` and `signals.search_body` hold the stems of a signal's
title and of its other texts (signalen.coordination.words.index_text, kept up
to date by signalen.coordination.search on every insert and update). The
index is built over these on both databases, so SQLite and PostgreSQL find the
same signals:
SQLite: an external-content FTS5 table over the two columns, kept in sync by
triggers. PostgreSQL: a STORED generated tsvector ('simple': no second
stemming) with a GIN index. Neither the columns nor the index are in the
models; migrations/env.py and the schema test ignore them through
signalen.coordination.search.include_object.

Revision ID: 20261203_0001
Revises: 20261202_0041
Create Date: 2026-12-03 09:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "20261203_0001"
down_revision = "20261202_0041"
branch_labels = None
depends_on = None

OLD_COLUMNS = "title, description, examples, proposed_solution"
NEW_COLUMNS = "search_title, search_body"
PG_FROM = "áàâäãåéèêëíìîïóòôöõúùûüýÿçñÁÀÂÄÃÅÉÈÊËÍÌÎÏÓÒÔÖÕÚÙÛÜÝÇÑ"
PG_TO = "aaaaaaeeeeiiiiooooouuuuyycnAAAAAAEEEEIIIIOOOOOUUUUYCN"


def _drop_sqlite_index():
    for trigger in ("signals_fts_ai", "signals_fts_ad", "signals_fts_au"):
        op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    op.execute("DROP TABLE IF EXISTS signals_fts")


def _sqlite_index(columns: str):
    names = [c.strip() for c in columns.split(",")]
    new = ", ".join(["new.id"] + [f"new.{c}" for c in names])
    old = ", ".join(["old.id"] + [f"old.{c}" for c in names])
    op.execute(
        f"CREATE VIRTUAL TABLE signals_fts USING fts5({columns}, "
        "content='signals', content_rowid='id', "
        "tokenize='unicode61 remove_diacritics 2')"
    )
    op.execute(
        "CREATE TRIGGER signals_fts_ai AFTER INSERT ON signals BEGIN "
        f"INSERT INTO signals_fts(rowid, {columns}) VALUES ({new}); END"
    )
    op.execute(
        "CREATE TRIGGER signals_fts_ad AFTER DELETE ON signals BEGIN "
        f"INSERT INTO signals_fts(signals_fts, rowid, {columns}) "
        f"VALUES ('delete', {old}); END"
    )
    op.execute(
        f"CREATE TRIGGER signals_fts_au AFTER UPDATE OF {columns} ON signals BEGIN "
        f"INSERT INTO signals_fts(signals_fts, rowid, {columns}) "
        f"VALUES ('delete', {old}); "
        f"INSERT INTO signals_fts(rowid, {columns}) VALUES ({new}); END"
    )
    op.execute("INSERT INTO signals_fts(signals_fts) VALUES ('rebuild')")


def _backfill(bind):
    from signalen.coordination.words import index_text

    rows = bind.execute(
        sa.text(f"SELECT id, {OLD_COLUMNS} FROM signals ORDER BY id")
    ).all()
    update = sa.text(
        "UPDATE signals SET search_title = :t, search_body = :b WHERE id = :id"
    )
    batch = []
    for id_, title, description, examples, solution in rows:
        body = " ".join(filter(None, (description, examples, solution)))
        batch.append({"id": id_, "t": index_text(title), "b": index_text(body)})
        if len(batch) >= 1000:
            bind.execute(update, batch)
            batch = []
    if batch:
        bind.execute(update, batch)


def upgrade():
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        _drop_sqlite_index()
    elif bind.dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_signals_search_vector")
        op.execute("ALTER TABLE signals DROP COLUMN IF EXISTS search_vector")
    op.execute("ALTER TABLE signals ADD COLUMN search_title TEXT")
    op.execute("ALTER TABLE signals ADD COLUMN search_body TEXT")
    _backfill(bind)
    if bind.dialect.name == "sqlite":
        _sqlite_index(NEW_COLUMNS)
    elif bind.dialect.name == "postgresql":
        vector = (
            "setweight(to_tsvector('simple'::regconfig, coalesce(search_title, '')), "
            "'A') || setweight(to_tsvector('simple'::regconfig, "
            "coalesce(search_body, '')), 'B')"
        )
        op.execute(
            f"ALTER TABLE signals ADD COLUMN search_vector tsvector "
            f"GENERATED ALWAYS AS ({vector}) STORED"
        )
        op.execute(
            "CREATE INDEX ix_signals_search_vector ON signals USING gin (search_vector)"
        )


def downgrade():
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        _drop_sqlite_index()
    elif bind.dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_signals_search_vector")
        op.execute("ALTER TABLE signals DROP COLUMN IF EXISTS search_vector")
    with op.batch_alter_table("signals") as batch:
        batch.drop_column("search_body")
        batch.drop_column("search_title")
    if bind.dialect.name == "sqlite":
        _sqlite_index(OLD_COLUMNS)
    elif bind.dialect.name == "postgresql":
        parts = [
            f"setweight(to_tsvector('dutch'::regconfig, translate(coalesce({c}, ''), "
            f"'{PG_FROM}', '{PG_TO}')), '{w}')"
            for c, w in (("title", "A"), ("description", "B"),
                         ("examples", "C"), ("proposed_solution", "C"))
        ]  # fmt: skip
        op.execute(
            "ALTER TABLE signals ADD COLUMN search_vector tsvector "
            f"GENERATED ALWAYS AS ({' || '.join(parts)}) STORED"
        )
        op.execute(
            "CREATE INDEX ix_signals_search_vector ON signals USING gin (search_vector)"
        )
