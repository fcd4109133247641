"""Roles and every access rule, in one place; also exposed to templates."""

from __future__ import annotations

import enum
from collections.abc import Callable
from functools import wraps
from typing import Any, Protocol

from flask import abort
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from signalen.extensions import login_manager


class Role(enum.StrEnum):
    WORKER = "medewerker"
    COORDINATOR = "coordinator"
    CITY = "stad"
    ADMIN = "beheerder"

    @property
    def label(self) -> str:
        return str(ROLE_LABELS[self])


ROLE_LABELS = {
    Role.WORKER: _l("Medewerker"),
    Role.COORDINATOR: _l("Coördinator"),
    Role.CITY: _l("Stad"),
    Role.ADMIN: _l("Beheerder"),
}


class Account(Protocol):
    """What the rules read of a user: signalen.auth.models.User (this module
    sits below auth, so it names only the attributes it needs)."""

    @property
    def id(self) -> int: ...

    @property
    def role(self) -> Role: ...

    @property
    def organisation_id(self) -> int | None: ...

    @property
    def is_authenticated(self) -> bool: ...


def role_required(*roles: Role) -> Callable:
    """Refuse the view unless the logged-in user has one of the roles."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any):
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        # Read by the route × role matrix test. A function takes attributes;
        # the stub of functools.wraps' result does not say so.
        wrapped.required_roles = roles  # type: ignore[attr-defined]
        return wrapped

    return decorator


def has_role(user: Account | Any, *roles: Role) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and user.role in roles


# --- signals -------------------------------------------------------------


def can_view_signal(user: Account, signal: Any) -> bool:
    """Workers see their own organisation's signals; coordinators see all but
    other people's drafts (a draft is its author's until submitted)."""
    if has_role(user, Role.COORDINATOR):
        return signal.status != "draft" or signal.author_id == user.id
    if has_role(user, Role.WORKER):
        return signal.organisation_id == user.organisation_id and (
            signal.status != "draft" or signal.author_id == user.id
        )
    return False


def can_edit_signal(user: Account, signal: Any) -> bool:
    """Authors edit their own signal until a coordinator has processed it."""
    return (
        has_role(user, Role.WORKER, Role.COORDINATOR)
        and signal.author_id == user.id
        and signal.is_editable_by_author
    )


def can_answer_question(user: Account, signal: Any) -> bool:
    return (
        has_role(user, Role.WORKER, Role.COORDINATOR)
        and signal.author_id == user.id
        and signal.status == "question"
    )


def can_record_signals(user: Account) -> bool:
    return has_role(user, Role.WORKER, Role.COORDINATOR)


def can_coordinate(user: Account) -> bool:
    return has_role(user, Role.COORDINATOR)


def can_administer(user: Account) -> bool:
    return has_role(user, Role.ADMIN)


def can_manage_taxonomy(user: Account) -> bool:
    return has_role(user, Role.ADMIN, Role.COORDINATOR)


# --- bundles and answers --------------------------------------------------


def can_view_bundle(user: Account, bundle: Any) -> bool:
    """The city only sees published bundles; coordinators see every bundle."""
    if has_role(user, Role.COORDINATOR):
        return True
    if has_role(user, Role.CITY):
        return bundle.status == "published"
    if has_role(user, Role.WORKER):
        return bundle.status == "published"
    return False


def can_answer_bundle(user: Account, bundle: Any) -> bool:
    return has_role(user, Role.CITY, Role.COORDINATOR) and bundle.status in (
        "closed",
        "published",
    )


TEMPLATE_PREDICATES = {
    "can_view_signal": can_view_signal,
    "can_edit_signal": can_edit_signal,
    "can_answer_question": can_answer_question,
    "can_record_signals": can_record_signals,
    "can_coordinate": can_coordinate,
    "can_administer": can_administer,
    "can_manage_taxonomy": can_manage_taxonomy,
    "can_view_bundle": can_view_bundle,
    "can_answer_bundle": can_answer_bundle,
    "has_role": has_role,
    "Role": Role,
}


# --- bundle workbooks and the city's answers -------------------------------

EXPORTABLE_STATUSES = ("closed", "published")


def can_export_bundle(user: Account, bundle: Any) -> bool:
    """Coordinators: closed or published bundles; the city: published only."""
    return bundle.status in EXPORTABLE_STATUSES and can_view_bundle(user, bundle)


def can_read_report(user: Account, bundle: Any) -> bool:
    """The bundle as a report (web page and PDF): every account once it is
    published; before that whoever may export it (coordinators: closed too)."""
    if bundle.status == "published" and has_role(user, *Role):
        return True
    return can_export_bundle(user, bundle)


def can_download_export(user: Account, run: Any) -> bool:
    """An export run's page and file: whoever may export its bundle."""
    return can_export_bundle(user, run.bundle)


def can_import_answers(user: Account, bundle: Any) -> bool:
    """Upload a filled-in workbook: who sees the bundle and may answer it."""
    return can_view_bundle(user, bundle) and can_answer_bundle(user, bundle)


def can_answer_item(user: Account, item: Any) -> bool:
    """Type an answer in the app: the same rule as uploading one."""
    return can_import_answers(user, item.bundle)


def can_evaluate(user: Account) -> bool:
    """Set the yearly evaluation's date and give verdicts: coordinators."""
    return has_role(user, Role.COORDINATOR)


def can_follow_up_item(user: Account, item: Any) -> bool:
    """Write the follow-up of an item: the city and coordinators (workers read)."""
    return can_answer_item(user, item)


TEMPLATE_PREDICATES.update(
    {
        "can_follow_up_item": can_follow_up_item,
        "can_evaluate": can_evaluate,
        "can_export_bundle": can_export_bundle,
        "can_download_export": can_download_export,
        "can_read_report": can_read_report,
        "can_import_answers": can_import_answers,
        "can_answer_item": can_answer_item,
    }
)


# --- importing signal lists ------------------------------------------------


def can_import_signals(user: Account) -> bool:
    """Who records signals may bring in a list of them."""
    return can_record_signals(user)


def can_import_for(user: Account, organisation: Any) -> bool:
    """Workers import for their own organisation; coordinators for any."""
    if not can_import_signals(user):
        return False
    return has_role(user, Role.COORDINATOR) or user.organisation_id == organisation.id


TEMPLATE_PREDICATES["can_import_signals"] = can_import_signals


# --- consultations on a draft policy text (inspraak) --------------------------


def can_manage_consultations(user: Account) -> bool:
    """Create consultations, add parts and participants, write the synthesis."""
    return has_role(user, Role.COORDINATOR)


def can_answer_consultation(user: Account, consultation: Any) -> bool:
    """The city answers remarks once the consultation is open."""
    return has_role(user, Role.CITY) and consultation.status in ("open", "closed")


def can_read_consultation(user: Account, consultation: Any) -> bool:
    """Coordinators read every consultation; the city once it is open."""
    if has_role(user, Role.COORDINATOR):
        return True
    return has_role(user, Role.CITY) and consultation.status != "draft"


TEMPLATE_PREDICATES.update(
    {
        "can_manage_consultations": can_manage_consultations,
        "can_answer_consultation": can_answer_consultation,
        "can_read_consultation": can_read_consultation,
    }
)
