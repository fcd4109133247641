"""Consultations on a draft policy text (inspraak): pages for the coordinator,
the participants (by account or by code) and the city.

People without an account type a code at /inspraak/code and get a browser
session bound to that code (those routes are public).
"""

from __future__ import annotations

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
from signalen.bundles.sources import register_mention_source
from signalen.consultations import (
    access,
    appendix,
    bundle_source,
    editing,
    feedback,
    links,
    outline,
    services,
)
from signalen.consultations.forms import (
    AccountParticipantForm,
    AnswerForm,
    CodeParticipantForm,
    ConsultationForm,
    LinkForm,
    RemarkEditForm,
    RemarkForm,
    SectionEditForm,
    SectionForm,
    SynthesisForm,
)
from signalen.consultations.models import (
    Consultation,
    ConsultationParticipant,
    ConsultationRemark,
    ConsultationSection,
    ConsultationStatus,
    RemarkAnswer,
    RemarkLink,
)
from signalen.database import utcnow
from signalen.extensions import db
from signalen.forms import ButtonForm, as_choices
from signalen.organisations.models import Organisation
from signalen.permissions import (
    Role,
    can_answer_consultation,
    can_read_consultation,
    has_role,
    role_required,
)
from signalen.prioritisation.code_pages import (
    code_login_page,
    holder_from_session,
    lift_block_button,
)
from signalen.prioritisation.forms import CodeLoginForm, local_to_utc, utc_to_local
from signalen.textcheck import mask_fields

bp = Blueprint("consultations", __name__, url_prefix="/inspraak")
CODE_SESSION = "inspraak_code"
READERS = (Role.COORDINATOR, Role.CITY)
ACCOUNT_PARTICIPANTS = (Role.WORKER, Role.COORDINATOR, Role.CITY)


# --- helpers ---------------------------------------------------------------


def get_consultation(consultation_id: int) -> Consultation:
    consultation = db.session.get(Consultation, consultation_id)
    if consultation is None:
        abort(404)
    return consultation


def readable(consultation_id: int) -> Consultation:
    consultation = get_consultation(consultation_id)
    if not can_read_consultation(current_user, consultation):
        abort(403)
    return consultation


def get_section(consultation: Consultation, section_id: int) -> ConsultationSection:
    section = db.session.get(ConsultationSection, section_id)
    if section is None or section.consultation_id != consultation.id:
        abort(404)
    return section


def get_remark(remark_id: int) -> ConsultationRemark:
    remark = db.session.get(ConsultationRemark, remark_id)
    if remark is None:
        abort(404)
    return remark


def answer_history(remark: ConsultationRemark) -> dict[int, list]:
    """Per current answer its earlier versions, for answers that changed."""
    return {
        a.id: editing.answer_versions(a)[:-1] for a in remark.answers if a.original_id
    }


def code_participant() -> ConsultationParticipant | None:
    return holder_from_session(ConsultationParticipant, CODE_SESSION)


def masked_text(form, name: str) -> None:
    """The "replace by a placeholder" button of the personal-data box."""
    if request.form.get("action") == "mask":
        field = form[name]
        field.data = mask_fields({name: field.data}, request.form.getlist("pii_ok"))[
            name
        ]


def checked_save(form, field: str, save, *, success, flash):
    """Save a form whose free text passes the personal-data check: on a valid
    POST mask first if asked ("replace by a placeholder"), then call
    save(accepted) with the findings marked "geen persoonsgegeven". The
    redirect, or None when there is nothing saved (the form shows why)."""
    if not form.validate_on_submit():
        return None
    masked_text(form, field)
    accepted = request.form.getlist("pii_ok")
    return submit(form, lambda: save(accepted), success=success, flash=flash)


def form_page(template: str, form, **context):
    """The form's page: 422 while it has errors or personal-data findings."""
    status = 422 if form.errors or form.pii else 200
    return render_template(template, form=form, pii=form.pii, **context), status


def section_choices(consultation: Consultation) -> list:
    return as_choices(
        (str(s.id), ("— " if s.is_action else "") + s.heading)
        for s in consultation.sections
    )


