"""The daily digest job: the job wrapper records the run; batches commit."""

from __future__ import annotations

from datetime import datetime

from flask import current_app
from flask_babel import gettext as _
from flask_babel import ngettext

from signalen.digest.services import MailSettings, send_daily_digests
from signalen.extensions import db


def send_daily_digests_job(now: datetime) -> str:
    """Send today's digests; says in Dutch how many, or why none."""
    mail = MailSettings.from_config(current_app.config)
    result = send_daily_digests(mail, now, commit=db.session.commit)
    if result is None:
        return _("Geen mailserver ingesteld: niets verstuurd.")
    message = ngettext(
        "%(num)d e-mail verstuurd.", "%(num)d e-mails verstuurd.", result.sent
    )
    if result.refused:
        message += " " + ngettext(
            "%(num)d adres geweigerd door de mailserver.",
            "%(num)d adressen geweigerd door de mailserver.",
            result.refused,
        )
    return message
