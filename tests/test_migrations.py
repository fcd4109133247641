"""Every table comes from the migrations; they match the models exactly."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect


def test_migrated_schema_matches_the_models(db):
    with db.engine.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"compare_type": False, "render_as_batch": True}
        )
        diff = compare_metadata(context, db.metadata)
    assert diff == []


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