@bp.app_template_global()
def consultation_menu(user) -> tuple[str, str, int] | None:
    """The menu item "Inspraak": label, address and the badge of new answers."""
    if not getattr(user, "is_authenticated", False):
        return None
    if has_role(user, *READERS):
        return _("Inspraak"), url_for("consultations.index"), 0
    if has_role(user, Role.WORKER):
        return (
            _("Mijn opmerkingen"),
            url_for("consultations.mine"),
            feedback.unseen_answer_count(user.id),
        )
    return None


@bp.app_context_processor
def consultation_helpers() -> dict:
    # The structural signal's page lists the remarks linked to it (the
    # coordination package sits below this one and cannot import it).
    return {"consultation_remarks_for": links.linked_remarks}


@bp.record_once
def register_bundle_source(state) -> None:
    # Linked remarks reach the next bundle; bundles sit below this package and
    # read them through the source registered here (signalen.bundles.sources).
    register_mention_source(state.app, bundle_source.SOURCE)


# --- the coordinator sets up -------------------------------------------------


@bp.get("/")
@role_required(*READERS)
def index():
    """Every consultation (the city sees those that are or were open)."""
    query = select(Consultation).order_by(Consultation.opens_at.desc())
    if not has_role(current_user, Role.COORDINATOR):
        query = query.where(Consultation.status != ConsultationStatus.DRAFT)
    return render_template(
        "consultations/index.html", consultations=db.session.scalars(query).all()
    )


def outline_preview(form: ConsultationForm) -> list | None:
    """The parts of the pasted text for "Voorbeeld tonen"; an unreadable text
    gets its reason next to the field."""
    if request.form.get("action") != "preview":
        return None
    parts, problem = outline.preview(form.outline.data)
    if problem:
        form.outline.errors = [*form.outline.errors, problem]
    return parts


def consultation_form_page(form, consultation, save, flash_message):
    """The create and edit page: details, dates and the pasted draft text."""
    preview = outline_preview(form) if form.validate_on_submit() else None
    if preview is None and (
        done := checked_save(
            form,
            "outline",
            save,
            success=lambda made: url_for(
                "consultations.detail", consultation_id=made.id
            ),
            flash=flash_message,
        )
    ):
        return done
    return form_page(
        "consultations/new.html", form, consultation=consultation, preview=preview
    )


def form_times(form: ConsultationForm) -> dict:
    return {
        "title": form.title.data,
        "introduction": form.introduction.data or "",
        "opens_at": local_to_utc(form.opens_at.data),
        "closes_at": local_to_utc(form.closes_at.data),
        "now": utcnow(),
    }


@bp.route("/nieuw", methods=["GET", "POST"])
@role_required(Role.COORDINATOR)
def new():
    """Start a consultation on a draft text, with its opening and closing dates."""
    form = ConsultationForm()
    return consultation_form_page(
        form,
        None,
        lambda accepted: services.create_consultation(
            current_user,
            **form_times(form),
            outline=form.outline.data or "",
            accepted=accepted,
        ),
        _(
            "Inspraak aangemaakt. Kijk de hoofdstukken en acties na en voeg de "
            "deelnemers toe."
        ),
    )


@bp.route("/<int:consultation_id>/bewerken", methods=["GET", "POST"])
@role_required(Role.COORDINATOR)
def edit(consultation_id: int):
    """Change the title, introduction or dates; paste more of the draft text."""
    consultation = get_consultation(consultation_id)
    form = ConsultationForm(obj=consultation)
    if not form.is_submitted():
        form.opens_at.data = utc_to_local(consultation.opens_at)
        form.closes_at.data = utc_to_local(consultation.closes_at)

    def save(accepted):
        editing.update_consultation(consultation, current_user, **form_times(form))
        if (form.outline.data or "").strip():
            services.import_outline(
                consultation, current_user, form.outline.data, accepted=accepted
            )
        return consultation

    return consultation_form_page(form, consultation, save, _("Inspraak bewaard."))


@bp.get("/<int:consultation_id>")
@role_required(*READERS)
def detail(consultation_id: int):
    """The draft text with per part its remarks, answers and synthesis."""
    consultation = readable(consultation_id)
    return render_template(
        "consultations/detail.html",
        consultation=consultation,
        button=ButtonForm(),
        now=utcnow(),
    )


