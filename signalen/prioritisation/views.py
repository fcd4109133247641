"""Prioritisation rounds: coordinators set them up; participants vote.

Participants with an account use the routes under /prioritering/<id>;
people without an account type a personal code at /prioritering/code and
get a browser session bound to that code (the routes under /code are public).
"""

from __future__ import annotations

from datetime import timedelta

from flask import (
    Blueprint,
    abort,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from signalen.actions import run_and_commit, submit
from signalen.bundles.models import Bundle, BundleItem
from signalen.coordination.models import SignalLink
from signalen.database import utcnow
from signalen.extensions import db
from signalen.forms import ButtonForm
from signalen.pages import ListPage, page_number, paginate_list
from signalen.permissions import Role, can_coordinate, can_view_bundle, role_required
from signalen.prioritisation import ballots as ballot_services
from signalen.prioritisation import code_access, labels, rounds
from signalen.prioritisation import decisions as decision_services
from signalen.prioritisation import participants as participant_services
from signalen.prioritisation import results as result_services
from signalen.prioritisation.code_pages import (
    code_login_page,
    holder_from_session,
    lift_block_button,
)
from signalen.prioritisation.forms import (
    CodeLoginForm,
    CodesForm,
    ItemsForm,
    PageForm,
    RoundForm,
    local_to_utc,
    parse_ballot,
    parse_decisions,
    utc_to_local,
)
from signalen.prioritisation.models import (
    PrioritisationRound,
    RoundParticipant,
    RoundStatus,
)

bp = Blueprint("prioritisation", __name__, url_prefix="/prioritering")
ALL_ROLES = tuple(Role)
CODE_SESSION = "prioritering_code"


# --- helpers ---------------------------------------------------------------


def get_round(round_id: int) -> PrioritisationRound:
    round_ = db.session.get(PrioritisationRound, round_id)
    if round_ is None:
        abort(404)
    return round_


def code_participant() -> RoundParticipant | None:
    return holder_from_session(RoundParticipant, CODE_SESSION)


@bp.app_template_global()
def prioritisation_menu_label(user) -> str | None:
    """The menu item for rounds: coordinators, and participants of a round."""
    if can_coordinate(user):
        return _("Prioriteringsrondes")
    if rounds.has_rounds(user):
        return _("Mijn prioriteringsrondes")
    return None


@bp.app_template_global()
def prioritisation_rounds_for(bundle) -> list[dict]:
    """Rounds of a bundle the current user may see, for the bundle page."""
    rows = []
    for round_ in rounds.rounds_of_bundle(bundle):
        participant = participant_services.participant_for(round_, current_user)
        if not can_coordinate(current_user) and (
            participant is None or round_.status == RoundStatus.DRAFT
        ):
            continue
        rows.append({"round": round_, "participant": participant})
    return rows


@bp.app_template_global()
def bundle_final_choice(bundle) -> dict:
    """The deciding round and its choice, for pages that show the bundle.

    Callers show it only where the user may see the bundle.
    """
    return {
        "round": decision_services.deciding_round(bundle),
        "decisions": decision_services.final_choice(bundle),
    }


@bp.app_template_global()
def priority_decision_for(item):
    """The deciding round's decision on one bundle item, or None."""
    return decision_services.decisions_for_items([item.id]).get(item.id)


@bp.app_template_global()
def priorities_of_structural(structural_ids) -> list:
    """(bundle item, decision) of the structural signals, in bundles the
    current user may see."""
    return [
        (item, decision)
        for item, decision in decision_services.items_with_decisions(structural_ids)
        if can_view_bundle(current_user, item.bundle)
    ]


@bp.app_template_global()
def signal_priorities(signal) -> list:
    """The bundles the signal's structural signal stood in, with the choice."""
    structural_ids = db.session.scalars(
        select(SignalLink.structural_signal_id).where(
            SignalLink.signal_id == signal.id, SignalLink.unlinked_at.is_(None)
        )
    )
    return priorities_of_structural(list(structural_ids))


@bp.app_template_global()
def round_status_label(status: str) -> str:
    return labels.status_label(status)


@bp.app_template_global()
def participant_group_label(group: str) -> str:
    return labels.group_label(group)


def settings_from_form(form: RoundForm) -> rounds.RoundSettings:
    return rounds.RoundSettings(
        title=form.title.data or "",
        explanation=form.explanation.data or "",
        method=form.method.data,
        opens_at=local_to_utc(form.opens_at.data),
        closes_at=local_to_utc(form.closes_at.data),
        points_total=form.points_total.data or 10,
        points_max_per_item=form.points_max_per_item.data or 3,
        pick_count=form.pick_count.data or 5,
        criteria=form.criteria_pairs(),
        accepted_findings=request.form.getlist("pii_ok"),
    )


def round_form_page(form: RoundForm, round_, bundle, save):
    """Shared GET/POST handling of the new and edit forms."""
    if form.validate_on_submit() and (
        done := submit(
            form,
            lambda: save(settings_from_form(form)),
            success=lambda saved: url_for("prioritisation.detail", round_id=saved.id),
            flash=_("De ronde is bewaard."),
        )
    ):
        return done
    return render_template(
        "prioritisation/round_form.html",
        form=form,
        round=round_,
        bundle=bundle,
        item_count=rounds.item_count(bundle),
        pii=form.pii,
    ), 422 if request.method == "POST" else 200


# --- coordinators: setting up ---------------------------------------------


@bp.get("/")
@role_required(*ALL_ROLES)
def mine():
    """My rounds; coordinators also see every round and the bundles to start one."""
    everything, bundles = [], []
    if can_coordinate(current_user):
        everything = list(
            db.session.scalars(
                select(PrioritisationRound).order_by(PrioritisationRound.id.desc())
            )
        )
        bundles = [
            b
            for b in db.session.scalars(select(Bundle).order_by(Bundle.period_start))
            if rounds.can_have_round(b)
        ]
    rows = [
        (r, p, ballot_services.ballot_of(p))
        for r, p in rounds.rounds_for_user(current_user)
    ]
    return render_template(
        "prioritisation/mine.html", rows=rows, everything=everything, bundles=bundles
    )


@bp.route("/bundel/<int:bundle_id>/nieuw", methods=["GET", "POST"])
@role_required(Role.COORDINATOR)
def new_round(bundle_id: int):
    """Set up a new round on a closed or published bundle."""
    bundle = db.session.get(Bundle, bundle_id)
    if bundle is None:
        abort(404)
    if not rounds.can_have_round(bundle):
        flash(_("Een ronde kan pas op een afgesloten bundel."), "error")
        return redirect(url_for("prioritisation.mine"))
    form = RoundForm()
    if request.method == "GET":
        now = utc_to_local(utcnow()).replace(second=0, microsecond=0)
        form.title.data = _("Prioriteiten kiezen: %(b)s", b=bundle.title)
        form.opens_at.data = now
        form.closes_at.data = now.replace(hour=17, minute=0) + timedelta(days=14)
        form.fill_default_criteria()
    return round_form_page(
        form,
        None,
        bundle,
        lambda s: rounds.create_round(bundle, s, current_user, utcnow()),
    )


@bp.route("/<int:round_id>/bewerken", methods=["GET", "POST"])
@role_required(Role.COORDINATOR)
def edit(round_id: int):
    """Change a round (everything before it opens; text and end while open)."""
    round_ = get_round(round_id)
    form = RoundForm()
    if request.method == "GET":
        form.title.data = round_.title
        form.explanation.data = round_.explanation
        form.method.data = round_.method
        form.opens_at.data = utc_to_local(round_.opens_at)
        form.closes_at.data = utc_to_local(round_.closes_at)
        form.points_total.data = round_.points_total
        form.points_max_per_item.data = round_.points_max_per_item
        form.pick_count.data = round_.pick_count
        if round_.criteria:
            for row, crit in zip(form.criteria, round_.criteria, strict=False):
                row.form.label.data, row.form.weight.data = crit.label, crit.weight
        else:
            form.fill_default_criteria()

    def save(settings):
        rounds.update_round(round_, settings, current_user, utcnow())
        return round_

    return round_form_page(form, round_, round_.bundle, save)


@bp.get("/<int:round_id>")
@role_required(Role.COORDINATOR)
def detail(round_id: int):
    """The round as the coordinator manages it: settings, participants, codes."""
    round_ = get_round(round_id)
    participants = sorted(
        round_.participants,
        key=lambda p: (p.user is None, p.user.display_name if p.user else "", p.id),
    )
    ballots = {p.id: ballot_services.ballot_of(p) for p in participants}
    now = utcnow()
    return render_template(
        "prioritisation/detail.html",
        round=round_,
        participants=participants,
        ballots=ballots,
        codes_form=CodesForm(formdata=None),
        submitted=ballot_services.submitted_ballot_count(round_),
        code_block_until=code_access.code_block_until(round_, now),
        blocked_codes=code_access.blocked_code_count(round_, now),
    )


@bp.post("/<int:round_id>/codes/deblokkeren")
@role_required(Role.COORDINATOR)
def lift_code_block(round_id: int):
    """Let code holders try again at once after too many wrong codes."""
    round_ = get_round(round_id)
    return lift_block_button(
        lambda: code_access.lift_code_block(round_, current_user, utcnow()),
        back=url_for("prioritisation.detail", round_id=round_.id),
        message=_("Stemmen met een code kan weer."),
    )


@bp.post("/<int:round_id>/beslissend")
@role_required(Role.COORDINATOR)
def mark_deciding(round_id: int):
    """Make this closed round the one whose choice counts for the bundle."""
    round_ = get_round(round_id)
    if not ButtonForm().validate():
        abort(400)
    if run_and_commit(
        lambda: decision_services.mark_deciding_round(round_, current_user, utcnow())
    ):
        flash(_("Deze ronde is nu de beslissende ronde van de bundel."), "success")
    return redirect(url_for("prioritisation.detail", round_id=round_.id))


@bp.route("/<int:round_id>/deelnemers", methods=["GET", "POST"])
@role_required(Role.COORDINATOR)
def participants(round_id: int):
    """Choose the participants with an account and their group."""
    round_ = get_round(round_id)
    form = PageForm()
    users = participant_services.candidate_users()
    if form.validate_on_submit() and (
        done := submit(
            form,
            lambda: participant_services.set_user_participants(
                round_, selection_from(request.form, users), current_user, utcnow()
            ),
            success=url_for("prioritisation.detail", round_id=round_.id),
            flash=_("De deelnemers zijn bewaard."),
        )
    ):
        return done
    current = {p.user_id: p.group for p in round_.participants if p.user_id}
    rows = [
        (u, u.id in current, current.get(u.id) or participant_services.default_group(u))
        for u in users
    ]
    return render_template(
        "prioritisation/participants.html",
        round=round_,
        rows=rows,
        form=form,
        groups=labels.GROUP_ORDER,
    )


def selection_from(formdata, users) -> dict[int, str]:
    """The ticked users (user id → group) of the participants page."""
    return {
        u.id: formdata.get(f"group-{u.id}") or participant_services.default_group(u)
        for u in users
        if formdata.get(f"user-{u.id}")
    }


def codes_page(round_, made):
    response = make_response(
        render_template("prioritisation/codes.html", round=round_, made=made)
    )
    # The codes exist only in this response: never keep a copy anywhere.
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/<int:round_id>/codes")
@role_required(Role.COORDINATOR)
def add_codes(round_id: int):
    """Make personal codes and show them once, ready to print."""
    round_ = get_round(round_id)
    form = CodesForm()
    if not form.validate():
        flash(_("Kies tussen 1 en 100 codes."), "error")
        return redirect(url_for("prioritisation.detail", round_id=round_.id))
    outcome = run_and_commit(
        lambda: code_access.add_code_participants(
            round_, form.count.data, current_user, utcnow()
        )
    )
    if not outcome.ok:
        return redirect(url_for("prioritisation.detail", round_id=round_.id))
    return codes_page(round_, outcome.value)


@bp.post("/<int:round_id>/codes/<int:participant_id>/vervangen")
@role_required(Role.COORDINATOR)
def replace_code(round_id: int, participant_id: int):
    """A lost code: make a new one for the same participant."""
    round_ = get_round(round_id)
    participant = db.session.get(RoundParticipant, participant_id)
    if participant is None or participant.round_id != round_.id:
        abort(404)
    if not ButtonForm().validate():
        abort(400)
    outcome = run_and_commit(
        lambda: code_access.replace_code(participant, current_user, utcnow())
    )
    if not outcome.ok:
        return redirect(url_for("prioritisation.detail", round_id=round_.id))
    return codes_page(round_, [outcome.value])


def status_change(round_id: int, action: str):
    round_ = get_round(round_id)
    form = ButtonForm()
    if request.method == "POST" and form.validate():
        change = rounds.open_round if action == "open" else rounds.close_round
        if run_and_commit(lambda: change(round_, current_user, utcnow())).ok:
            flash(
                _("De ronde is open: deelnemers kunnen stemmen.")
                if action == "open"
                else _("De ronde is gesloten. De resultaten zijn klaar."),
                "success",
            )
        return redirect(url_for("prioritisation.detail", round_id=round_.id))
    return render_template(
        "prioritisation/confirm.html", round=round_, action=action, form=form
    )


@bp.route("/<int:round_id>/openen", methods=["GET", "POST"])
@role_required(Role.COORDINATOR)
def open_now(round_id: int):
    """Open the round now (after a confirmation)."""
    return status_change(round_id, "open")


@bp.route("/<int:round_id>/sluiten", methods=["GET", "POST"])
@role_required(Role.COORDINATOR)
def close_now(round_id: int):
    """Close the round now (after a confirmation)."""
    return status_change(round_id, "close")


# --- voting ------------------------------------------------------------------


BALLOT_PER_PAGE = 50
DECIDE_PER_PAGE = 50


def paged_items(
    round_, count: int, per_page: int, field: str
) -> tuple[list[BundleItem], ListPage | None]:
    """The items a ballot or the final choice shows: all of them, or with
    more than per_page one page of them (the page a POST came from is in the
    form's `field`, the page to go to after saving in the address)."""
    bundle = round_.bundle
    if count <= per_page:
        return list(bundle.items), None
    pages = -(-count // per_page)
    shown = request.form.get(field, "") if request.method == "POST" else ""
    number = int(shown) if shown.isascii() and shown.isdigit() else page_number()
    number = min(max(number, 1), pages)
    items = list(
        db.session.scalars(
            select(BundleItem)
            .where(BundleItem.bundle_id == bundle.id)
            .order_by(BundleItem.position, BundleItem.id)
            .limit(per_page)
            .offset((number - 1) * per_page)
        )
    )
    return items, ListPage(items, number, pages, count)


def ballot_page(participant: RoundParticipant, actor, urls: dict):
    """The ballot for an account or a code holder: save, submit, show errors."""
    round_ = participant.round
    count = rounds.item_count(round_.bundle)
    items, paged = paged_items(round_, count, BALLOT_PER_PAGE, "ballot_page")
    form = ItemsForm()
    saved = ballot_services.ballot_state(ballot_services.ballot_of(participant))
    values = saved
    if form.validate_on_submit():
        values, form.problems = parse_ballot(request.form, round_, items)
        if paged:  # the other pages' entries stay as they were saved
            shown = {i.id for i in items}
            values = {k: v for k, v in saved.items() if k not in shown} | values
            after = min(page_number(), paged.pages)
            urls = urls | {"self": f"{urls['self']}?page={after}"}
        if not form.problems and (
            done := submit(
                form,
                lambda: ballot_services.save_ballot(
                    participant,
                    values,
                    submit=request.form.get("action") == "submit",
                    now=utcnow(),
                    actor=actor,
                    accepted_findings=request.form.getlist("pii_ok"),
                ),
                success=urls["self"],
                flash=ballot_saved_message,
            )
        ):
            return done
    return render_template(
        "prioritisation/ballot.html",
        round=round_,
        participant=participant,
        items=items,
        item_count=count,
        paged=paged,
        ballot_start=((paged.page - 1) * BALLOT_PER_PAGE + 1) if paged else 1,
        ballot=ballot_services.ballot_of(participant),
        values=values,
        errors=form.problems,
        pii=form.pii,
        form=form,
        urls=urls,
        open=ballot_services.voting_is_open(round_, utcnow()),
    ), 422 if (form.problems or form.pii) else 200


def ballot_saved_message(ballot) -> str:
    if ballot.submitted:
        return _("Je stem is ingediend. Je kan ze aanpassen tot de ronde sluit.")
    return _("Je stem is bewaard, maar nog niet ingediend.")


@bp.route("/<int:round_id>/stemmen", methods=["GET", "POST"])
@role_required(*ALL_ROLES)
def ballot(round_id: int):
    """My ballot in this round (participants only)."""
    round_ = get_round(round_id)
    participant = participant_services.participant_for(round_, current_user)
    if participant is None or round_.status == RoundStatus.DRAFT:
        abort(404)
    urls = {
        "self": url_for("prioritisation.ballot", round_id=round_.id),
        "results": url_for("prioritisation.results", round_id=round_.id),
    }
    return ballot_page(participant, current_user, urls)


RESULTS_PER_PAGE = 100


def results_page(round_, coordinator: bool):
    results = result_services.compute_results(round_, details=False)
    # The ranking in pages: a bundle can hold thousands of signals.
    ranking = paginate_list(results.items, RESULTS_PER_PAGE)
    result_services.add_details(
        ranking.items + [r for r in results.items if r.comments]
    )
    decisions = decision_services.latest_decisions(round_)
    return render_template(
        "prioritisation/results.html",
        round=round_,
        results=results,
        ranking=ranking,
        decisions=decisions,
        coordinator=coordinator,
        equal_weight_explanation=_(result_services.EQUAL_WEIGHT_EXPLANATION),
        place_label=result_services.place_label,
    )


@bp.get("/<int:round_id>/resultaten")
@role_required(*ALL_ROLES)
def results(round_id: int):
    """The count: coordinators always, participants once the round is closed."""
    round_ = get_round(round_id)
    if can_coordinate(current_user):
        return results_page(round_, True)
    participant = participant_services.participant_for(round_, current_user)
    if participant is None or round_.status == RoundStatus.DRAFT:
        abort(404)
    if round_.status != RoundStatus.CLOSED:
        abort(403)
    return results_page(round_, False)


@bp.route("/<int:round_id>/keuze", methods=["GET", "POST"])
@role_required(Role.COORDINATOR)
def decide(round_id: int):
    """Record the final choice of priority signals, with a reason for each."""
    round_ = get_round(round_id)
    if round_.status != RoundStatus.CLOSED:
        flash(_("De keuze maak je na het sluiten van de ronde."), "error")
        return redirect(url_for("prioritisation.detail", round_id=round_.id))
    count = rounds.item_count(round_.bundle)
    items, paged = paged_items(round_, count, DECIDE_PER_PAGE, "decide_page")
    form = ItemsForm()
    saved = {
        item_id: decision_services.DecisionInput(d.chosen, d.rank, d.reason)
        for item_id, d in decision_services.latest_decisions(round_).items()
    }
    values = saved
    success = url_for("prioritisation.results", round_id=round_.id)
    if form.validate_on_submit():
        values, form.problems = parse_decisions(request.form, items)
        if paged:  # the other pages' decisions stay (and their ranks count)
            shown = {i.id for i in items}
            values = {k: v for k, v in saved.items() if k not in shown} | values
            after = min(page_number(), paged.pages)
            success = url_for("prioritisation.decide", round_id=round_.id, page=after)
        if not form.problems and (
            done := submit(
                form,
                lambda: decision_services.record_decisions(
                    round_,
                    values,
                    current_user,
                    utcnow(),
                    accepted_findings=request.form.getlist("pii_ok"),
                ),
                success=success,
                flash=_("De keuze is vastgelegd."),
            )
        ):
            return done
    shown_ids = {i.id for i in items}
    return render_template(
        "prioritisation/decide.html",
        round=round_,
        items=items,
        item_count=count,
        paged=paged,
        list_start=((paged.page - 1) * DECIDE_PER_PAGE + 1) if paged else 1,
        values=values,
        errors=form.problems,
        results={
            r.bundle_item_id: r
            for r in result_services.compute_results(round_, details=False).items
            if r.bundle_item_id in shown_ids
        },
        pii=form.pii,
        form=form,
        place_label=result_services.place_label,
    ), 422 if (form.problems or form.pii) else 200


# --- people without an account: a personal code (public routes) -------------


@bp.route("/code", methods=["GET", "POST"])
def code_login():
    """Type your personal code to vote without an account."""
    return code_login_page(
        CodeLoginForm(),
        lambda code: code_access.login_with_code(code, utcnow()),
        session_key=CODE_SESSION,
        success_url=url_for("prioritisation.code_ballot"),
        template="prioritisation/code_login.html",
    )


@bp.route("/code/stemmen", methods=["GET", "POST"])
def code_ballot():
    """The ballot of the code holder of this browser session."""
    participant = code_participant()
    if participant is None:
        flash(_("Typ eerst je code."), "info")
        return redirect(url_for("prioritisation.code_login"))
    urls = {
        "self": url_for("prioritisation.code_ballot"),
        "results": url_for("prioritisation.code_results"),
        "logout": url_for("prioritisation.code_logout"),
    }
    return ballot_page(participant, None, urls)


@bp.get("/code/resultaten")
def code_results():
    """The results for a code holder, once the round is closed."""
    participant = code_participant()
    if participant is None:
        return redirect(url_for("prioritisation.code_login"))
    if participant.round.status != RoundStatus.CLOSED:
        return redirect(url_for("prioritisation.code_ballot"))
    return results_page(participant.round, False)


@bp.post("/code/afmelden")
def code_logout():
    """Forget the code in this browser."""
    session.pop(CODE_SESSION, None)
    flash(_("Je bent afgemeld. Bedankt voor je stem."), "success")
    return redirect(url_for("prioritisation.code_login"))
