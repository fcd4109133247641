"""The floor of bench_load.py: the smallest WSGI app that stores one row a POST.

It runs under the same gunicorn settings and on the same database as the real
app (SIGNALEN_DATABASE_URL), with the same engine: SQLAlchemy, a connection
pool, and for SQLite the app's own connection settings (WAL, busy timeout),
which importing signalen registers. Not part of the app: only the benchmark
starts it.

    gunicorn -w 4 -b 127.0.0.1:PORT --chdir bench load_floor_app:app

`app_floor` (made when BENCH_APP_FLOOR is set) is the same insert as a page of
the app itself, a reference for where the intake's time goes.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from urllib.parse import parse_qs

from sqlalchemy import (
    Column,
    DateTime,
    Integer,
    MetaData,
    String,
    Table,
    create_engine,
    insert,
)

import signalen  # noqa: F401  (the SQLite connection settings of the app)
from signalen.config import normalise_database_uri

metadata = MetaData()
rows = Table(
    "bench_floor_rows",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("key", String(64), unique=True),
    Column("created_at", DateTime),
)
engines: list = []  # made on the first request, in each gunicorn worker


def engine():
    if not engines:
        url = normalise_database_uri(os.environ["SIGNALEN_DATABASE_URL"])
        engines.append(create_engine(url, pool_pre_ping=True))
    return engines[0]


def app(environ, start_response):
    """GET: a tiny page; POST key=...: insert one row, commit, 302."""
    if environ["REQUEST_METHOD"] != "POST":
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"ok"]
    size = int(environ.get("CONTENT_LENGTH") or 0)
    form = parse_qs(environ["wsgi.input"].read(size).decode())
    key = form.get("key", [""])[0][:64]
    with engine().begin() as conn:
        conn.execute(insert(rows).values(key=key, created_at=datetime.now(UTC)))
    start_response("302 Found", [("Location", "/"), ("Content-Length", "0")])
    return [b""]


def make_flask_app():
    """The same endpoint in Flask with Flask-SQLAlchemy, the framework and ORM
    session of the real app: the floor the intake's target is measured against."""
    from flask import Flask, redirect, request
    from flask_sqlalchemy import SQLAlchemy

    flask = Flask(__name__)
    flask.config["SQLALCHEMY_DATABASE_URI"] = normalise_database_uri(
        os.environ["SIGNALEN_DATABASE_URL"]
    )
    flask.config["SQLALCHEMY_ENGINE_OPTIONS"] = {"pool_pre_ping": True}
    store = SQLAlchemy(flask)

    @flask.route("/", methods=["GET", "POST"])
    def index():
        if request.method == "GET":
            return "ok"
        store.session.execute(
            insert(rows).values(
                key=request.form.get("key", "")[:64], created_at=datetime.now(UTC)
            )
        )
        store.session.commit()
        return redirect("/")

    return flask


def make_app_floor():
    """The same insert as a page of the app itself: its session, login, role
    check, CSRF protection, menu and request log, without the intake's form,
    checks and writer (a reference: how much of the intake's cost is the
    framework every page of the app pays)."""
    from flask import redirect, render_template, request

    from signalen import create_app
    from signalen.extensions import db
    from signalen.permissions import Role, role_required

    app = create_app()
    page = app.jinja_env.from_string(
        '{% extends "base.html" %}{% block content %}<form method="post">'
        '<input name="csrf_token" type="hidden" value="{{ csrf_token() }}">'
        '<input name="key"></form>{% endblock %}'
    )

    @role_required(Role.WORKER, Role.COORDINATOR)
    def floor_page():
        if request.method == "GET":
            return render_template(page)
        db.session.execute(
            insert(rows).values(
                key=request.form.get("key", "")[:64], created_at=datetime.now(UTC)
            )
        )
        db.session.commit()
        return redirect("/bench-floor")

    app.add_url_rule("/bench-floor", "bench_floor", floor_page, methods=["GET", "POST"])
    return app


flask_app = make_flask_app() if "SIGNALEN_DATABASE_URL" in os.environ else None
app_floor = make_app_floor() if "BENCH_APP_FLOOR" in os.environ else None
