"""Recording, listing and reading signals (workers; coordinators read all)."""

from __future__ import annotations

from datetime import date, datetime
from typing import NamedTuple

from flask import (
    Blueprint,
    abort,
    current_app,
    get_template_attribute,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup, escape
from sqlalchemy import select

from signalen.actions import flash_message, submit
from signalen.clock import local_midnight
from signalen.database import as_id, utcnow
from signalen.errors import shows_personal_data
from signalen.extensions import db
from signalen.forms import as_choices
from signalen.pages import paginate
from signalen.permissions import Role, can_edit_signal, can_view_signal, role_required
from signalen.signals.choices import Choice
from signalen.signals.forms import (
    AnswerForm,
    ConfirmForm,
    SignalFilterForm,
    SignalForm,
    WithdrawForm,
    new_idempotency_key,
)
from signalen.signals.models import SIGNAL_STATUS_LABELS, Signal, SignalStatus
from signalen.signals.services import (
    FREE_TEXT_FIELDS,
    SignalData,
    active_choices,
    answer_question,
    by_last_activity,
    can_withdraw,
    delete_draft,
    record_signal_once,
    signals_query,
    submit_draft,
    update_signal,
    withdraw_signal,
)
from signalen.textcheck import (
    TextTooLong,
    find_in_fields,
    mask_fields,
    warnings_in_fields,
)

bp = Blueprint("signals", __name__, url_prefix="/signalen")
RECORDERS = (Role.WORKER, Role.COORDINATOR)


def get_visible_signal(reference: str) -> Signal:
    """Load a signal the current user may see; others get a 404, not a hint."""
    signal = db.session.scalar(select(Signal).where(Signal.reference == reference))
    if signal is None or not can_view_signal(current_user, signal):
        abort(404)
    return signal


def data_from_form(form: SignalForm) -> SignalData:
    def as_int(value):
        return int(value) if value not in (None, "") else None

    city = form.concerns_city_service.data
    return SignalData(
        title=form.title.data,
        description=form.description.data,
        theme_ids=list(form.themes.data or []),
        examples=form.examples.data or None,
        proposed_solution=form.proposed_solution.data or None,
        target_group_ids=list(form.target_groups.data or []),
        area_ids=list(form.areas.data or []),
        city_wide=bool(form.city_wide.data),
        observed_month=as_int(form.observed_month.data),
        observed_year=as_int(form.observed_year.data),
        people_affected=form.people_affected.data,
        government_level_id=as_int(form.government_level.data),
        concerns_city_service={"ja": True, "nee": False}.get(city),
        accepted_findings=request.form.getlist("pii_ok"),
    )


def fill_form_from_signal(form: SignalForm, signal: Signal) -> None:
    form.title.data = signal.title
    form.description.data = signal.description
    form.examples.data = signal.examples
    form.proposed_solution.data = signal.proposed_solution
    form.themes.data = [t.id for t in signal.themes]
    form.target_groups.data = [t.id for t in signal.target_groups]
    form.areas.data = [a.id for a in signal.areas]
    form.city_wide.data = signal.city_wide
    form.observed_month.data = str(signal.observed_month or "")
    form.observed_year.data = str(signal.observed_year or "")
    form.people_affected.data = signal.people_affected
    form.government_level.data = str(signal.government_level_id or "")
    form.concerns_city_service.data = {True: "ja", False: "nee", None: ""}[
        signal.concerns_city_service
    ]
    form.version.data = str(signal.version)


class Saved(NamedTuple):
    """What the answer to a saved form needs, read before the commit (which
    expires the signal: reading it after would load it again)."""

    reference: str
    status: SignalStatus
    created: bool


def save_from_form(form: SignalForm, signal: Signal | None) -> Saved:
    """Run the service for a valid POST; return what was stored, or raise."""
    action = request.form.get("action", "draft")
    if action == "mask":
        # One click: replace what was found by placeholders, then save as intended.
        masked = mask_fields(
            {name: getattr(form, name).data for name in FREE_TEXT_FIELDS},
            request.form.getlist("pii_ok"),
        )
        for name, value in masked.items():
            getattr(form, name).data = value
        action = form.intent.data or "draft"
    submit = action == "submit"
    form.intent.data = "submit" if submit else "draft"
    data = data_from_form(form)
    if signal is None:
        recorded = record_signal_once(
            current_user, data, key=form.idempotency_key.data or None, submit=submit
        )
        return Saved(recorded.reference, recorded.status, recorded.created)
    version = as_id(form.version.data)  # "²" passes isdigit() but not int()
    saved = update_signal(
        signal, current_user, data, expected_version=version, submit=submit
    )
    return Saved(saved.reference, saved.status, True)


def handle_signal_form(form: SignalForm, signal: Signal | None, template_args: dict):
    if request.method == "POST" and form.validate():
        done = submit(
            form,
            lambda: save_from_form(form, signal),
            success=lambda saved: url_for("signals.detail", reference=saved.reference),
            flash=saved_message,
        )
        if done:
            return done
    pii = form.pii
    if pii:
        shows_personal_data()
    status = 200
    if request.method == "POST" and (form.errors or pii):
        status = 422
    choices = template_args.pop("choices")
    return (
        render_template(
            "signals/form.html",
            form=form,
            pii=pii,
            theme_groups=group_themes(choices["themes"]),
            **template_args,
        ),
        status,
    )


#: The blank new form's HTML, rendered once per process for each locale,
#: version of the choice lists and day (the years offered), with slots for the
#: values each page gets its own of. Most of the page, the same for everyone.
_blank_forms: dict[tuple, str] = {}
CSRF_SLOT = "\x00csrf\x00"  # no text from the database holds a NUL
KEY_SLOT = "\x00key\x00"


def blank_form(choices: dict) -> Markup:
    """A new, empty signal form: rendered once from the same template as every
    other, then given this page's CSRF token and idempotency key."""
    today = utcnow().date()
    key = (
        str(get_locale()),
        today,
        current_app.config.get("WTF_CSRF_ENABLED", True),
        tuple(tuple(options) for options in choices.values()),
    )
    html = _blank_forms.get(key)
    if html is None:
        form = SignalForm()
        form.fill_choices(choices, today)
        if "csrf_token" in form:
            form.csrf_token.current_token = CSRF_SLOT
        form.idempotency_key.data = KEY_SLOT
        macro = get_template_attribute("signals/_form_parts.html", "signal_form")
        html = str(macro(form, None, None, group_themes(choices["themes"])))
        if len(_blank_forms) >= 8:  # lists changed: forget the old renderings
            _blank_forms.clear()
        _blank_forms[key] = html
    html = html.replace(KEY_SLOT, escape(new_idempotency_key()))
    if CSRF_SLOT in html:
        html = html.replace(CSRF_SLOT, escape(generate_csrf()))
    return Markup(html)


def saved_message(saved: Saved) -> str:
    if not saved.created:
        return _("Dit signaal was al bewaard.")
    if saved.status == SignalStatus.DRAFT:
        return _("Je signaal is bewaard als concept.")
    return _("Je signaal %(ref)s is ingediend.", ref=saved.reference)


def group_themes(themes: list[Choice]) -> list[tuple[str, list[Choice]]]:
    """Themes under their social right, in the order the beheerder set."""
    groups: dict[int | None, list[Choice]] = {}
    for theme in themes:
        groups.setdefault(theme.group_id, []).append(theme)

    def order(item):
        first = item[1][0]
        return (first.group_id is None, first.group_position)

    return [
        (members[0].group_label or _("Andere"), members)
        for _gid, members in sorted(groups.items(), key=order)
    ]


@bp.route("/nieuw", methods=["GET", "POST"])
@role_required(*RECORDERS)
def new():
    """Record a new signal."""
    choices = active_choices()
    if request.method == "GET":
        return render_template(
            "signals/form.html", blank_form=blank_form(choices), signal=None
        )
    form = SignalForm()
    form.fill_choices(choices, utcnow().date())
    return handle_signal_form(form, None, {"choices": choices, "signal": None})


@bp.route("/<reference>/bewerken", methods=["GET", "POST"])
@role_required(*RECORDERS)
def edit(reference: str):
    """Edit my own signal until a coordinator has processed it."""
    signal = get_visible_signal(reference)
    if not can_edit_signal(current_user, signal):
        abort(403)
    choices = active_choices()
    # Keep values that are on the signal even if they were deactivated since.
    for key, current in (
        ("themes", signal.themes),
        ("target_groups", signal.target_groups),
        ("areas", signal.areas),
    ):
        ids = {c.id for c in choices[key]}
        choices[key] += [Choice.of(c) for c in current if c.id not in ids]
    form = SignalForm()
    form.fill_choices(choices, utcnow().date())
    if request.method == "GET":
        fill_form_from_signal(form, signal)
    return handle_signal_form(form, signal, {"choices": choices, "signal": signal})


def list_page(query, title: str, endpoint: str, show_author: bool):
    form = SignalFilterForm(request.args)
    choices = active_choices()
    form.theme.choices = as_choices(
        [("", _("Alle thema's"))] + [(str(t.id), t.label) for t in choices["themes"]]
    )
    form.status.choices = as_choices(
        [("", _("Alle statussen"))]
        + [(s.value, str(label)) for s, label in SIGNAL_STATUS_LABELS.items()]
    )
    form.validate()
    theme = form.theme.data if not form.theme.errors else None
    status = form.status.data if not form.status.errors else None
    start, end = form.month(form.month_from), form.month(form.month_to)
    if start and end and start > end:
        start = end = None  # the form says why; show all rather than nothing
    query = signals_query(
        viewer_id=current_user.id,
        theme_id=int(theme) if theme else None,
        status=status or None,
        text=form.q.data if not form.q.errors else None,
        since=month_start(*start) if start else None,
        until=month_start(*next_month(*end)) if end else None,
        **query,
    )
    by_activity = request.args.get("volgorde") == "activiteit"
    if by_activity:
        query = by_last_activity(query)
    page = paginate(query, per_page=current_app.config["PAGE_SIZE"])
    return render_template(
        "signals/list.html",
        by_activity=by_activity,
        page=page,
        form=form,
        title=title,
        endpoint=endpoint,
        show_author=show_author,
    )


@bp.get("/mijn")
@role_required(*RECORDERS)
def mine():
    """The signals I recorded."""
    return list_page(
        {"author_id": current_user.id}, _("Mijn signalen"), "signals.mine", False
    )


@bp.get("/organisatie")
@role_required(*RECORDERS)
def organisation():
    """The signals of my organisation (drafts of others stay private)."""
    return list_page(
        {"organisation_id": current_user.organisation_id},
        _("Signalen van mijn organisatie"),
        "signals.organisation",
        True,
    )


def month_start(year: int, month: int) -> datetime:
    """Midnight in Ghent on the first day of the month."""
    return local_midnight(date(year, month, 1))


def next_month(year: int, month: int) -> tuple[int, int]:
    return (year + 1, 1) if month == 12 else (year, month + 1)


def render_detail(signal: Signal, status: int = 200, **forms):
    forms.setdefault("answer_form", AnswerForm())
    forms.setdefault("withdraw_form", WithdrawForm())
    forms.setdefault("confirm_form", ConfirmForm())
    return (
        render_template(
            "signals/detail.html",
            signal=signal,
            can_withdraw=can_withdraw(signal, current_user),
            is_own_draft=signal.status == SignalStatus.DRAFT
            and signal.author_id == current_user.id,
            **forms,
        ),
        status,
    )


@bp.get("/<reference>")
@role_required(*RECORDERS)
def detail(reference: str):
    """A signal with its status history and feedback."""
    return render_detail(get_visible_signal(reference))


@bp.post("/<reference>/indienen")
@role_required(*RECORDERS)
def submit_own_draft(reference: str):
    """Submit a draft as it is, from its own page."""
    signal = get_visible_signal(reference)
    form = ConfirmForm()
    if form.validate_on_submit() and (
        done := submit(
            form,
            lambda: submit_draft(signal, current_user),
            success=url_for("signals.detail", reference=reference),
            flash=_("Je signaal %(ref)s is ingediend.", ref=reference),
        )
    ):
        return done
    return render_detail(signal, 422, confirm_form=form)


@bp.route("/<reference>/verwijderen", methods=["GET", "POST"])
@role_required(*RECORDERS)
def delete(reference: str):
    """Delete my own draft, after a confirmation on a page of its own."""
    signal = get_visible_signal(reference)
    if signal.status != SignalStatus.DRAFT or signal.author_id != current_user.id:
        # submitted meanwhile (another tab), or a colleague's: say so, delete nothing
        flash_message(_("Alleen je eigen concept kan je verwijderen."), "error")
        return redirect(url_for("signals.detail", reference=reference))
    form = ConfirmForm()
    if form.validate_on_submit() and (
        done := submit(
            form,
            lambda: delete_draft(signal, current_user),
            success=url_for("signals.mine"),
            flash=_("Het concept %(ref)s is verwijderd.", ref=reference),
        )
    ):
        return done
    status = 422 if request.method == "POST" else 200
    return render_template("signals/delete.html", signal=signal, form=form), status


@bp.post("/<reference>/intrekken")
@role_required(*RECORDERS)
def withdraw(reference: str):
    """Withdraw my submitted signal, with a reason."""
    signal = get_visible_signal(reference)
    form = WithdrawForm()
    if form.validate_on_submit() and (
        done := submit(
            form,
            lambda: withdraw_signal(signal, current_user, form.reason.data),
            success=url_for("signals.detail", reference=reference),
            flash=_("Je signaal %(ref)s is ingetrokken.", ref=reference),
        )
    ):
        return done
    return render_detail(signal, 422, withdraw_form=form)


@bp.post("/<reference>/antwoord")
@role_required(*RECORDERS)
def answer(reference: str):
    """Answer the coordinator's question."""
    signal = get_visible_signal(reference)
    form = AnswerForm()
    if form.validate_on_submit() and (
        done := submit(
            form,
            lambda: answer_question(signal, current_user, form.answer.data),
            success=url_for("signals.detail", reference=reference),
            flash=_("Je antwoord is verstuurd."),
        )
    ):
        return done
    return render_detail(signal, 422, answer_form=form)


@bp.post("/controle")
@role_required(*RECORDERS, Role.CITY)
def check_text():
    """Check text while typing (progressive enhancement; the save check counts)."""
    payload = request.get_json(silent=True) or {}
    texts = payload.get("texts") if isinstance(payload, dict) else None
    if not isinstance(texts, dict) or len(texts) > 10:
        return jsonify({"error": _("Ongeldige aanvraag.")}), 400
    texts = {str(k): str(v)[:20000] for k, v in texts.items() if isinstance(v, str)}
    try:
        found = find_in_fields(texts)
    except TextTooLong as exc:
        return jsonify({"error": exc.message, "field": exc.field}), 413
    return jsonify(
        {
            "findings": [
                {
                    "field": f.field,
                    "start": f.finding.start,
                    "end": f.finding.end,
                    "type": f.finding.type,
                    "explanation": f.explanation,
                    "placeholder": f.placeholder,
                    "overridable": f.overridable,
                }
                for f in found
            ],
            # indirect identifiers: a soft warning with a suggestion
            "warnings": [
                {
                    "field": w.field,
                    "start": w.warning.start,
                    "end": w.warning.end,
                    "explanation": w.explanation,
                    "suggestion": w.suggestion,
                }
                for w in warnings_in_fields(texts)
            ],
        }
    )