@bp.route("/<int:consultation_id>/deel", methods=["GET", "POST"])
@role_required(Role.COORDINATOR)
def add_section(consultation_id: int):
    """Add a chapter, or an action under a chapter."""
    consultation = get_consultation(consultation_id)
    form = SectionForm()
    chapters = [s for s in consultation.sections if not s.is_action]
    form.parent.choices = as_choices(
        [
            ("", _("Nieuw hoofdstuk")),
            *((str(s.id), _("Actie in: %(t)s", t=s.heading)) for s in chapters),
        ]
    )
    if done := checked_save(
        form,
        "body",
        lambda _accepted: services.add_section(
            consultation,
            current_user,
            title=form.title.data,
            number=form.number.data or "",
            body=form.body.data or "",
            parent=get_section(consultation, int(form.parent.data))
            if form.parent.data
            else None,
        ),
        success=url_for("consultations.add_section", consultation_id=consultation.id),
        flash=lambda s: _("%(t)s toegevoegd.", t=s.heading),
    ):
        return done
    return form_page("consultations/section_form.html", form, consultation=consultation)


@bp.route(
    "/<int:consultation_id>/deel/<int:section_id>/bewerken", methods=["GET", "POST"]
)
@role_required(Role.COORDINATOR)
def edit_section(consultation_id: int, section_id: int):
    """Change a chapter's or action's number, title and text; delete it here."""
    consultation = get_consultation(consultation_id)
    section = get_section(consultation, section_id)
    form = SectionEditForm(obj=section)
    if done := checked_save(
        form,
        "body",
        lambda accepted: editing.update_section(
            section,
            current_user,
            title=form.title.data,
            number=form.number.data or "",
            body=form.body.data or "",
            accepted=accepted,
        ),
        success=url_for("consultations.edit", consultation_id=consultation.id),
        flash=lambda s: _("%(t)s bewaard.", t=s.heading),
    ):
        return done
    return form_page(
        "consultations/section_edit.html",
        form,
        consultation=consultation,
        section=section,
        with_remarks=editing.has_remarks(section),
        button=ButtonForm(),
    )


@bp.post("/<int:consultation_id>/deel/<int:section_id>/verwijderen")
@role_required(Role.COORDINATOR)
def delete_section(consultation_id: int, section_id: int):
    """Delete a chapter or action that has no remarks."""
    consultation = get_consultation(consultation_id)
    section = get_section(consultation, section_id)
    if not ButtonForm().validate_on_submit():
        abort(400)
    outcome = run_and_commit(lambda: editing.delete_section(section, current_user))
    if outcome:
        flash(_("%(t)s verwijderd.", t=outcome.value), "success")
        return redirect(url_for("consultations.edit", consultation_id=consultation.id))
    return redirect(
        url_for(
            "consultations.edit_section",
            consultation_id=consultation.id,
            section_id=section.id,
        )
    )


@bp.post("/<int:consultation_id>/<any(openen, sluiten):move>")
@role_required(Role.COORDINATOR)
def move(consultation_id: int, move: str):
    """Open or close by hand, before the planned moment."""
    consultation = get_consultation(consultation_id)
    form = ButtonForm()
    if not form.validate_on_submit():
        abort(400)
    to = ConsultationStatus.OPEN if move == "openen" else ConsultationStatus.CLOSED
    outcome = run_and_commit(
        lambda: services.transition(consultation, to, current_user, utcnow())
    )
    if outcome:
        flash(
            _("De inspraak is open.")
            if to == ConsultationStatus.OPEN
            else _("De inspraak is gesloten."),
            "success",
        )
    return redirect(url_for("consultations.detail", consultation_id=consultation.id))


def participants_page(consultation, account_form=None, code_form=None, made=None):
    account_form = account_form or AccountParticipantForm(formdata=None)
    taken = {p.organisation_id for p in consultation.participants}
    organisations = db.session.scalars(
        select(Organisation).order_by(Organisation.name)
    ).all()
    account_form.organisation.choices = as_choices(
        (str(o.id), o.name) for o in organisations if o.id not in taken
    )
    response = make_response(
        render_template(
            "consultations/participants.html",
            consultation=consultation,
            account_form=account_form,
            code_form=code_form or CodeParticipantForm(formdata=None),
            button=ButtonForm(),
            made=made or [],
            code_block_until=access.code_block_until(consultation, utcnow()),
        ),
        422 if (account_form.errors or (code_form and code_form.errors)) else 200,
    )
    if made:  # the codes exist only in this response: never keep a copy
        response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/<int:consultation_id>/deelnemers")
