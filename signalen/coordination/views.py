"""Coordinator screens: the inbox, reviewing signals, structural signals."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from markupsafe import Markup, escape
from sqlalchemy import select

from signalen.actions import run_and_commit, submit
from signalen.coordination import overrides, services
from signalen.coordination.evidence import evidence_for, evidence_for_many
from signalen.coordination.forms import (
    InboxFilterForm,
    LinkForm,
    NotStructuralForm,
    QuestionForm,
    SaveFilterForm,
    StructuralForm,
    UnlinkForm,
)
from signalen.coordination.models import (
    STRUCTURAL_STATUS_LABELS,
    SavedFilter,
    SignalLink,
    StructuralSignal,
    StructuralStatus,
)
from signalen.coordination.search import (
    CITY_WIDE,
    InboxFilters,
    answered_ids,
    filter_choices,
    inbox_page,
    parse_month,
)
from signalen.coordination.similarity import similar_to
from signalen.coordination.suggestions import suggest_themes
from signalen.database import as_id
from signalen.errors import SignalenError, shows_personal_data
from signalen.extensions import db
from signalen.forms import ButtonForm, as_choices
from signalen.organisations.models import Organisation
from signalen.pages import page_number, paginate
from signalen.permissions import Role, role_required
from signalen.signals.models import SIGNAL_STATUS_LABELS, Signal, SignalStatus
from signalen.signals.services import active_choices

bp = Blueprint("coordination", __name__, url_prefix="/coordinatie")
COORDINATOR = Role.COORDINATOR
FILTER_KEYS = ("q", "theme", "status", "target_group", "area", "organisation",
               "level", "month_from", "month_to", "sort")  # fmt: skip


# --- helpers -----------------------------------------------------------------


def get_signal(reference: str) -> Signal:
    signal = db.session.scalar(select(Signal).where(Signal.reference == reference))
    if signal is None or signal.status == SignalStatus.DRAFT:
        abort(404)
    return signal


def get_structural(structural_id: int) -> StructuralSignal:
    structural = db.session.get(StructuralSignal, structural_id)
    if structural is None:
        abort(404)
    return structural


def organisations() -> list[Organisation]:
    return list(db.session.scalars(select(Organisation).order_by(Organisation.name)))


def as_int(value) -> int | None:
    return as_id(value) if value else None


def filter_query_string() -> str:
    """The inbox query string without the page (what a saved filter keeps)."""
    pairs = [
        (k, v) for k, v in request.args.items(multi=True) if k in FILTER_KEYS and v
    ]
    return urlencode(pairs)


# --- inbox -------------------------------------------------------------------


def inbox_form() -> InboxFilterForm:
    form = InboxFilterForm(request.args)
    choices = filter_choices()

    def listed(first, rows, extra=()):
        return as_choices([first, *extra] + [(str(i), label) for i, label in rows])

    form.theme.choices = listed(("", _("Alle thema's")), choices["themes"])
    form.status.choices = as_choices(
        [("", _("Alle statussen"))]
        + [
            (s.value, str(label))
            for s, label in SIGNAL_STATUS_LABELS.items()
            if s != SignalStatus.DRAFT
        ]
    )
    form.target_group.choices = listed(
        ("", _("Alle doelgroepen")), choices["target_groups"]
    )
    form.area.choices = listed(
        ("", _("Alle wijken")), choices["areas"], [(CITY_WIDE, _("Stadsbreed"))]
    )
    form.organisation.choices = listed(
        ("", _("Alle organisaties")), choices["organisations"]
    )
    form.level.choices = listed(("", _("Alle niveaus")), choices["government_levels"])
    form.validate()
    for name in ("month_from", "month_to"):
        field = getattr(form, name)
        if field.data and parse_month(field.data) is None:
            field.errors = [*field.errors, _("Gebruik jaar-maand, bv. 2026-03.")]
    return form


def select_options(field, counts: dict | None = None) -> Markup:
    """The <option> tags of a filter's drop-down, marking the current value;
    with counts, each option shows how many signals it has. Built here, not
    in a template loop: the inbox has about 120 options."""
    current = str(field.data or "")
    lines = []
    for choice in field.choices:
        value = str(choice.value)
        selected = " selected" if value == current else ""
        count = ""
        if counts is not None and value:
            count = f" ({counts.get(int(value) if value.isdigit() else value, 0)})"
        lines.append(
            f'<option value="{escape(value)}"{selected}>'
            f"{escape(choice.label)}{count}</option>"
        )
    return Markup("\n      ".join(lines))  # the template indents the first


def filters_from_form(form: InboxFilterForm) -> InboxFilters:
    def ok(name):
        field = getattr(form, name)
        return None if field.errors else field.data

    return InboxFilters(
        q=ok("q") or "",
        theme_id=as_int(ok("theme")),
        target_group_id=as_int(ok("target_group")),
        area=ok("area") or "",
        organisation_id=as_int(ok("organisation")),
        month_from=parse_month(ok("month_from")),
        month_to=parse_month(ok("month_to")),
        status=ok("status") or "",
        government_level_id=as_int(ok("level")),
        sort=ok("sort") or "newest",
        page=page_number(),
        per_page=current_app.config["PAGE_SIZE"],
    )


@bp.get("/inbox")
@role_required(COORDINATOR)
def inbox():
    """A work queue: by default the signals that need action (submitted, a
    worker's answer among them); any status, or all, one click away."""
    form = inbox_form()
    queue = "status" not in request.args
    if queue:
        form.status.data = SignalStatus.SUBMITTED.value
    filters = filters_from_form(form)
    page = inbox_page(filters)
    save_form = SaveFilterForm(formdata=None, query=filter_query_string())
    return render_template(
        "coordination/inbox.html",
        form=form,
        page=page,
        impossible_months=filters.impossible_months,
        save_form=save_form,
        saved=services.saved_filters(current_user),
        select_options=select_options,
        queue=queue,
        answered=answered_ids([s.id for s in page.items]),
        status_labels={
            s.value: str(label) for s, label in SIGNAL_STATUS_LABELS.items()
        },
        button=ButtonForm(),
    )


@bp.post("/inbox/samenvoegen")
@role_required(COORDINATOR)
def merge_selection():
    """Merge the ticked signals into a new or an existing structural signal."""
    references = [r for r in request.form.getlist("signalen") if r][:500]
    form = ButtonForm()
    back = url_for("coordination.inbox") + _back_query()
    if not form.validate_on_submit() or not references:
        flash(_("Kies eerst een of meer signalen."), "error")
        return redirect(back)
    if request.form.get("action") == "new":
        return redirect(
            url_for("coordination.structural_new", signalen=",".join(references))
        )
    try:
        structural = services.resolve_structural(request.form.get("structural"))
    except SignalenError as exc:
        flash(exc.message, "error")
        return redirect(back)
    signals = _signals_by_reference(references)
    outcome = run_and_commit(
        lambda: services.link_signals(structural, signals, current_user)
    )
    if not outcome.ok:
        return redirect(back)
    moved = outcome.value
    flash(
        ngettext(
            "%(num)d signaal toegevoegd aan %(ref)s.",
            "%(num)d signalen toegevoegd aan %(ref)s.",
            moved,
            ref=structural.reference,
        ),
        "success",
    )
    return redirect(
        url_for("coordination.structural_detail", structural_id=structural.id)
    )


def _back_query() -> str:
    """The inbox filters to go back to, re-encoded: the form value is never put in
    the Location header as it came (a newline there would be a 500)."""
    pairs = [
        (key, value)
        for key, value in parse_qsl(request.form.get("back_query", ""))
        if key in (*FILTER_KEYS, "page")
    ]
    return "?" + urlencode(pairs) if pairs else ""


def _signals_by_reference(references) -> list[Signal]:
    signals = list(
        db.session.scalars(
            select(Signal)
            .where(
                Signal.reference.in_(references), Signal.status != SignalStatus.DRAFT
            )
            .order_by(Signal.id)
        )
    )
    return signals


@bp.post("/filters")
@role_required(COORDINATOR)
def save_filter():
    """Keep the current inbox filters under a name."""
    form = SaveFilterForm()
    if form.validate_on_submit():
        if run_and_commit(
            lambda: services.save_filter(
                current_user, form.name.data, form.query.data or ""
            )
        ).ok:
            flash(_("Filter '%(name)s' bewaard.", name=form.name.data), "success")
    else:
        flash(_("Geef de filter een naam."), "error")
    query = services.normalise_query(form.query.data)
    return redirect(url_for("coordination.inbox") + ("?" + query if query else ""))


@bp.post("/filters/<int:filter_id>/verwijderen")
@role_required(COORDINATOR)
def delete_filter(filter_id: int):
    """Remove one of my saved filters."""
    saved = db.session.get(SavedFilter, filter_id)
    if saved is None or saved.user_id != current_user.id:
        abort(404)
    if ButtonForm().validate_on_submit() and run_and_commit(
        lambda: services.delete_filter(current_user, saved)
    ):
        flash(_("Filter '%(name)s' verwijderd.", name=saved.name), "success")
    return redirect(url_for("coordination.inbox"))


# --- reviewing one signal ----------------------------------------------------


def review_page(signal: Signal, status: int = 200, **forms):
    link = services.current_link(signal)
    similar, similar_structurals = similar_to(signal)
    link_form = forms.pop("link_form", None) or LinkForm(formdata=None)
    typed = link_form.structural.data if link_form.structural.errors else None
    structural_matches = (
        services.find_structurals(
            typed, exclude=link.structural_signal_id if link else None
        )
        if typed and not typed.strip().isdigit()
        else []
    )
    privacy_overrides = overrides.overrides_to_review(signal)
    if privacy_overrides:  # highlighted spans a worker said are no personal data
        shows_personal_data()
    return (
        render_template(
            "coordination/review.html",
            signal=signal,
            link=link,
            similar=similar,
            similar_structurals=similar_structurals,
            question_form=forms.pop("question_form", None)
            or QuestionForm(formdata=None),
            reason_form=forms.pop("reason_form", None)
            or NotStructuralForm(formdata=None),
            link_form=link_form,
            structural_matches=structural_matches,
            button=ButtonForm(),
            privacy_overrides=privacy_overrides,
        ),
        status,
    )


@bp.post(
    "/signalen/<reference>/privacy/<int:override_id>/<any(bevestigen,maskeren):how>"
)
@role_required(COORDINATOR)
def privacy_override(reference: str, override_id: int, how: str):
    """Confirm ("geen persoonsgegeven") or mask a finding the worker overrode."""
    signal = get_signal(reference)
    item = db.session.get(overrides.PrivacyOverride, override_id)
    if item is None or item.signal_id != signal.id:
        abort(404)
    action = (
        overrides.confirm_override if how == "bevestigen" else overrides.mask_override
    )
    if (
        ButtonForm().validate_on_submit()
        and run_and_commit(lambda: action(item, current_user)).ok
    ):
        flash(
            _("Geen persoonsgegeven: bevestigd.")
            if how == "bevestigen"
            else _("Vervangen door een aanduiding."),
            "success",
        )
    return redirect(url_for("coordination.review", reference=reference))


@bp.get("/signalen/<reference>")
@role_required(COORDINATOR)
def review(reference: str):
    """One signal with its history, review actions and similar signals."""
    return review_page(get_signal(reference))


def _review_action(reference, form, action, success, form_name):
    signal = get_signal(reference)
    if form.validate_on_submit() and (
        done := submit(
            form,
            lambda: action(signal, form),
            success=url_for("coordination.review", reference=reference),
            flash=success,
        )
    ):
        return done
    return review_page(signal, 422, **{form_name: form})


@bp.post("/signalen/<reference>/vraag")
@role_required(COORDINATOR)
def ask(reference: str):
    """Ask the worker a question about the signal."""
    return _review_action(
        reference,
        QuestionForm(),
        lambda s, f: services.ask_question(s, current_user, f.question.data),
        _("Je vraag is verstuurd naar de medewerker."),
        "question_form",
    )


@bp.post("/signalen/<reference>/geen-structureel")
@role_required(COORDINATOR)
def not_structural(reference: str):
    """Mark the signal 'geen structureel signaal' with a reason."""
    return _review_action(
        reference,
        NotStructuralForm(),
        lambda s, f: services.mark_not_structural(s, current_user, f.reason.data),
        _("Het signaal is gemarkeerd als geen structureel signaal."),
        "reason_form",
    )


@bp.post("/signalen/<reference>/koppelen")
@role_required(COORDINATOR)
def link(reference: str):
    """Add the signal to (or move it to) an existing structural signal."""
    form = LinkForm()

    def action(signal, form):
        current = services.current_link(signal)
        structural = services.resolve_structural(
            form.structural.data,
            exclude=current.structural_signal_id if current else None,
        )
        if current is not None:
            services.move_signal(signal, structural, current_user)
        else:
            services.link_signals(structural, [signal], current_user)

    return _review_action(
        reference,
        form,
        action,
        _("Het signaal is toegevoegd aan het structureel signaal."),
        "link_form",
    )


@bp.post("/signalen/<reference>/heropenen")
@role_required(COORDINATOR)
def reopen(reference: str):
    """Put the signal back in review."""
    signal = get_signal(reference)
    if (
        ButtonForm().validate_on_submit()
        and run_and_commit(lambda: services.reopen_signal(signal, current_user)).ok
    ):
        flash(_("Het signaal is opnieuw in behandeling."), "success")
    return redirect(url_for("coordination.review", reference=reference))


@bp.post("/signalen/<reference>/ontkoppelen")
@role_required(COORDINATOR)
def unlink(reference: str):
    """Undo a merge: the signal no longer counts for its structural signal."""
    signal = get_signal(reference)
    form = UnlinkForm()
    outcome = form.validate_on_submit() and run_and_commit(
        lambda: services.unlink_signal(signal, current_user)
    )
    if outcome:
        flash(
            _(
                "Signaal %(ref)s is losgekoppeld en terug in behandeling.",
                ref=signal.reference,
            ),
            "success",
        )
        if form.back.data == "structureel":
            return redirect(
                url_for(
                    "coordination.structural_detail", structural_id=outcome.value.id
                )
            )
    return redirect(url_for("coordination.review", reference=reference))


# --- structural signals ------------------------------------------------------


@bp.get("/structureel")
@role_required(COORDINATOR)
def structural_list():
    """Structural signals with their evidence."""
    status = request.args.get("status", "")
    query = select(StructuralSignal).order_by(StructuralSignal.updated_at.desc())
    if status in {s.value for s in StructuralStatus}:
        query = query.where(StructuralSignal.status == status)
    page = paginate(query, per_page=current_app.config["PAGE_SIZE"])
    return render_template(
        "coordination/structural_list.html",
        page=page,
        evidence=evidence_for_many(s.id for s in page.items),
        status=status,
        statuses=STRUCTURAL_STATUS_LABELS,
    )


def structural_form_page(form, structural, signals, status=200):
    return (
        render_template(
            "coordination/structural_form.html",
            form=form,
            structural=structural,
            signals=signals,
        ),
        status,
    )


def data_from_form(form: StructuralForm) -> services.StructuralData:
    return services.StructuralData(
        title=form.title.data,
        summary=form.summary.data or "",
        theme_ids=list(form.themes.data or []),
        target_group_ids=list(form.target_groups.data or []),
        area_ids=list(form.areas.data or []),
        city_wide=bool(form.city_wide.data),
        government_level_id=as_int(form.government_level.data),
        owner_organisation_id=as_int(form.owner.data),
        status=StructuralStatus(form.status.data or "open"),
    )


def new_structural_form() -> StructuralForm:
    form = StructuralForm()
    form.fill_choices(active_choices(), organisations())
    return form


@bp.route("/structureel/nieuw", methods=["GET", "POST"])
@role_required(COORDINATOR)
def structural_new():
    """Make a structural signal, from the chosen signals if any."""
    references = [
        r for r in (request.values.get("signalen") or "").split(",") if r.strip()
    ]
    signals = _signals_by_reference(references[:500])
    form = new_structural_form()
    if request.method == "GET" and signals:
        first = signals[0]
        form.title.data = first.title
        form.themes.data = sorted({t.id for s in signals for t in s.themes})
        form.target_groups.data = sorted(
            {t.id for s in signals for t in s.target_groups}
        )
        form.areas.data = sorted({a.id for s in signals for a in s.areas})
        form.city_wide.data = all(s.city_wide for s in signals)
        if form.city_wide.data:
            form.areas.data = []
    if request.method == "POST" and form.validate():
        done = submit(
            form,
            lambda: services.create_structural(
                current_user, data_from_form(form), signals
            ),
            success=lambda made: url_for(
                "coordination.structural_detail", structural_id=made.id
            ),
            flash=lambda made: _(
                "Structureel signaal %(ref)s gemaakt.", ref=made.reference
            ),
        )
        if done:
            return done
    status = 422 if request.method == "POST" else 200
    return structural_form_page(form, None, signals, status)


@bp.get("/structureel/<int:structural_id>")
@role_required(COORDINATOR)
def structural_detail(structural_id: int):
    """A structural signal: its evidence, examples, solutions and signals."""
    structural = get_structural(structural_id)
    signals = services.linked_signals(structural)
    merge_form = LinkForm(formdata=None)
    history = list(
        db.session.scalars(
            select(SignalLink)
            .where(SignalLink.structural_signal_id == structural.id)
            .order_by(SignalLink.id.desc())
        )
    )
    return render_template(
        "coordination/structural_detail.html",
        structural=structural,
        signals=signals,
        evidence=evidence_for(structural.id),
        merge_form=merge_form,
        history=history,
        merged_into=services.merged_into(structural),
        button=ButtonForm(),
    )


@bp.route("/structureel/<int:structural_id>/bewerken", methods=["GET", "POST"])
@role_required(COORDINATOR)
def structural_edit(structural_id: int):
    """Edit title, summary, themes, owner and status."""
    structural = get_structural(structural_id)
    form = new_structural_form()
    if request.method == "GET":
        form.title.data = structural.title
        form.summary.data = structural.summary
        form.themes.data = [t.id for t in structural.themes]
        form.target_groups.data = [t.id for t in structural.target_groups]
        form.areas.data = [a.id for a in structural.areas]
        form.city_wide.data = structural.city_wide
        form.government_level.data = str(structural.government_level_id or "")
        form.owner.data = str(structural.owner_organisation_id or "")
        form.status.data = structural.status.value
        form.version.data = str(structural.version)
    elif form.validate() and (
        done := submit(
            form,
            lambda: services.update_structural(
                structural,
                current_user,
                data_from_form(form),
                expected_version=as_int(form.version.data),
            ),
            success=url_for(
                "coordination.structural_detail", structural_id=structural.id
            ),
            flash=_("Wijzigingen bewaard."),
        )
    ):
        return done
    status = 422 if request.method == "POST" else 200
    return structural_form_page(form, structural, [], status)


@bp.route("/structureel/<int:structural_id>/samenvoegen", methods=["GET", "POST"])
@role_required(COORDINATOR)
def structural_merge(structural_id: int):
    """Merge this structural signal into another one; GET asks first."""
    source = get_structural(structural_id)
    if request.method == "GET":
        try:
            target = services.resolve_structural(
                request.args.get("structural"), exclude=source.id
            )
        except SignalenError as exc:
            flash(exc.message, "error")
            return redirect(
                url_for("coordination.structural_detail", structural_id=source.id)
            )
        return render_template(
            "coordination/structural_merge.html",
            source=source,
            target=target,
            count=len(services.linked_signals(source)),
            button=ButtonForm(),
        )
    form = LinkForm()
    if not form.validate_on_submit():
        flash(_("Kies een structureel signaal."), "error")
        return redirect(
            url_for("coordination.structural_detail", structural_id=source.id)
        )
    target = get_structural(as_int(form.structural.data) or 0)
    outcome = run_and_commit(
        lambda: services.merge_structurals(source, target, current_user)
    )
    if not outcome.ok:
        return redirect(
            url_for("coordination.structural_detail", structural_id=source.id)
        )
    moved = outcome.value
    flash(
        ngettext(
            "%(src)s samengevoegd in %(dst)s: %(num)d signaal overgezet.",
            "%(src)s samengevoegd in %(dst)s: %(num)d signalen overgezet.",
            moved,
            src=source.reference,
            dst=target.reference,
        ),
        "success",
    )
    return redirect(url_for("coordination.structural_detail", structural_id=target.id))


@bp.get("/structureel/zoek")
@role_required(COORDINATOR)
def structural_search():
    """Suggestions while typing in a structural-signal field (JSON)."""
    exclude = as_int(request.args.get("behalve"))
    return jsonify(
        [
            {"id": c.id, "reference": c.reference, "title": c.title, "label": c.label}
            for c in services.find_structurals(
                request.args.get("q", "")[:200], exclude=exclude
            )
        ]
    )


@bp.post("/structureel/<int:structural_id>/samenvoeging-ongedaan")
@role_required(COORDINATOR)
def structural_unmerge(structural_id: int):
    """Undo the merge of this structural signal into another one."""
    source = get_structural(structural_id)
    back = url_for("coordination.structural_detail", structural_id=source.id)
    if not ButtonForm().validate_on_submit():
        flash(_("Het formulier was verlopen. Probeer opnieuw."), "error")
        return redirect(back)
    if run_and_commit(lambda: services.undo_merge(source, current_user)).ok:
        flash(
            _(
                "Samenvoeging ongedaan gemaakt: %(ref)s heeft zijn signalen terug.",
                ref=source.reference,
            ),  # fmt: skip
            "success",
        )
    return redirect(back)


# --- theme suggestions -------------------------------------------------------


@bp.post("/themasuggesties")
@role_required(Role.WORKER, Role.COORDINATOR)
def theme_suggestions():
    """Likely themes for the text typed so far (progressive enhancement)."""
    payload = request.get_json(silent=True) or {}
    text = payload.get("text") if isinstance(payload, dict) else None
    if not isinstance(text, str):
        return jsonify({"error": _("Ongeldige aanvraag.")}), 400
    return jsonify(
        {
            "suggestions": [
                {
                    "id": s.theme.id,
                    "code": s.theme.code,
                    "label": s.theme.label,
                    "confidence": round(s.confidence, 3),
                    "weak": s.weak,
                }
                for s in suggest_themes(text[:20000])
            ]
        }
    )
