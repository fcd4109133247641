"""Administration: accounts, organisations and reference lists."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from signalen.actions import commit_or_explain, run_and_commit, submit
from signalen.admin import services as admin_services
from signalen.admin.forms import (
    MergeThemeForm,
    OrganisationForm,
    ReferenceForm,
    UserFilterForm,
    UserForm,
    role_pairs,
)
from signalen.admin.services import REFERENCE_KINDS, ReferenceKind
from signalen.auth import services as auth_services
from signalen.auth.models import User
from signalen.database import as_id
from signalen.errors import SignalenError
from signalen.extensions import db
from signalen.forms import ButtonForm, as_choices
from signalen.organisations import services as org_services
from signalen.organisations.models import Organisation, OrganisationKind
from signalen.pages import paginate
from signalen.permissions import Role, role_required
from signalen.themes import services as theme_services
from signalen.themes.models import Theme, ThemeGroup

bp = Blueprint("admin", __name__, url_prefix="/beheer")
TAXONOMY = (Role.ADMIN, Role.COORDINATOR)
USERS_PER_PAGE = 25


def get_or_404(model, ident: int):
    obj = db.session.get(model, ident)
    if obj is None:
        abort(404)
    return obj


def posted_button() -> bool:
    """A POST button with a valid CSRF token (flashes when the form expired)."""
    if ButtonForm().validate_on_submit():
        return True
    flash(_("Het formulier was verlopen. Probeer opnieuw."), "error")
    return False


def no_store(html: str):
    """A page that shows a password once: never cached, never stored."""
    response = make_response(html)
    response.headers["Cache-Control"] = "no-store"
    return response


# --- dashboard -----------------------------------------------------------------


@bp.get("/")
@role_required(Role.ADMIN)
def index():
    """Start page of the beheerder: a few counts and the scheduler's heartbeat."""
    return render_template(
        "admin/index.html",
        figures=admin_services.dashboard_figures(),
        references=admin_services.reference_counts(),
        kinds=REFERENCE_KINDS,
    )


# --- reference lists -------------------------------------------------------------


def get_kind(kind: str) -> ReferenceKind:
    spec = REFERENCE_KINDS.get(kind)
    if spec is None:
        abort(404)
    return spec


def reference_form(spec: ReferenceKind, *, editing: bool, obj=None) -> ReferenceForm:
    form = ReferenceForm.for_kind(spec.extra_fields, editing=editing, obj=obj)
    if "group" in form:
        groups = theme_services.ordered(ThemeGroup)
        form.group.choices = as_choices(
            [("", _("Kies een grondrecht"))]
            + [
                (str(g.id), g.label)
                for g in groups
                if g.active or (obj and obj.group_id == g.id)
            ]
        )
        if obj is not None and request.method == "GET":
            form.group.data = str(obj.group_id or "")
    return form


def reference_extra(form: ReferenceForm) -> dict:
    extra = {}
    if "description" in form:
        extra["description"] = form.description.data
    if "zone" in form:
        extra["zone"] = form.zone.data
    if "group" in form:
        extra["group"] = db.session.get(ThemeGroup, int(form.group.data))
    return extra


@bp.get("/lijsten")
@role_required(*TAXONOMY)
def reference_index():
    """The reference lists a beheerder or coördinator can keep up to date."""
    return render_template(
        "admin/reference_index.html",
        kinds=REFERENCE_KINDS,
        counts=admin_services.reference_counts(),
    )


@bp.route("/lijsten/<kind>", methods=["GET", "POST"])
@role_required(*TAXONOMY)
def reference_list(kind: str):
    """One list, active and inactive rows in order, with a form to add a row."""
    spec = get_kind(kind)
    form = reference_form(spec, editing=False)
    if form.validate_on_submit() and (
        done := submit(
            form,
            lambda: theme_services.add_reference(
                spec.model, form.label.data, current_user, **reference_extra(form)
            ),
            success=url_for("admin.reference_list", kind=kind),
            flash=lambda item: _("'%(label)s' is toegevoegd.", label=item.label),
        )
    ):
        return done
    rows = theme_services.ordered(spec.model)
    groups = None
    if spec.model is Theme:
        groups = {}
        for group in theme_services.ordered(ThemeGroup):
            groups[group] = [t for t in rows if t.group_id == group.id]
        orphans = [t for t in rows if t.group_id is None]
        if orphans:
            groups[None] = orphans
    status = 422 if form.errors else 200
    return (
        render_template(
            "admin/reference_list.html",
            spec=spec,
            rows=rows,
            groups=groups,
            form=form,
            usage=admin_services.theme_usage() if spec.model is Theme else {},
            labels={row.id: row.label for row in rows},
            zones=admin_services.known_zones() if "zone" in spec.extra_fields else [],
            button=ButtonForm(),
        ),
        status,
    )