@role_required(Role.COORDINATOR)
def participants(consultation_id: int):
    """The organisations and councils that take part, with their source codes."""
    return participants_page(get_consultation(consultation_id))


@bp.post("/<int:consultation_id>/deelnemers/account")
@role_required(Role.COORDINATOR)
def add_account_participant(consultation_id: int):
    """An organisation takes part with its accounts."""
    consultation = get_consultation(consultation_id)
    form = AccountParticipantForm()
    participants_page(consultation, form)  # fills the choices
    if form.validate_on_submit():
        organisation = db.session.get(Organisation, int(form.organisation.data))
        if organisation is None:
            abort(404)
        done = submit(
            form,
            lambda: services.add_account_participant(
                consultation,
                current_user,
                organisation=organisation,
                source_code=form.source_code.data,
                name=form.name.data or "",
            ),
            success=url_for(
                "consultations.participants", consultation_id=consultation.id
            ),
            flash=lambda p: _(
                "%(name)s neemt deel als %(code)s.", name=p.name, code=p.source_code
            ),
        )
        if done:
            return done
    return participants_page(consultation, account_form=form)


@bp.post("/<int:consultation_id>/deelnemers/code")
@role_required(Role.COORDINATOR)
def add_code_participant(consultation_id: int):
    """A council without an account: make its code and show it once."""
    consultation = get_consultation(consultation_id)
    form = CodeParticipantForm()
    if form.validate_on_submit():
        outcome = run_and_commit(
            lambda: access.add_code_participant(
                consultation,
                current_user,
                source_code=form.source_code.data,
                name=form.name.data,
            )
        )
        if outcome:
            return participants_page(consultation, made=[outcome.value])
        return redirect(
            url_for("consultations.participants", consultation_id=consultation.id)
        )
    return participants_page(consultation, code_form=form)


@bp.post("/<int:consultation_id>/deelnemers/<int:participant_id>/nieuwe-code")
@role_required(Role.COORDINATOR)
def replace_code(consultation_id: int, participant_id: int):
    """A lost code: a new one; the old one stops working."""
    consultation = get_consultation(consultation_id)
    participant = db.session.get(ConsultationParticipant, participant_id)
    if participant is None or participant.consultation_id != consultation.id:
        abort(404)
    if not ButtonForm().validate_on_submit():
        abort(400)
    outcome = run_and_commit(lambda: access.replace_code(participant, current_user))
    if outcome:
        return participants_page(consultation, made=[outcome.value])
    return redirect(
        url_for("consultations.participants", consultation_id=consultation.id)
    )


@bp.post("/<int:consultation_id>/codes/deblokkeren")
@role_required(Role.COORDINATOR)
def lift_code_block(consultation_id: int):
    """Let the councils try their codes again at once after too many wrong ones."""
    consultation = get_consultation(consultation_id)
    return lift_block_button(
        lambda: access.lift_code_block(consultation, current_user, utcnow()),
        back=url_for("consultations.participants", consultation_id=consultation.id),
        message=_("Aanmelden met een code kan weer."),
    )


@bp.route(
    "/<int:consultation_id>/deel/<int:section_id>/signalen", methods=["GET", "POST"]
)
@role_required(Role.COORDINATOR)
def synthesis(consultation_id: int, section_id: int):
    """Write the "Signalen" paragraph of a chapter or action."""
    consultation = get_consultation(consultation_id)
    section = get_section(consultation, section_id)
    form = SynthesisForm()
    if not form.is_submitted():
        form.synthesis.data = section.synthesis
    if done := checked_save(
        form,
        "synthesis",
        lambda accepted: services.write_synthesis(
            section,
            current_user,
            text=form.synthesis.data or "",
            now=utcnow(),
            accepted=accepted,
        ),
        success=url_for("consultations.detail", consultation_id=consultation.id)
        + f"#deel-{section.id}",
        flash=_("Samenvatting bewaard."),
    ):
        return done
    return form_page(
        "consultations/synthesis.html",
        form,
        consultation=consultation,
        section=section,
    )


