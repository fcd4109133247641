"""The inbox page: what each row and drop-down shows, and a fixed query count."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import event, select

from signalen.coordination.search import filter_choices
from signalen.extensions import db
from signalen.notifications.services import forget_counts
from signalen.organisations.models import Organisation
from signalen.themes.models import Theme


def count_queries(fn) -> int:
    seen = []

    def note(conn, cursor, statement, *args):
        seen.append(statement)

    engine = db.engine
    event.listen(engine, "before_cursor_execute", note)
    try:
        fn()
    finally:
        event.remove(engine, "before_cursor_execute", note)
    return len(seen)


def test_inbox_rows_and_options(client, login_as, coordinator, make_signal, themes):
    when = datetime(2026, 12, 31, 23, 30, tzinfo=UTC)  # 1 January in Ghent
    signal = make_signal(
        title="Geen <b>plaats</b>", theme_codes=("wonen", "energie"), now=when
    )
    login_as(coordinator)
    page = client.get(f"/coordinatie/inbox?theme={themes['wonen'].id}").get_data(True)
    ref = signal.reference
    assert f'<a href="/coordinatie/signalen/{ref}">Geen &lt;b&gt;plaats' in page
    assert f'class="visually-hidden">Kies {ref}</label>' in page
    assert f'<td data-label="Organisatie">{signal.organisation.name}</td>' in page
    assert ">Ingediend</span></td>" in page
    assert '<td data-label="Ingediend">1 jan 2027</td>' in page
    tags = [f'<span class="tag">{t.label}</span>' for t in signal.themes]
    assert "".join(tags) in page
    wonen = themes["wonen"]
    assert f'<option value="{wonen.id}" selected>{wonen.label} (1)</option>' in page
    # no status asked: the work queue, what needs action
    assert '<option value="">Alle statussen</option>' in page
    assert '<option value="submitted" selected>Ingediend (1)</option>' in page
    assert '<option value="stadsbreed">Stadsbreed</option>' in page


def test_filter_choices_in_display_order(db):
    choices = filter_choices()
    active = db.session.scalars(
        select(Theme).where(Theme.active.is_(True)).order_by(Theme.position, Theme.id)
    )
    assert choices["themes"] == [(t.id, t.label) for t in active]
    names = db.session.scalars(select(Organisation.name).order_by(Organisation.name))
    assert [name for _, name in choices["organisations"]] == list(names)
    assert choices["areas"] and choices["target_groups"]
    assert choices["government_levels"]


def test_inbox_query_count_does_not_grow_with_rows(
    app, client, login_as, coordinator, make_user, make_signal
):
    login_as(coordinator)
    make_signal(make_user())
    one = count_queries(lambda: client.get("/coordinatie/inbox?q=woningen"))
    for _ in range(6):
        make_signal(make_user(), theme_codes=("wonen", "energie"))
    forget_counts()  # the menu badge counts again, as on the first page
    many = count_queries(lambda: client.get("/coordinatie/inbox?q=woningen"))
    assert many == one
    plain = count_queries(lambda: client.get("/coordinatie/inbox"))
    assert plain <= one + 3
