"""Numbers through Babel (issue 14, item 7): a comma for decimals, a dot for
thousands, no trailing zeros."""

from signalen.templating import money, number


def test_numbers_the_dutch_way(app):
    with app.test_request_context():
        assert number(1234.5) == "1.234,5"
        assert number(2.0) == "2"
        assert number(0.126) == "0,13"
        assert number(12, decimals=0) == "12"
        assert number(None) == "—"
    template = app.jinja_env.from_string("{{ 2.75 | number }}")
    with app.test_request_context():
        assert template.render() == "2,75"


def test_money_the_dutch_way(app):
    with app.test_request_context():
        assert money(12500) == "€\xa012.500"
        assert money(1234567) == "€\xa01.234.567"
        assert money(12500.5) == "€\xa012.500,50"
        assert money(None) == "—"
    template = app.jinja_env.from_string("{{ 2500 | money }}")
    with app.test_request_context():
        assert template.render() == "€\xa02.500"


def test_plurals_and_counts_through_babel(app):
    """One noun for one, another for more; big counts with a thousands dot."""
    template = app.jinja_env.from_string(
        "{{ ngettext('%(num)s signaal', '%(num)s signalen', n, num=n | number) }}"
    )
    with app.test_request_context():
        assert template.render(n=1) == "1 signaal"
        assert template.render(n=12500) == "12.500 signalen"


def test_evidence_of_a_bundle_item_in_the_singular_and_plural(app):
    from types import SimpleNamespace

    template = app.jinja_env.get_template("prioritisation/_item.html")

    def evidence(**counts):
        item = SimpleNamespace(
            reference="B1-001", title="Titel", snapshot={"evidence": counts}
        )
        with app.test_request_context():
            return " ".join(template.render(item=item, heading_id="kop").split())

    one = evidence(signals=1, organisations=1, people_affected=1, bundles_seen=2)
    assert "Gemeld in 1 signaal door 1 organisatie" in one
    assert "ongeveer 1 persoon" in one and "al in 1 eerdere bundel" in one
    many = evidence(signals=1250, organisations=3, people_affected=4000)
    assert "Gemeld in 1.250 signalen door 3 organisaties" in many
    assert "ongeveer 4.000 mensen" in many and "nieuw in deze bundel" in many