# --- one remark: the city answers, the coordinator links -------------------------


@bp.route("/opmerking/<int:remark_id>", methods=["GET", "POST"])
@role_required(*READERS)
def remark(remark_id: int):
    """A remark with its answers; the city adds an answer here."""
    remark = get_remark(remark_id)
    consultation = readable(remark.consultation_id)
    form = AnswerForm()
    if form.is_submitted() and not can_answer_consultation(current_user, consultation):
        abort(403)
    if done := checked_save(
        form,
        "text",
        lambda accepted: services.answer_remark(
            remark, current_user, **answer_values(form), accepted=accepted
        ),
        success=url_for("consultations.detail", consultation_id=consultation.id)
        + f"#opmerking-{remark.id}",
        flash=_("Antwoord bewaard."),
    ):
        return done
    return remark_page(remark, consultation, form, LinkForm(formdata=None))


def answer_values(form: AnswerForm) -> dict:
    return {
        "answer_type": form.answer_type.data,
        "text": form.text.data,
        "department": form.department.data or "",
        "now": utcnow(),
    }


def remark_page(remark, consultation, form, link_form):
    return form_page(
        "consultations/remark.html",
        form,
        consultation=consultation,
        remark=remark,
        link_form=link_form,
        button=ButtonForm(),
        versions=answer_history(remark),
    )


@bp.route("/antwoord/<int:answer_id>/bewerken", methods=["GET", "POST"])
@role_required(Role.CITY)
def edit_answer(answer_id: int):
    """The city changes an answer; the earlier version stays in the history."""
    answer = db.session.get(RemarkAnswer, answer_id)
    if answer is None or answer.superseded_at is not None:
        abort(404)
    remark = answer.remark
    consultation = readable(remark.consultation_id)
    if not can_answer_consultation(current_user, consultation):
        abort(403)
    form = AnswerForm(obj=answer)
    if done := checked_save(
        form,
        "text",
        lambda accepted: editing.edit_answer(
            answer, current_user, **answer_values(form), accepted=accepted
        ),
        success=url_for("consultations.remark", remark_id=remark.id),
        flash=_("Antwoord aangepast. De vorige versie blijft bewaard."),
    ):
        return done
    return form_page(
        "consultations/answer_edit.html",
        form,
        consultation=consultation,
        remark=remark,
        answer=answer,
    )


@bp.post("/opmerking/<int:remark_id>/koppelen")
@role_required(Role.COORDINATOR)
def link(remark_id: int):
    """Count the remark with a structural signal (by its reference)."""
    remark = get_remark(remark_id)
    consultation = get_consultation(remark.consultation_id)
    form = LinkForm()
    if form.validate_on_submit():
        done = submit(
            form,
            lambda: links.link_remark(
                remark,
                links.find_structural(form.reference.data),
                current_user,
                utcnow(),
            ),
            success=url_for("consultations.remark", remark_id=remark.id),
            flash=lambda made: _(
                "Gekoppeld aan %(ref)s.", ref=made.structural_signal.reference
            ),
        )
        if done:
            return done
    page, _status = remark_page(remark, consultation, AnswerForm(formdata=None), form)
    return page, 422


@bp.post("/opmerking/<int:remark_id>/ontkoppelen/<int:link_id>")
@role_required(Role.COORDINATOR)
def unlink(remark_id: int, link_id: int):
    """Undo a link to a structural signal."""
    remark = get_remark(remark_id)
    found = db.session.get(RemarkLink, link_id)
    if found is None or found.remark_id != remark.id:
        abort(404)
    if not ButtonForm().validate_on_submit():
        abort(400)
    if run_and_commit(lambda: links.unlink_remark(found, current_user)):
        flash(_("Koppeling verwijderd."), "success")
    return redirect(url_for("consultations.remark", remark_id=remark.id))


# --- the appendix ------------------------------------------------------------------


@bp.get("/<int:consultation_id>/bijlage")
@role_required(*READERS)
def appendix_page(consultation_id: int):
    """The appendix to print: per part the signals, remarks and answers."""
    consultation = readable(consultation_id)
    return render_template(
        "consultations/appendix.html",
        consultation=consultation,
        appendix=appendix.appendix_of(consultation),
        arrow=appendix.ARROW,
    )


