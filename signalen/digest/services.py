"""The daily digest: per user, the titles of their signals with something new.

Only titles and references go in the mail (never descriptions, answers, names
or other free text). What a digest told a user is remembered (the highest
signal event id), so the next one tells only what came after; what the user
already saw in the app (signal_seen) is left out too.
"""

from __future__ import annotations

import smtplib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from email.message import EmailMessage
from email.utils import formataddr, make_msgid

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import and_, false, func, or_, select

from signalen.auth.models import User
from signalen.digest.models import DigestSetting
from signalen.extensions import db
from signalen.notifications.models import SignalSeen
from signalen.notifications.services import NEWS_KINDS
from signalen.signals.models import Signal, SignalEvent, SignalEventKind

#: How each kind of news is named in the mail (a kind, never its text).
KIND_WORDS = {
    SignalEventKind.QUESTION.value: "vraag",
    SignalEventKind.LINKED.value: "beslissing",
    SignalEventKind.NOT_STRUCTURAL.value: "beslissing",
    SignalEventKind.FEEDBACK.value: "stad",
}


@dataclass(frozen=True)
class MailSettings:
    server: str | None
    port: int = 25
    use_tls: bool = False
    use_ssl: bool = False
    username: str | None = None
    password: str | None = None
    sender: str = "Signalen <signalen@localhost>"
    timeout: float = 30
    site_url: str = "http://localhost:5000"

    @classmethod
    def from_config(cls, config) -> MailSettings:
        return cls(
            server=config.get("MAIL_SERVER") or None,
            port=int(config.get("MAIL_PORT") or 25),
            use_tls=bool(config.get("MAIL_USE_TLS")),
            use_ssl=bool(config.get("MAIL_USE_SSL")),
            username=config.get("MAIL_USERNAME") or None,
            password=config.get("MAIL_PASSWORD") or None,
            sender=config.get("MAIL_DEFAULT_SENDER") or cls.sender,
            timeout=float(config.get("MAIL_TIMEOUT") or 30),
            site_url=(config.get("MAIL_SITE_URL") or cls.site_url).rstrip("/"),
        )


@dataclass
class DigestLine:
    reference: str
    title: str
    words: set[str] = field(default_factory=set)


@dataclass
class Digest:
    user_id: int
    email: str
    name: str
    lines: list[DigestLine]
    up_to: int  # the highest event id this digest tells about


# --- who gets what ------------------------------------------------------------


def collect_digests() -> list[Digest]:
    """Every user with news that no digest told yet and who did not opt out.

    One grouped query over the news of all users, then one for their addresses.
    """
    author = Signal.author_id
    query = (
        select(
            author,
            Signal.id,
            Signal.reference,
            Signal.title,
            SignalEvent.kind,
            func.max(SignalEvent.id),
        )
        .select_from(SignalEvent)
        .join(Signal, Signal.id == SignalEvent.signal_id)
        .outerjoin(
            SignalSeen,
            and_(
                SignalSeen.signal_id == SignalEvent.signal_id,
                SignalSeen.user_id == author,
            ),
        )
        .outerjoin(DigestSetting, DigestSetting.user_id == author)
        .where(
            SignalEvent.kind.in_(NEWS_KINDS),
            SignalEvent.id > func.coalesce(SignalSeen.seen_event_id, 0),
            SignalEvent.id > func.coalesce(DigestSetting.sent_up_to, 0),
            or_(SignalEvent.actor_id.is_(None), SignalEvent.actor_id != author),
            func.coalesce(DigestSetting.opted_out, false()) == false(),
        )
        .group_by(author, Signal.id, Signal.reference, Signal.title, SignalEvent.kind)
        .order_by(author, Signal.id)
    )
    per_user: dict[int, dict[int, DigestLine]] = {}
    up_to: dict[int, int] = {}
    for user_id, signal_id, reference, title, kind, last in db.session.execute(query):
        if user_id is None:
            continue
        lines = per_user.setdefault(user_id, {})
        line = lines.setdefault(signal_id, DigestLine(reference, title))
        line.words.add(KIND_WORDS.get(kind, "stad"))
        up_to[user_id] = max(up_to.get(user_id, 0), last)
    if not per_user:
        return []
    users = {}
    ids = sorted(per_user)
    for start in range(0, len(ids), 1000):
        for user_id, email, name in db.session.execute(
            select(User.id, User.email, User.display_name).where(
                User.id.in_(ids[start : start + 1000]), User.active.is_(True)
            )
        ):
            users[user_id] = (email, name)
    return [
        Digest(
            user_id,
            users[user_id][0],
            users[user_id][1],
            list(per_user[user_id].values()),
            up_to[user_id],
        )
        for user_id in ids
        if user_id in users and users[user_id][0]
    ]


# --- the mail -----------------------------------------------------------------


