"""The read-only JSON API (/api/v1/, a Bearer token per request) and the
beheerder's page that issues and revokes the tokens.

The OpenAPI document is generated from the routes and schemas below
(flask-smorest) and served at /api/v1/openapi.json.
"""

from __future__ import annotations

import math
import time
from typing import Any

from flask import Blueprint as PlainBlueprint
from flask import (
    Flask,
    Response,
    abort,
    current_app,
    flash,
    g,
    jsonify,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from flask_smorest import Api, Blueprint
from werkzeug.datastructures import WWWAuthenticate
from werkzeug.exceptions import HTTPException, TooManyRequests, Unauthorized

from signalen.actions import commit_or_explain, run_and_commit
from signalen.api.forms import TokenForm
from signalen.api.limits import SharedFixedWindow
from signalen.api.models import ApiToken
from signalen.api.reading import (
    COUNT_KEYS,
    COUNT_READERS,
    bundle_details,
    bundle_fields,
    bundle_items,
    counts_scope,
    counts_table,
    item_counts,
    readable_bundle,
    readable_bundles,
    table_fields,
)
from signalen.api.schemas import (
    AnswerPageSchema,
    BundleDetailSchema,
    BundlePageSchema,
    CountArgs,
    CountsSchema,
    FollowUpPageSchema,
    ItemArgs,
    ItemPageSchema,
    ItemSchema,
    PageArgs,
)
from signalen.api.tokens import (
    all_tokens,
    issuable_users,
    issue_token,
    mark_used,
    revoke_token,
    token_for,
)
from signalen.auth.models import User
from signalen.bundles.models import Bundle
from signalen.database import as_id, utcnow
from signalen.extensions import csrf, db
from signalen.forms import ButtonForm, as_choices
from signalen.permissions import Role, has_role, role_required
from signalen.public.services import filter_items

API_PREFIX = "/api/v1"
bp = Blueprint(
    "api",
    __name__,
    url_prefix=API_PREFIX,
    description="Signalenbundels, structurele signalen, antwoorden, opvolging "
    "en de aantallen van de dashboards. Alleen lezen; een Bearer-sleutel per "
    "aanvraag.",
)
limiter = SharedFixedWindow()
ERROR_CODES = (400, 401, 403, 404, 405, 422, 429, 500)


class SignalenApi(Api):
    """flask-smorest's Api whose JSON errors stay inside the API: every other
    page keeps the app's own (Dutch, HTML) error pages."""

    def handle_http_exception(self, error):
        if request.blueprint != bp.name:
            return error
        return json_error(error)


def register_api(app: Flask) -> None:
    """The API blueprint, its OpenAPI document and the beheerder's token page."""
    app.config.setdefault("API_TITLE", "Signalen API")
    app.config.setdefault("API_VERSION", "1")
    app.config.setdefault("OPENAPI_VERSION", "3.0.3")
    app.config.setdefault("OPENAPI_URL_PREFIX", API_PREFIX)
    app.config.setdefault("API_RATE_LIMIT", 120)
    app.config.setdefault("API_RATE_WINDOW_SECONDS", 60)
    api = SignalenApi(
        app,
        spec_kwargs={
            "security": [{"bearer": []}],
            "info": {
                "description": "Alleen lezen. Elke aanvraag draagt "
                "'Authorization: Bearer <sleutel>'; een beheerder geeft de "
                "sleutel uit onder Beheer > API-sleutels. De sleutel leest wat "
                "zijn account leest."
            },
        },
    )
    api.spec.components.security_scheme("bearer", {"type": "http", "scheme": "bearer"})
    csrf.exempt(bp)  # GET only: nothing here changes anything
    api.register_blueprint(bp)
    app.register_blueprint(tokens_bp)


# --- errors, authentication and the rate limit ----------------------------------


def json_error(error: HTTPException):
    """{code, status, message} with the error's own headers (Retry-After, ...)."""
    code = error.code or 500
    payload: dict[str, Any] = {"code": code, "status": error.name}
    data = getattr(error, "data", None) or {}
    if "messages" in data:
        payload["errors"] = data["messages"]
    payload["message"] = data.get("message") or error.description or error.name
    response = jsonify(payload)
    response.status_code = code
    for name, value in error.get_headers():
        if name.lower() != "content-type":
            response.headers[name] = value
    response.headers["Cache-Control"] = "no-store"
    return response


for _code in ERROR_CODES:
    bp.register_error_handler(_code, json_error)


def bearer_secret() -> str:
    header = request.headers.get("Authorization", "")
    scheme, _sep, secret = header.partition(" ")
    return secret.strip() if scheme.lower() == "bearer" else ""


def unauthorized(message: str) -> Unauthorized:
    """401 with the challenge a client expects for a Bearer token."""
    return Unauthorized(
        message, www_authenticate=WWWAuthenticate("bearer", {"realm": "signalen"})
    )


@bp.before_request
def authenticate() -> None:
    """A valid, unrevoked token of an active account, within its rate limit."""
    token = token_for(bearer_secret())
    if token is None:
        raise unauthorized(
            _("Geef een geldige sleutel mee: Authorization: Bearer <sleutel>.")
        )
    verdict = limiter.hit(
        token.id,
        time.time(),
        int(current_app.config["API_RATE_LIMIT"]),
        int(current_app.config["API_RATE_WINDOW_SECONDS"]),
    )
    if not verdict.allowed:
        raise TooManyRequests(
            _("Te veel aanvragen met deze sleutel. Probeer het straks opnieuw."),
            retry_after=verdict.retry_after,
        )
    if mark_used(token, utcnow()):
        db.session.commit()
    g.api_user = token.user
    g.api_remaining = verdict.remaining


@bp.after_request
def api_headers(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-store"
    if "api_remaining" in g:
        response.headers["X-RateLimit-Limit"] = str(
            current_app.config["API_RATE_LIMIT"]
        )
        response.headers["X-RateLimit-Remaining"] = str(g.api_remaining)
    return response


def api_user() -> User:
    return g.api_user


def bundle_or_404(bundle_id: int) -> Bundle:
    bundle = readable_bundle(api_user(), bundle_id)
    if bundle is None:
        abort(404, _("Deze bundel bestaat niet of je sleutel mag hem niet lezen."))
    return bundle


def page_of(rows: list, args: dict) -> dict:
    """One page of a list, with where it is."""
    per_page = args["per_page"]
    pages = max(1, math.ceil(len(rows) / per_page))
    start = (args["page"] - 1) * per_page
    return {
        "items": rows[start : start + per_page],
        "page": args["page"],
        "per_page": per_page,
        "total": len(rows),
        "pages": pages,
    }


# --- the endpoints ----------------------------------------------------------------

DOCUMENTED = {
    401: "Geen of een ongeldige sleutel.",
    429: "Te veel aanvragen: wacht zoveel seconden als Retry-After zegt.",
}


def documented_errors(*codes: int):
    """Document the errors every endpoint may give (and these codes)."""

    def decorator(view):
        for code in (*codes, 401, 429):
            view = bp.alt_response(
                code,
                description=DOCUMENTED.get(code, "Fout."),
                schema=Api.ERROR_SCHEMA,
            )(view)
        return view

    return decorator


@bp.get("/bundles")
@bp.arguments(PageArgs, location="query", as_kwargs=False)
@bp.response(200, BundlePageSchema)
@documented_errors()
def bundles(args):
    """Bundles this token may read, newest first.

    The stad reads published bundles; a coördinator also closed ones; another
    account only bundles whose public page is on."""
    found = readable_bundles(api_user())
    counts = item_counts(found)
    return page_of([bundle_fields(b, counts.get(b.id, 0)) for b in found], args)


@bp.get("/bundles/<int:bundle_id>")
@bp.response(200, BundleDetailSchema)
@documented_errors(404)
def bundle(bundle_id: int):
    """One bundle, with its introduction."""
    return bundle_details(bundle_or_404(bundle_id))


@bp.get("/bundles/<int:bundle_id>/items")
@bp.arguments(ItemArgs, location="query", as_kwargs=False)
@bp.response(200, ItemPageSchema)
@documented_errors(404)
def items(args, bundle_id: int):
    """The bundle's structural signals as the public page shows them: counts
    under the small-numbers rule, no organisation that chose anonymity."""
    found = filter_items(
        bundle_items(bundle_or_404(bundle_id)),
        query=args["q"],
        theme=args["theme"],
        area=args["wijk"],
    )
    return page_of(found, args)


@bp.get("/bundles/<int:bundle_id>/items/<reference>")
@bp.response(200, ItemSchema)
@documented_errors(404)
def item(bundle_id: int, reference: str):
    """One structural signal of the bundle, by its reference."""
    for found in bundle_items(bundle_or_404(bundle_id)):
        if found.reference == reference:
            return found
    abort(404, _("Dit structurele signaal staat niet in deze bundel."))


@bp.get("/bundles/<int:bundle_id>/answers")
@bp.arguments(PageArgs, location="query", as_kwargs=False)
@bp.response(200, AnswerPageSchema)
@documented_errors(404)
def answers(args, bundle_id: int):
    """The city's latest answer per structural signal that has one."""
    rows = [
        {"reference": i.reference, "title": i.title, "answer": i.answer}
        for i in bundle_items(bundle_or_404(bundle_id))
        if i.answer is not None
    ]
    return page_of(rows, args)


@bp.get("/bundles/<int:bundle_id>/follow-up")
@bp.arguments(PageArgs, location="query", as_kwargs=False)
@bp.response(200, FollowUpPageSchema)
@documented_errors(404)
def follow_up(args, bundle_id: int):
    """The current follow-up step per structural signal that has one."""
    rows = [
        {"reference": i.reference, "title": i.title, "follow_up": i.follow_up}
        for i in bundle_items(bundle_or_404(bundle_id))
        if i.follow_up is not None
    ]
    return page_of(rows, args)


@bp.get("/counts")
@bp.arguments(CountArgs, location="query", as_kwargs=False)
@bp.response(200, CountsSchema)
@documented_errors(403, 404)
def counts(args):
    """The dashboards' counts and the wijk view (coördinator and stad only),
    with the small-numbers rule: a count from 1 to 2 is "<3"."""
    user = api_user()
    if not has_role(user, *COUNT_READERS):
        abort(403, _("De aantallen zijn er voor coördinatoren en de stad."))
    chosen = None
    if args["bundle"] is not None:
        chosen = readable_bundle(user, args["bundle"])
        if chosen is None:
            abort(404, _("Deze bundel bestaat niet of je sleutel mag hem niet lezen."))
    scope = counts_scope(user, chosen, args["date_from"], args["date_to"])
    tables = []
    for key in COUNT_KEYS:
        table = counts_table(scope, key)
        if table is not None:
            tables.append(table_fields(key, table))
    return {
        "bundle": chosen.id if chosen else None,
        "date_from": scope.start,
        "date_to": scope.end,
        "tables": tables,
    }


# --- the beheerder's page: issue and revoke tokens ---------------------------------

tokens_bp = PlainBlueprint("api_tokens", __name__, url_prefix="/beheer/api-sleutels")


def token_form() -> TokenForm:
    form = TokenForm()
    form.user.choices = as_choices(
        [("", _("Kies een account"))]
        + [
            (str(u.id), f"{u.display_name} ({u.role.label}, {u.organisation.name})")
            for u in issuable_users()
        ]
    )
    return form


def token_page(form: TokenForm):
    return render_template(
        "api/tokens.html", form=form, tokens=all_tokens(), button=ButtonForm()
    )


@tokens_bp.get("/")
@role_required(Role.ADMIN)
def index():
    """Every API token, with a form to issue one."""
    return token_page(token_form())


@tokens_bp.post("/")
@role_required(Role.ADMIN)
def issue():
    """Issue a token; it is shown once, on the page that follows."""
    form = token_form()
    if form.validate_on_submit():
        owner_id = as_id(form.user.data)
        owner = db.session.get(User, owner_id) if owner_id is not None else None
        if owner is None:
            abort(404)
        issued = commit_or_explain(
            lambda: issue_token(owner, form.name.data, current_user, utcnow()), form
        )
        if issued:
            response = make_response(
                render_template("api/token_shown.html", issued=issued.value)
            )
            response.headers["Cache-Control"] = "no-store"
            return response
    return token_page(form)


@tokens_bp.post("/<int:token_id>/intrekken")
@role_required(Role.ADMIN)
def revoke(token_id: int):
    """Revoke a token: it stops working at once, for good."""
    token = db.session.get(ApiToken, token_id)
    if token is None:
        abort(404)
    if ButtonForm().validate_on_submit() and run_and_commit(
        lambda: revoke_token(token, current_user, utcnow())
    ):
        flash(_("De sleutel '%(n)s' is ingetrokken.", n=token.name), "success")
    return redirect(url_for("api_tokens.index"))
