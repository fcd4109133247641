"""Every table comes from the migrations; they match the models exactly."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from signalen.coordination.search import include_object


def test_migrated_schema_matches_the_models(db):
    with db.engine.connect() as conn:
        context = MigrationContext.configure(
            conn,
            opts={
                "compare_type": False,
                "render_as_batch": True,
                # Only the full-text index objects (FTS5 tables / tsvector column)
                # are skipped; see test_search_index_is_the_only_extra below.
                "include_object": include_object,
            },
        )
        diff = compare_metadata(context, db.metadata)
    assert diff == []


def test_search_index_is_the_only_extra(db):
    """The filter above hides the search index and nothing else."""
    with db.engine.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"compare_type": False, "render_as_batch": True}
        )
        diff = compare_metadata(context, db.metadata)
    names = set()
    for entry in diff:
        for item in entry if isinstance(entry, list) else [entry]:
            obj = item[-1] if item[0] in ("remove_column",) else item[1]
            names.add((item[0], getattr(obj, "name", None)))
    # search_title and search_body are in the model (written with the texts).
    if db.engine.dialect.name == "sqlite":
        assert names and all(
            kind == "remove_table" and name.startswith("signals_fts")
            for kind, name in names
        ), names
    else:
        assert names == {
            ("remove_column", "search_vector"),
            ("remove_index", "ix_signals_search_vector"),
        }, names


def test_every_model_table_exists(db):
    names = set(inspect(db.engine).get_table_names())
    assert set(db.metadata.tables) <= names
    assert "alembic_version" in names


def test_downgrade_and_upgrade_again(app, db, tmp_path):
    """The migrations also go back down cleanly (on a scratch database)."""
    from flask_migrate import downgrade, upgrade

    from signalen import create_app

    scratch = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/m.db"})
    with scratch.app_context():
        upgrade(revision="heads")
        downgrade(revision="base")
        from signalen.extensions import db as scratch_db

        assert inspect(scratch_db.engine).get_table_names() == ["alembic_version"]
        upgrade(revision="heads")
        assert "signals" in inspect(scratch_db.engine).get_table_names()
        scratch_db.engine.dispose()
