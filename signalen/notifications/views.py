"""What is new for the user: the badge, the banner, new rows, and the journey.

No pages of its own: template helpers, and an after-request hook that marks a
signal read when its page was shown.
"""

from __future__ import annotations

from flask import Blueprint, request
from flask_login import current_user
from sqlalchemy import select

from signalen.actions import run_and_commit
from signalen.database import utcnow
from signalen.extensions import db
from signalen.notifications import journey, services
from signalen.permissions import can_record_signals, can_view_signal
from signalen.signals.models import Signal

bp = Blueprint("notifications", __name__)


@bp.app_template_global()
def news_count() -> int:
    """The number in the menu badge (base.html asks once per page; a query
    only when the user's news moved since this process last counted)."""
    if not can_record_signals(current_user):
        return 0
    return services.news_count(current_user)


@bp.app_template_global()
def news_by_kind() -> dict[str, int]:
    """Per kind, how many of my signals have news (the start page's banner)."""
    if not can_record_signals(current_user):
        return {}
    return services.news_by_kind(current_user.id)


@bp.app_template_global()
def unseen_signal_ids(signals) -> set[int]:
    """The rows of a signal list that have news for me."""
    if not can_record_signals(current_user):
        return set()
    return services.unseen_signal_ids(current_user.id, [s.id for s in signals])


@bp.app_template_global()
def signal_journey(signal) -> list[journey.Step]:
    """The whole journey of the signal, as the current user may see it."""
    return journey.signal_journey(signal, current_user)


@bp.after_app_request
def mark_signal_read(response):
    """Opening a signal's page marks what is on it as read."""
    if (
        request.method == "GET"
        and request.endpoint == "signals.detail"
        and response.status_code == 200
        and current_user.is_authenticated
    ):
        reference = (request.view_args or {}).get("reference")
        signal = db.session.scalar(select(Signal).where(Signal.reference == reference))
        if signal is not None and can_view_signal(current_user, signal):
            user_id, signal_id = current_user.id, signal.id
            run_and_commit(lambda: services.mark_seen(user_id, signal_id, utcnow()))
    return response