@bp.route("/lijsten/<kind>/<int:item_id>", methods=["GET", "POST"])
@role_required(*TAXONOMY)
def reference_edit(kind: str, item_id: int):
    """Rename a row, change its description, zone, group or place."""
    spec = get_kind(kind)
    item = get_or_404(spec.model, item_id)
    form = reference_form(spec, editing=True, obj=item)
    if request.method == "GET":
        form.position.data = theme_services.place_of(item)
    if form.validate_on_submit() and (
        done := submit(
            form,
            lambda: theme_services.edit_reference(
                item,
                current_user,
                label=form.label.data,
                place=form.position.data,
                **reference_extra(form),
            ),
            success=url_for("admin.reference_list", kind=kind),
            flash=lambda _result: _("'%(label)s' is bewaard.", label=item.label),
        )
    ):
        return done
    status = 422 if form.errors else 200
    return (
        render_template(
            "admin/reference_form.html",
            spec=spec,
            item=item,
            form=form,
            zones=admin_services.known_zones() if "zone" in spec.extra_fields else [],
        ),
        status,
    )


def _set_reference_active(kind: str, item_id: int, active: bool):
    spec = get_kind(kind)
    item = get_or_404(spec.model, item_id)
    back = url_for("admin.reference_list", kind=kind, _anchor=f"rij-{item.id}")
    if not (
        posted_button()
        and run_and_commit(
            lambda: theme_services.set_reference_active(item, active, current_user)
        )
    ):
        return redirect(back)
    if active:
        flash(_("'%(label)s' is weer actief.", label=item.label), "success")
    else:
        flash(
            _(
                "'%(label)s' is uitgeschakeld: niet meer te kiezen voor nieuwe "
                "signalen. Bestaande signalen houden het.",
                label=item.label,
            ),
            "success",
        )
    return redirect(back)


@bp.post("/lijsten/<kind>/<int:item_id>/uitschakelen")
@role_required(*TAXONOMY)
def reference_deactivate(kind: str, item_id: int):
    """Hide a row from new choices; nothing is deleted."""
    return _set_reference_active(kind, item_id, False)


@bp.post("/lijsten/<kind>/<int:item_id>/inschakelen")
@role_required(*TAXONOMY)
def reference_activate(kind: str, item_id: int):
    """Offer a row again (and undo a merge of a theme)."""
    return _set_reference_active(kind, item_id, True)


@bp.post("/lijsten/<kind>/<int:item_id>/verplaatsen")
@role_required(*TAXONOMY)
def reference_move(kind: str, item_id: int):
    """Move a row one place up or down."""
    spec = get_kind(kind)
    item = get_or_404(spec.model, item_id)
    step = {"omhoog": -1, "omlaag": 1}.get(request.form.get("richting", ""))
    if step is None:
        abort(400)
    if posted_button():
        run_and_commit(
            lambda: theme_services.move_reference_by(item, step, current_user)
        )
    return redirect(
        url_for("admin.reference_list", kind=kind, _anchor=f"rij-{item.id}")
    )


@bp.route("/lijsten/themas/<int:item_id>/samenvoegen", methods=["GET", "POST"])
@role_required(*TAXONOMY)
def reference_merge(item_id: int):
    """Merge a theme into another: it stops, its signals count with the other."""
    theme = get_or_404(Theme, item_id)
    form = MergeThemeForm()
    targets = [
        t
        for t in theme_services.ordered(Theme)
        if t.active and t.id != theme.id and t.merged_into_id is None
    ]
    form.target.choices = as_choices(
        [("", _("Kies een thema"))] + [(str(t.id), t.label) for t in targets]
    )
    if form.validate_on_submit():
        target = get_or_404(Theme, int(form.target.data))
        done = submit(
            form,
            lambda: theme_services.merge_theme(theme, target, current_user),
            success=url_for("admin.reference_list", kind="themas"),
            flash=_(
                "'%(old)s' is samengevoegd met '%(new)s'.",
                old=theme.label,
                new=target.label,
            ),
        )
        if done:
            return done
    status = 422 if form.errors else 200
    return (
        render_template(
            "admin/reference_merge.html",
            theme=theme,
            form=form,
            usage=admin_services.theme_usage().get(theme.id, 0),
        ),
        status,
    )


# --- organisations ------------------------------------------------------------