def line_text(line: DigestLine) -> str:
    """One signal: its reference, its title, and what kind of news (no texts)."""
    kinds = []
    if "vraag" in line.words:
        kinds.append(_("een vraag van de coördinator"))
    if "beslissing" in line.words:
        kinds.append(_("een beslissing van de coördinator"))
    if "stad" in line.words:
        kinds.append(_("een antwoord of opvolging van de stad"))
    return f"- {line.reference} {line.title}: {', '.join(kinds)}"


def build_message(digest: Digest, mail: MailSettings) -> EmailMessage:
    """The digest as a plain-text mail (titles only)."""
    count = len(digest.lines)
    message = EmailMessage()
    message["Subject"] = ngettext(
        "Signalen: nieuws over %(num)d van je signalen",
        "Signalen: nieuws over %(num)d van je signalen",
        count,
    )
    message["From"] = mail.sender
    message["To"] = formataddr((digest.name, digest.email))
    message["Message-ID"] = make_msgid(domain="signalen")
    body = [
        _("Dag %(name)s,", name=digest.name),
        "",
        ngettext(
            "Er is nieuws over %(num)d van je signalen:",
            "Er is nieuws over %(num)d van je signalen:",
            count,
        ),
        "",
        *(line_text(line) for line in digest.lines),
        "",
        _("Lees het in Signalen: %(url)s", url=f"{mail.site_url}/signalen/mijn"),
        "",
        _(
            "Deze e-mail bevat alleen titels. Wil je hem niet meer krijgen? "
            "Zet hem uit bij je account: %(url)s",
            url=f"{mail.site_url}/account/wachtwoord",
        ),
    ]
    message.set_content("\n".join(body))
    return message


@contextmanager
def smtp_connection(mail: MailSettings) -> Iterator[smtplib.SMTP]:
    """One connection to the configured SMTP server for the whole run."""
    assert mail.server is not None
    smtp: smtplib.SMTP
    if mail.use_ssl:
        smtp = smtplib.SMTP_SSL(mail.server, mail.port, timeout=mail.timeout)
    else:
        smtp = smtplib.SMTP(mail.server, mail.port, timeout=mail.timeout)
    try:
        if mail.use_tls and not mail.use_ssl:
            smtp.starttls()
        if mail.username:
            smtp.login(mail.username, mail.password or "")
        yield smtp
    finally:
        try:
            smtp.quit()
        except smtplib.SMTPException:
            smtp.close()


# --- remembering --------------------------------------------------------------


def mark_sent(digests: Iterable[Digest], now: datetime) -> None:
    """Remember, per user, up to which event a digest told them."""
    digests = list(digests)
    ids = [d.user_id for d in digests]
    rows = {
        row.user_id: row
        for row in db.session.scalars(
            select(DigestSetting).where(DigestSetting.user_id.in_(ids))
        )
    }
    for digest in digests:
        row = rows.get(digest.user_id)
        if row is None:
            row = DigestSetting(user_id=digest.user_id, opted_out=False, sent_up_to=0)
            db.session.add(row)
        row.sent_up_to = max(row.sent_up_to or 0, digest.up_to)
        row.sent_at = now
    db.session.flush()


def wants_digest(user_id: int) -> bool:
    row = db.session.scalar(
        select(DigestSetting).where(DigestSetting.user_id == user_id)
    )
    return row is None or not row.opted_out


def set_digest(user_id: int, wanted: bool, now: datetime) -> bool:
    """Switch the user's daily digest on or off; True when it changed."""
    row = db.session.scalar(
        select(DigestSetting).where(DigestSetting.user_id == user_id)
    )
    if row is None:
        if wanted:
            return False
        row = DigestSetting(user_id=user_id, opted_out=False, sent_up_to=0)
        db.session.add(row)
    if row.opted_out == (not wanted):
        return False
    row.opted_out = not wanted
    db.session.flush()
    return True


@dataclass
class DigestResult:
    sent: int = 0
    refused: int = 0


BATCH = 500


def send_daily_digests(
    mail: MailSettings, now: datetime, commit=lambda: None
) -> DigestResult | None:
    """Send every pending digest through one SMTP connection.

    None when no server is configured (nothing is sent, nothing marked).
    After each batch `commit` is called, so a failure later in the run does
    not send the same digest twice. An address the server refuses is left
    unmarked and tried again the next day.
    """
    if not mail.server:
        return None
    digests = collect_digests()
    result = DigestResult()
    if not digests:
        return result
    with smtp_connection(mail) as smtp:
        for start in range(0, len(digests), BATCH):
            done = []
            for digest in digests[start : start + BATCH]:
                try:
                    smtp.send_message(build_message(digest, mail))
                except smtplib.SMTPRecipientsRefused:
                    result.refused += 1
                    continue
                done.append(digest)
            mark_sent(done, now)
            commit()
            result.sent += len(done)
    return result
