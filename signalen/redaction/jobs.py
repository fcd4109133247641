"""The daily retention job: the job wrapper commits each batch."""

from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _
from flask_babel import ngettext

from signalen.extensions import db


def apply_retention_job(now: datetime) -> str:
    """Replace the free text of signals older than the bewaartermijn by the
    marker, in batches (each committed), then scrub the freed storage."""
    from signalen.redaction.retention import (
        BATCH,
        Retained,
        apply_retention_batch,
        kept_months,
        record_retention,
    )
    from signalen.redaction.services import scrub_storage

    keep = kept_months()
    if keep is None:
        return _("Bewaartermijn: altijd bewaren. Niets gewist.")
    total = Retained()
    while True:
        batch = apply_retention_batch(now, BATCH, total.last_id)
        db.session.commit()
        total.signals += batch.signals
        total.texts += batch.texts
        if batch.signals < BATCH:
            break
        total.last_id = batch.last_id
    record_retention(total, keep)
    db.session.commit()
    if total.signals:
        scrub_storage()
    return ngettext(
        "Vrije tekst van %(num)d oud signaal vervangen (%(texts)d teksten).",
        "Vrije tekst van %(num)d oude signalen vervangen (%(texts)d teksten).",
        total.signals,
        texts=total.texts,
    )
