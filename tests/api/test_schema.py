"""Every endpoint against its own OpenAPI document (Schemathesis, in-process
through the WSGI app), for every role, with a bounded number of examples."""

from __future__ import annotations

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from signalen.permissions import Role

EXAMPLES = 15


@pytest.fixture
def role_tokens(bundles, issue, switch_on, app):
    """A token of each role, on data where every endpoint has something to say;
    the rate limit set high enough for the examples."""
    switch_on(bundles["published"])
    app.config["API_RATE_LIMIT"] = 100_000
    yield {role: issue(role) for role in Role}
    app.config["API_RATE_LIMIT"] = 120


def operations(app):
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    return [result.ok() for result in schema.get_all_operations()]


def test_the_document_lists_every_endpoint(app):
    paths = {(op.method.upper(), op.path) for op in operations(app)}
    api_rules = {
        ("GET", rule.rule.replace("<int:", "{").replace("<", "{").replace(">", "}"))
        for rule in app.url_map.iter_rules()
        if rule.endpoint.startswith("api.")
    }
    assert paths == api_rules
    assert len(paths) == 7


def test_every_endpoint_keeps_to_its_schema(app, role_tokens):
    """Generated requests per operation, each sent with the token of every role;
    Schemathesis checks status, content type, headers and body against the
    document, and that nothing fails on our side."""
    checked = []
    for operation in operations(app):

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            # The same examples on every run; SIGNALEN_HOSTILE_RANDOM=1 explores.
            derandomize=not os.environ.get("SIGNALEN_HOSTILE_RANDOM"),
            suppress_health_check=list(HealthCheck),
        )
        def check(case):
            for secret in role_tokens.values():
                case.call_and_validate(headers={"Authorization": f"Bearer {secret}"})

        check()
        checked.append(operation.path)
    assert len(checked) == 7
