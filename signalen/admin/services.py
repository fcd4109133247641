"""Administration: what each reference list is, queries for the beheerder's pages."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, func, or_, select

from signalen.auth.models import User
from signalen.extensions import db
from signalen.jobs.services import last_runs
from signalen.organisations.models import Organisation, OrganisationKind
from signalen.permissions import Role
from signalen.signals.models import Signal, SignalStatus
from signalen.themes.models import Area, GovernmentLevel, TargetGroup, Theme, ThemeGroup


@dataclass(frozen=True)
class ReferenceKind:
    """One editable reference list, as it appears in the URL and on screen."""

    slug: str
    model: Any
    title: Any  # plural, for headings
    singular: Any
    extra_fields: tuple[str, ...] = field(default_factory=tuple)
    help: Any = ""


REFERENCE_KINDS: dict[str, ReferenceKind] = {
    kind.slug: kind
    for kind in (
        ReferenceKind(
            "themas",
            Theme,
            _l("Thema's"),
            _l("thema"),
            ("description", "group"),
            _l("Medewerkers kiezen één of meer thema's bij elk signaal."),
        ),
        ReferenceKind(
            "themagroepen",
            ThemeGroup,
            _l("Sociale grondrechten"),
            _l("grondrecht"),
            (),
            _l("De groepen waaronder de thema's staan."),
        ),
        ReferenceKind(
            "doelgroepen",
            TargetGroup,
            _l("Doelgroepen"),
            _l("doelgroep"),
        ),
        ReferenceKind(
            "wijken",
            Area,
            _l("Wijken"),
            _l("wijk"),
            ("zone",),
        ),
        ReferenceKind(
            "bestuursniveaus",
            GovernmentLevel,
            _l("Bestuursniveaus"),
            _l("bestuursniveau"),
        ),
        ReferenceKind(
            "organisatietypes",
            OrganisationKind,
            _l("Soorten organisaties"),
            _l("soort organisatie"),
        ),
    )
}


def reference_counts() -> dict[str, tuple[int, int]]:
    """Per list: (active rows, all rows)."""
    counts = {}
    for slug, kind in REFERENCE_KINDS.items():
        model = kind.model
        active, total = db.session.execute(
            select(
                func.count().filter(model.active.is_(True)),
                func.count(),
            ).select_from(model)
        ).one()
        counts[slug] = (active or 0, total or 0)
    return counts


def known_zones() -> list[str]:
    return list(
        db.session.scalars(
            select(Area.zone)
            .distinct()
            .where(Area.zone.is_not(None))
            .order_by(Area.zone)
        )
    )


def theme_usage() -> dict[int, int]:
    """How many signals carry each theme (as recorded)."""
    from signalen.signals.models import signal_themes

    rows = db.session.execute(
        select(signal_themes.c.theme_id, func.count()).group_by(
            signal_themes.c.theme_id
        )
    )
    return dict(rows.all())


# --- accounts and organisations ---------------------------------------------


def users_query(
    *,
    role: str | None = None,
    organisation_id: int | None = None,
    active: str | None = None,
    text: str | None = None,
) -> Select:
    """Accounts matching the filters, by name."""
    query = select(User).join(User.organisation).order_by(User.display_name, User.id)
    if role:
        query = query.where(User.role == Role(role))
    if organisation_id:
        query = query.where(User.organisation_id == organisation_id)
    if active == "ja":
        query = query.where(User.active.is_(True), Organisation.active.is_(True))
    elif active == "nee":
        query = query.where(or_(User.active.is_(False), Organisation.active.is_(False)))
    if text:
        pattern = f"%{text.lower()}%"
        query = query.where(
            or_(
                func.lower(User.email).like(pattern),
                func.lower(User.display_name).like(pattern),
            )
        )
    return query


def organisations_with_counts() -> list[tuple[Organisation, int, int]]:
    """Every organisation with (active accounts, all accounts), by name."""
    active_users = func.count(User.id).filter(User.active.is_(True))
    rows = db.session.execute(
        select(Organisation, active_users, func.count(User.id))
        .outerjoin(User, User.organisation_id == Organisation.id)
        .group_by(Organisation.id)
        .order_by(func.lower(Organisation.name))
    )
    return [(org, active or 0, total or 0) for org, active, total in rows.all()]


def organisation_choices(include: Organisation | None = None) -> list[Organisation]:
    """Active organisations (plus the current one of the account being edited)."""
    query = select(Organisation).order_by(func.lower(Organisation.name))
    rows = list(db.session.scalars(query))
    return [o for o in rows if o.active or (include and o.id == include.id)]


def dashboard_figures() -> dict[str, Any]:
    """Counts for the beheerder's start page."""
    users = dict(
        db.session.execute(
            select(User.role, func.count())
            .where(User.active.is_(True))
            .group_by(User.role)
        ).all()
    )
    signals = dict(
        db.session.execute(
            select(Signal.status, func.count()).group_by(Signal.status)
        ).all()
    )
    organisations = dict(
        db.session.execute(
            select(Organisation.active, func.count()).group_by(Organisation.active)
        ).all()
    )
    return {
        "users": [(role, users.get(role, 0)) for role in Role],
        "inactive_users": db.session.scalar(
            select(func.count()).select_from(User).where(User.active.is_(False))
        ),
        "signals": [(status, signals.get(status, 0)) for status in SignalStatus],
        "organisations_active": organisations.get(True, 0),
        "organisations_inactive": organisations.get(False, 0),
        "jobs": sorted(last_runs().values(), key=lambda run: run.job_name),
    }