@bp.get("/<int:consultation_id>/bijlage.<any(docx, xlsx):kind>")
@role_required(*READERS)
def appendix_file(consultation_id: int, kind: str):
    """The appendix as a Word document or an Excel workbook."""
    consultation = readable(consultation_id)
    if kind == "docx":
        body, mime = appendix.write_docx(consultation), appendix.DOCX_MIME
    else:
        body, mime = appendix.write_xlsx(consultation), appendix.XLSX_MIME
    response = make_response(body)
    response.headers["Content-Type"] = mime
    response.headers["Content-Disposition"] = (
        f'attachment; filename="{appendix.file_stem(consultation)}.{kind}"'
    )
    return response


# --- taking part ----------------------------------------------------------------------


def take_part_page(participant: ConsultationParticipant, author, urls: dict):
    """The text with the participant's own remarks and answers, and the form."""
    consultation = participant.consultation
    form = RemarkForm()
    form.section.choices = section_choices(consultation)
    if form.is_submitted() and consultation.status != ConsultationStatus.OPEN:
        flash(_("Deze inspraak is niet open voor opmerkingen."), "error")
        return redirect(urls["self"])
    if done := checked_save(
        form,
        "text",
        lambda accepted: services.record_remark(
            participant,
            get_section(consultation, int(form.section.data)),
            text=form.text.data,
            author=author,
            now=utcnow(),
            accepted=accepted,
        ),
        success=urls["self"],
        flash=_("Opmerking bewaard. De stad antwoordt na het sluiten."),
    ):
        return done
    own = [
        r
        for s in consultation.sections
        for r in s.remarks
        if r.participant_id == participant.id
    ]
    return form_page(
        "consultations/take_part.html",
        form,
        consultation=consultation,
        participant=participant,
        own=own,
        urls=urls,
        button=ButtonForm(),
        changeable=lambda r: (
            consultation.status == ConsultationStatus.OPEN
            and not r.answers
            and editing.owns_remark(r, participant, author)
        ),
    )


def own_remark(participant, author, remark_id: int) -> ConsultationRemark:
    """The participant's own remark, or 404 (someone else's remark is not shown)."""
    remark = db.session.get(ConsultationRemark, remark_id)
    if remark is None or not editing.owns_remark(remark, participant, author):
        abort(404)
    return remark


def remark_edit_page(participant, author, remark, urls: dict):
    """Change one's own remark while the consultation is open."""
    form = RemarkEditForm(obj=remark)
    if done := checked_save(
        form,
        "text",
        lambda accepted: editing.edit_remark(
            remark,
            participant,
            text=form.text.data,
            author=author,
            now=utcnow(),
            accepted=accepted,
        ),
        success=urls["back"],
        flash=_("Opmerking aangepast."),
    ):
        return done
    return form_page(
        "consultations/remark_edit.html",
        form,
        consultation=participant.consultation,
        remark=remark,
        urls=urls,
        button=ButtonForm(),
    )


def remark_delete(participant, author, remark, back: str):
    """Withdraw one's own remark while the consultation is open."""
    if not ButtonForm().validate_on_submit():
        abort(400)
    if run_and_commit(
        lambda: editing.delete_remark(remark, participant, author=author)
    ):
        flash(_("Opmerking verwijderd."), "success")
    return redirect(back)


def account_participant(consultation_id: int):
    consultation = get_consultation(consultation_id)
    participant = services.participant_for_user(consultation, current_user)
    if participant is None or consultation.status == ConsultationStatus.DRAFT:
        abort(403)
    return participant


def account_remark_urls(participant, remark) -> dict:
    cid = participant.consultation_id
    return {
        "back": url_for("consultations.take_part", consultation_id=cid),
        "delete": url_for(
            "consultations.delete_remark", consultation_id=cid, remark_id=remark.id
        ),
    }


@bp.route(
    "/<int:consultation_id>/meedoen/opmerking/<int:remark_id>",
    methods=["GET", "POST"],
)
@role_required(*ACCOUNT_PARTICIPANTS)
def edit_remark(consultation_id: int, remark_id: int):
    """Change your own remark (in the name of your organisation)."""
    participant = account_participant(consultation_id)
    remark = own_remark(participant, current_user, remark_id)
    return remark_edit_page(
        participant, current_user, remark, account_remark_urls(participant, remark)
    )


