"""Numbers through Babel (issue 14, item 7): a comma for decimals, a dot for
thousands, no trailing zeros."""

from signalen.templating import number


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
