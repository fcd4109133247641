"""The public page of a published bundle and its open data (no login), and
the beheerder's switch per bundle."""

from __future__ import annotations

import hashlib
import math

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from signalen.actions import run_and_commit
from signalen.bundles.models import Bundle
from signalen.database import utcnow
from signalen.extensions import db
from signalen.forms import ButtonForm
from signalen.pages import page_number
from signalen.permissions import Role, role_required
from signalen.public.opendata import open_data_json, open_data_zip
from signalen.public.services import (
    choices,
    filter_items,
    is_public,
    public_bundles,
    public_items,
    public_page,
    published_bundles,
    set_public_page,
)

bp = Blueprint("public", __name__)
PER_PAGE = 50
MAX_AGE = 60  # seconds a browser or proxy may keep a public page


def public_bundle(bundle_id: int) -> Bundle:
    bundle = db.session.get(Bundle, bundle_id)
    if bundle is None or not is_public(bundle):
        abort(404)
    return bundle


def cacheable(response: Response, stamp: tuple) -> Response:
    """A strong ETag from what the page was built from, and public caching;
    a request with that ETag gets 304 without a body."""
    key = f"{stamp!r}|{request.full_path}|{response.mimetype}"
    response.set_etag(hashlib.sha256(key.encode()).hexdigest()[:32])
    response.cache_control.public = True
    response.cache_control.max_age = MAX_AGE
    return response.make_conditional(request)


def not_modified(stamp: tuple, mimetype: str) -> Response | None:
    """304 before any rendering, when the client holds the current version."""
    probe = Response(mimetype=mimetype)
    probe = cacheable(probe, stamp)
    return probe if probe.status_code == 304 else None


@bp.get("/openbaar/")
def index():
    """The bundles with a public page."""
    html = render_template("public/index.html", bundles=public_bundles())
    response = Response(html, mimetype="text/html")  # werkzeug's default: text/plain
    response.cache_control.public = True
    response.cache_control.max_age = MAX_AGE
    return response


@bp.get("/openbaar/bundels/<int:bundle_id>")
def bundle_page(bundle_id: int):
    """Introduction, structural signals, priorities, answers and follow-up."""
    bundle = public_bundle(bundle_id)
    items, stamp = public_items(bundle)
    early = not_modified(stamp, "text/html")
    if early is not None:
        return early
    query = request.args.get("q", "")[:200]
    theme = request.args.get("thema", "")[:60]
    area = request.args.get("wijk", "")[:60]
    found = filter_items(items, query=query, theme=theme, area=area)
    pages = max(1, math.ceil(len(found) / PER_PAGE))
    page = min(page_number(), pages)
    shown = found[(page - 1) * PER_PAGE : page * PER_PAGE]
    themes, areas = choices(items)
    chosen = sorted(
        (i for i in items if i.chosen), key=lambda i: (i.rank or 0, i.position)
    )
    answered = sum(1 for i in items if i.answer)
    html = render_template(
        "public/bundle.html",
        bundle=bundle,
        items=shown,
        total=len(items),
        found=len(found),
        page=page,
        pages=pages,
        themes=themes,
        areas=areas,
        chosen=chosen,
        answered=answered,
        query=query,
        theme=theme,
        area=area,
        min_count=int(current_app.config.get("EXPORT_MIN_COUNT", 3)),
    )
    return cacheable(Response(html, mimetype="text/html"), stamp)


@bp.get("/openbaar/bundels/<int:bundle_id>/open-data.<fmt>")
def open_data(bundle_id: int, fmt: str):
    """The bundle's open data: a ZIP of CSV files with a README, or JSON."""
    if fmt not in ("zip", "json"):
        abort(404)
    bundle = public_bundle(bundle_id)
    items, stamp = public_items(bundle)
    mimetype = "application/zip" if fmt == "zip" else "application/json"
    early = not_modified(stamp, mimetype)
    if early is not None:
        return early
    now = utcnow()
    if fmt == "zip":
        body: bytes | str = open_data_zip(bundle, items, now)
    else:
        body = open_data_json(bundle, items, now)
    response = Response(body, mimetype=mimetype)
    name = f"signalenbundel-{bundle.period_start.year}-{bundle.period_end.year}"
    response.headers["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return cacheable(response, stamp)


# --- the beheerder's switch --------------------------------------------------


@bp.get("/beheer/openbaar")
@role_required(Role.ADMIN)
def settings():
    """Published bundles, each with its public page on or off."""
    bundles = published_bundles()
    pages = {b.id: public_page(b.id) for b in bundles}
    return render_template(
        "public/settings.html", bundles=bundles, pages=pages, form=ButtonForm()
    )


@bp.post("/beheer/openbaar/<int:bundle_id>")
@role_required(Role.ADMIN)
def switch(bundle_id: int):
    """Switch one bundle's public page on or off."""
    bundle = db.session.get(Bundle, bundle_id)
    if bundle is None:
        abort(404)
    form = ButtonForm()
    if form.validate_on_submit():
        enabled = request.form.get("enabled") == "1"
        if run_and_commit(
            lambda: set_public_page(bundle, enabled, current_user, utcnow())
        ):
            flash(
                _("De openbare pagina van %(t)s staat aan.", t=bundle.title)
                if enabled
                else _("De openbare pagina van %(t)s staat uit.", t=bundle.title),
                "success",
            )
    return redirect(url_for("public.settings"))