@bp.post("/<int:consultation_id>/meedoen/opmerking/<int:remark_id>/verwijderen")
@role_required(*ACCOUNT_PARTICIPANTS)
def delete_remark(consultation_id: int, remark_id: int):
    """Withdraw your own remark."""
    participant = account_participant(consultation_id)
    remark = own_remark(participant, current_user, remark_id)
    return remark_delete(
        participant,
        current_user,
        remark,
        url_for("consultations.take_part", consultation_id=consultation_id),
    )


@bp.route("/<int:consultation_id>/meedoen", methods=["GET", "POST"])
@role_required(*ACCOUNT_PARTICIPANTS)
def take_part(consultation_id: int):
    """Give remarks in the name of your organisation."""
    participant = account_participant(consultation_id)
    urls = {
        "self": url_for("consultations.take_part", consultation_id=consultation_id),
        "edit": lambda r: url_for(
            "consultations.edit_remark", consultation_id=consultation_id, remark_id=r.id
        ),
    }
    return take_part_page(participant, current_user, urls)


@bp.get("/mijn-opmerkingen")
@role_required(*ACCOUNT_PARTICIPANTS)
def mine():
    """Your own remarks and the city's answers; reading them clears the badge."""
    remarks = feedback.remarks_of_author(current_user.id)
    unseen = {
        r.id
        for r in remarks
        if r.answers
        and (r.answers_seen_at is None or r.answers[-1].created_at > r.answers_seen_at)
    }
    open_ones = [
        c
        for c in db.session.scalars(
            select(Consultation)
            .where(Consultation.status == ConsultationStatus.OPEN)
            .order_by(Consultation.closes_at)
        )
        if services.participant_for_user(c, current_user) is not None
    ]
    if unseen:
        run_and_commit(lambda: feedback.mark_answers_seen(current_user.id, utcnow()))
    return render_template(
        "consultations/mine.html", remarks=remarks, unseen=unseen, open_ones=open_ones
    )


# --- people without an account: a code (public routes) -------------------------


@bp.route("/code", methods=["GET", "POST"])
def code_login():
    """Type the code of your council to give remarks without an account."""
    return code_login_page(
        CodeLoginForm(),
        lambda code: access.login_with_code(code, utcnow()),
        session_key=CODE_SESSION,
        success_url=url_for("consultations.code_take_part"),
        template="consultations/code_login.html",
    )


@bp.route("/code/meedoen", methods=["GET", "POST"])
def code_take_part():
    """The page of the code holder of this browser session."""
    participant = code_participant()
    if participant is None:
        flash(_("Typ eerst je code."), "info")
        return redirect(url_for("consultations.code_login"))
    urls = {
        "self": url_for("consultations.code_take_part"),
        "logout": url_for("consultations.code_logout"),
        "edit": lambda r: url_for("consultations.code_edit_remark", remark_id=r.id),
    }
    return take_part_page(participant, None, urls)


def code_holder() -> ConsultationParticipant:
    participant = code_participant()
    if participant is None:
        abort(403)
    return participant


@bp.route("/code/meedoen/opmerking/<int:remark_id>", methods=["GET", "POST"])
def code_edit_remark(remark_id: int):
    """Change a remark of your council (given with its code)."""
    participant = code_holder()
    remark = own_remark(participant, None, remark_id)
    urls = {
        "back": url_for("consultations.code_take_part"),
        "delete": url_for("consultations.code_delete_remark", remark_id=remark.id),
    }
    return remark_edit_page(participant, None, remark, urls)


@bp.post("/code/meedoen/opmerking/<int:remark_id>/verwijderen")
def code_delete_remark(remark_id: int):
    """Withdraw a remark of your council."""
    participant = code_holder()
    remark = own_remark(participant, None, remark_id)
    return remark_delete(
        participant, None, remark, url_for("consultations.code_take_part")
    )


@bp.post("/code/afmelden")
def code_logout():
    """Forget the code in this browser."""
    session.pop(CODE_SESSION, None)
    flash(_("Je bent afgemeld. Bedankt voor jullie opmerkingen."), "success")
    return redirect(url_for("consultations.code_login"))