def organisation_form(obj: Organisation | None = None) -> OrganisationForm:
    form = OrganisationForm(obj=obj)
    kinds = theme_services.ordered(OrganisationKind)
    form.kind.choices = as_choices(
        [("", _("Niet ingevuld"))]
        + [
            (str(k.id), k.label)
            for k in kinds
            if k.active or (obj is not None and obj.kind_id == k.id)
        ]
    )
    if obj is not None and request.method == "GET":
        form.kind.data = str(obj.kind_id or "")
    return form


def organisation_values(form: OrganisationForm) -> dict:
    kind = (
        db.session.get(OrganisationKind, int(form.kind.data))
        if form.kind.data
        else None
    )
    return {
        "name": form.name.data,
        "kind": kind,
        "anonymous_to_city": bool(form.anonymous_to_city.data),
        "actor": current_user,
    }


@bp.get("/organisaties")
@role_required(Role.ADMIN)
def organisations():
    """Every organisation with its number of accounts."""
    return render_template(
        "admin/organisations.html",
        rows=admin_services.organisations_with_counts(),
        button=ButtonForm(),
    )


@bp.route("/organisaties/nieuw", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def organisation_new():
    """Add an organisation."""
    form = organisation_form()
    if form.validate_on_submit() and (
        done := submit(
            form,
            lambda: org_services.create_organisation(**organisation_values(form)),
            success=url_for("admin.organisations"),
            flash=lambda org: _("Organisatie '%(name)s' is toegevoegd.", name=org.name),
        )
    ):
        return done
    return (
        render_template("admin/organisation_form.html", form=form, organisation=None),
        422 if form.errors else 200,
    )


@bp.route("/organisaties/<int:organisation_id>", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def organisation_edit(organisation_id: int):
    """Rename an organisation or change how the city sees it."""
    org = get_or_404(Organisation, organisation_id)
    form = organisation_form(org)
    if form.validate_on_submit() and (
        done := submit(
            form,
            lambda: org_services.update_organisation(org, **organisation_values(form)),
            success=url_for("admin.organisations"),
            flash=lambda _result: _(
                "Organisatie '%(name)s' is bewaard.", name=org.name
            ),
        )
    ):
        return done
    return (
        render_template(
            "admin/organisation_form.html",
            form=form,
            organisation=org,
            button=ButtonForm(),
        ),
        422 if form.errors else 200,
    )


def _set_organisation_active(organisation_id: int, active: bool):
    org = get_or_404(Organisation, organisation_id)
    if (
        posted_button()
        and run_and_commit(
            lambda: org_services.set_organisation_active(org, active, current_user)
        ).ok
    ):
        if active:
            message = _("Organisatie '%(name)s' is weer actief.", name=org.name)
        else:
            message = _(
                "Organisatie '%(name)s' is uitgeschakeld. Haar medewerkers "
                "kunnen niet meer aanmelden.",
                name=org.name,
            )
        flash(message, "success")
    return redirect(url_for("admin.organisations"))


@bp.route("/organisaties/<int:organisation_id>/uitschakelen", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def organisation_deactivate(organisation_id: int):
    """Deactivate an organisation: its accounts can no longer log in. GET asks
    first, on a page of its own; never offered for one's own organisation."""
    if request.method == "POST":
        return _set_organisation_active(organisation_id, False)
    org = get_or_404(Organisation, organisation_id)
    if org.id == current_user.organisation_id or not org.active:
        return redirect(url_for("admin.organisation_edit", organisation_id=org.id))
    return render_template(
        "admin/organisation_deactivate.html", organisation=org, button=ButtonForm()
    )


@bp.post("/organisaties/<int:organisation_id>/inschakelen")
@role_required(Role.ADMIN)
def organisation_activate(organisation_id: int):
    """Activate an organisation again."""
    return _set_organisation_active(organisation_id, True)


# --- accounts ---------------------------------------------------------------------


def organisation_choices(include: Organisation | None = None):
    return as_choices(
        [("", _("Kies een organisatie"))]
        + [
            (str(o.id), o.name)
            for o in admin_services.organisation_choices(include=include)
        ]
    )


def user_form(*, creating: bool, user: User | None = None) -> UserForm:
    form = UserForm.for_mode(creating=creating, obj=user)
    form.role.choices = as_choices([("", _("Kies een rol")), *role_pairs()])
    form.organisation.choices = organisation_choices(
        user.organisation if user else None
    )
    if user is not None and request.method == "GET":
        form.role.data = user.role.value
        form.organisation.data = str(user.organisation_id)
    return form


@bp.get("/accounts")
@role_required(Role.ADMIN)
def users():
    """Accounts, filtered by role, organisation and status, a page at a time."""
    form = UserFilterForm(request.args)
    form.role.choices = as_choices([("", _("Alle rollen")), *role_pairs()])
    form.organisation.choices = as_choices(
        [("", _("Alle organisaties"))]
        + [
            (str(o.id), o.name)
            for o, _a, _t in admin_services.organisations_with_counts()
        ]
    )
    form.validate()
    role = form.role.data if form.role.data in {r.value for r in Role} else None
    org = form.organisation.data
    query = admin_services.users_query(
        role=role,
        organisation_id=as_id(org) if org else None,
        active=form.active.data,
        text=form.q.data if not form.q.errors else None,
    )
    page = paginate(query, per_page=USERS_PER_PAGE)
    return render_template("admin/users.html", form=form, page=page)


@bp.route("/accounts/nieuw", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def user_new():
    """Create an account; the password is shown once on the next page."""
    form = user_form(creating=True)
    if form.validate_on_submit():
        own = form.password_choice.data == "own"
        password = form.password.data if own else auth_services.generate_password()
        organisation = get_or_404(Organisation, int(form.organisation.data))

        def create() -> User:
            if own and not password:
                raise SignalenError(_("Typ een wachtwoord."), field="password")
            return auth_services.create_user(
                email=form.email.data,
                display_name=form.display_name.data,
                password=password or "",
                role=Role(form.role.data),
                organisation=organisation,
                actor=current_user,
            )

        created = commit_or_explain(create, form)
        if created:
            flash(_("Het account is aangemaakt."), "success")
            return no_store(
                render_template(
                    "admin/password_shown.html",
                    user=created.value,
                    password=None if own else password,
                    created=True,
                )
            )
    return (
        render_template("admin/user_form.html", form=form, user=None),
        422 if form.errors else 200,
    )


@bp.route("/accounts/<int:user_id>", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def user_edit(user_id: int):
    """Change the name, role or organisation of an account."""
    user = get_or_404(User, user_id)
    form = user_form(creating=False, user=user)
    if form.validate_on_submit():
        organisation = get_or_404(Organisation, int(form.organisation.data))
        done = submit(
            form,
            lambda: auth_services.update_user(
                user,
                display_name=form.display_name.data,
                role=Role(form.role.data),
                organisation=organisation,
                actor=current_user,
            ),
            success=url_for("admin.users"),
            flash=_("Het account is bewaard."),
        )
        if done:
            return done
    return (
        render_template(
            "admin/user_form.html",
            form=form,
            user=user,
            button=ButtonForm(),
            login_blocked=auth_services.is_login_blocked(user),
        ),
        422 if form.errors else 200,
    )


def _set_user_active(user_id: int, active: bool):
    user = get_or_404(User, user_id)
    if (
        posted_button()
        and run_and_commit(
            lambda: auth_services.set_active(user, active, current_user)
        ).ok
    ):
        if active:
            message = _("Het account is weer actief.")
        else:
            message = _("Het account is uitgeschakeld en kan niet meer aanmelden.")
        flash(message, "success")
    return redirect(url_for("admin.user_edit", user_id=user.id))


@bp.post("/accounts/<int:user_id>/uitschakelen")
@role_required(Role.ADMIN)
def user_deactivate(user_id: int):
    """Deactivate an account; its sessions end."""
    return _set_user_active(user_id, False)


@bp.post("/accounts/<int:user_id>/inschakelen")
@role_required(Role.ADMIN)
def user_activate(user_id: int):
    """Activate an account again."""
    return _set_user_active(user_id, True)


@bp.post("/accounts/<int:user_id>/wachtwoord")
@role_required(Role.ADMIN)
def user_reset_password(user_id: int):
    """Give an account a temporary password, shown once; its sessions end."""
    user = get_or_404(User, user_id)
    reset = posted_button() and run_and_commit(
        lambda: auth_services.reset_password(user, current_user)
    )
    if not reset:
        return redirect(url_for("admin.user_edit", user_id=user.id))
    return no_store(
        render_template(
            "admin/password_shown.html", user=user, password=reset.value, created=False
        )
    )


@bp.post("/accounts/<int:user_id>/blokkering-opheffen")
@role_required(Role.ADMIN)
def user_lift_login_block(user_id: int):
    """Forget the recent failed logins of an account, so it can log in again."""
    user = get_or_404(User, user_id)
    if posted_button() and run_and_commit(
        lambda: auth_services.lift_login_block(user, current_user)
    ):
        flash(
            _("De blokkering is opgeheven: dit account kan weer aanmelden."), "success"
        )
    return redirect(url_for("admin.user_edit", user_id=user.id))
