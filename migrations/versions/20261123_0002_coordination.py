"""coordination: full-text search index over signals

SQLite: an external-content FTS5 table kept in sync by triggers.
PostgreSQL: a STORED generated tsvector column ('dutch') with a GIN index.
Neither object is in the models; migrations/env.py and the schema test ignore
them through signalen.coordination.search.include_object.

Revision ID: 20261123_0002
Revises: 20261123_0001
Create Date: 2026-11-23 05:00:00

"""

from alembic import op

revision = "20261123_0002"
down_revision = "20261123_0001"
branch_labels = None
depends_on = None

FTS_COLUMNS = "title, description, examples, proposed_solution"

# Same accent folding as signalen.coordination.search.PG_ACCENTS (immutable).
PG_FROM = "áàâäãåéèêëíìîïóòôöõúùûüýÿçñÁÀÂÄÃÅÉÈÊËÍÌÎÏÓÒÔÖÕÚÙÛÜÝÇÑ"
PG_TO = "aaaaaaeeeeiiiiooooouuuuyycnAAAAAAEEEEIIIIOOOOOUUUUYCN"


def _pg_part(column: str, weight: str) -> str:
    return (
        f"setweight(to_tsvector('dutch'::regconfig, translate(coalesce({column}, ''), "
        f"'{PG_FROM}', '{PG_TO}')), '{weight}')"
    )


def upgrade():
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        op.execute(
            f"CREATE VIRTUAL TABLE signals_fts USING fts5({FTS_COLUMNS}, "
            "content='signals', content_rowid='id', "
            "tokenize='unicode61 remove_diacritics 2')"
        )
        new_values = (
            "new.id, new.title, new.description, new.examples, new.proposed_solution"
        )
        old_values = (
            "old.id, old.title, old.description, old.examples, old.proposed_solution"
        )
        op.execute(
            "CREATE TRIGGER signals_fts_ai AFTER INSERT ON signals BEGIN "
            f"INSERT INTO signals_fts(rowid, {FTS_COLUMNS}) VALUES ({new_values}); END"
        )
        op.execute(
            "CREATE TRIGGER signals_fts_ad AFTER DELETE ON signals BEGIN "
            f"INSERT INTO signals_fts(signals_fts, rowid, {FTS_COLUMNS}) "
            f"VALUES ('delete', {old_values}); END"
        )
        op.execute(
            f"CREATE TRIGGER signals_fts_au AFTER UPDATE OF {FTS_COLUMNS} ON signals "
            "BEGIN "
            f"INSERT INTO signals_fts(signals_fts, rowid, {FTS_COLUMNS}) "
            f"VALUES ('delete', {old_values}); "
            f"INSERT INTO signals_fts(rowid, {FTS_COLUMNS}) VALUES ({new_values}); END"
        )
        op.execute("INSERT INTO signals_fts(signals_fts) VALUES ('rebuild')")
    elif bind.dialect.name == "postgresql":
        vector = " || ".join(
            [
                _pg_part("title", "A"),
                _pg_part("description", "B"),
                _pg_part("examples", "C"),
                _pg_part("proposed_solution", "C"),
            ]
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
        for trigger in ("signals_fts_ai", "signals_fts_ad", "signals_fts_au"):
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        op.execute("DROP TABLE IF EXISTS signals_fts")
    elif bind.dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_signals_search_vector")
        op.execute("ALTER TABLE signals DROP COLUMN IF EXISTS search_vector")
