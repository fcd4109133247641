"""Dashboards across bundles and the wijk view: read-only pages and downloads."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, render_template, request
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from signalen.bundles.models import Bundle
from signalen.dashboards.charts import Bar, bar_chart, column_chart
from signalen.dashboards.downloads import csv_bytes, xlsx_bytes
from signalen.dashboards.forms import DashboardFilterForm
from signalen.dashboards.queries import (
    BUNDLE_TABLES,
    SIGNAL_TABLES,
    Scope,
    Table,
    city_ceiling,
    dashboard_tables,
    make_scope,
    table_by_key,
    visible_bundles,
)
from signalen.dashboards.wijken import cached_wijk_rows, wijk_table
from signalen.forms import as_choices
from signalen.permissions import Role, has_role, role_required

bp = Blueprint("dashboards", __name__, url_prefix="/dashboards")
READERS = (Role.COORDINATOR, Role.CITY)
FILTER_KEYS = ("bundle", "date_from", "date_to")
FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def scope_from_request() -> tuple[DashboardFilterForm, Scope, list[Bundle]]:
    """The filters of this request, checked, as a Scope the user may see."""
    city = has_role(current_user, Role.CITY)
    bundles = visible_bundles(published_only=city)
    form = DashboardFilterForm(request.args)
    form.bundle.choices = as_choices(
        [("", _("Alle bundels"))] + [(str(b.id), b.title) for b in bundles]
    )
    valid = form.validate()
    chosen = next((b for b in bundles if str(b.id) == form.bundle.data), None)
    ceiling = None
    if city:
        # The city reads published bundles: no signal after the last one's period.
        ceiling = city_ceiling(bundles)
    scope = make_scope(
        bundles,
        bundle=chosen,
        start=form.date_from.data if valid else None,
        end=form.date_to.data if valid else None,
        ceiling=ceiling,
        min_count=int(current_app.config.get("EXPORT_MIN_COUNT", 3)),
    )
    return form, scope, bundles


def cache_seconds() -> float:
    return float(current_app.config.get("DASHBOARD_CACHE_SECONDS", 60))


def filter_query() -> dict[str, str]:
    """The filters of this request, to carry into links and downloads."""
    return {k: v for k in FILTER_KEYS if (v := request.args.get(k, ""))}


def chart_for(table: Table):
    bars = [Bar(label, value) for label, value in table.chart_values()]
    if table.chart == "column":
        return column_chart(bars, title=table.title)
    if table.chart == "bar":
        return bar_chart(bars, title=table.title)
    return None


@bp.app_context_processor
def dashboard_helpers() -> dict:
    return {"dashboard_chart": chart_for}


@bp.get("/")
@role_required(*READERS)
def index():
    """Signals, structural signals and answers over time and across bundles."""
    form, scope, _bundles = scope_from_request()
    tables = dashboard_tables(scope, cache_seconds())
    return render_template(
        "dashboards/index.html",
        form=form,
        scope=scope,
        signal_tables=tables[: len(SIGNAL_TABLES)],
        bundle_tables=tables[len(SIGNAL_TABLES) :],
        query=filter_query(),
    )


def download(table: Table, fmt: str, name: str) -> Response:
    header, rows = table.columns, table.rows
    if fmt == "csv":
        body = csv_bytes(header, rows)
    else:
        body = xlsx_bytes(table.title, header, rows)
    response = Response(body, mimetype=FORMATS[fmt])
    response.headers["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.get("/download/<key>.<fmt>")
@role_required(*READERS)
def table_download(key: str, fmt: str):
    """One dashboard block as CSV or Excel, with the page's filters."""
    if fmt not in FORMATS or key not in {**SIGNAL_TABLES, **BUNDLE_TABLES}:
        abort(404)
    _form, scope, _bundles = scope_from_request()
    table = table_by_key(scope, key, cache_seconds())
    if table is None:
        abort(404)
    return download(table, fmt, f"signalen-{key}")


@bp.get("/wijken")
@role_required(*READERS)
def wijken():
    """Per wijk: signals, top themes and structural signals over the last bundles."""
    form, scope, _bundles = scope_from_request()
    return render_template(
        "dashboards/wijken.html",
        form=form,
        rows=cached_wijk_rows(scope, cache_seconds()),
        scope=scope,
        query=filter_query(),
    )


@bp.get("/wijken.<fmt>")
@role_required(*READERS)
def wijken_download(fmt: str):
    """The wijk view as CSV (or Excel) with the wijken's names and codes."""
    if fmt not in FORMATS:
        abort(404)
    _form, scope, _bundles = scope_from_request()
    return download(
        wijk_table(cached_wijk_rows(scope, cache_seconds())), fmt, "signalen-per-wijk"
    )
