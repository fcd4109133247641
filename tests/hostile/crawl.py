"""Find every page and every form a user can reach, by following links from "/".

Walking the pages (rather than listing field names by hand) means a new form or
a new field is covered by the hostile tests without anyone adding it here.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from werkzeug.exceptions import HTTPException

#: Never followed: they end the session, stream files or serve assets.
SKIPPED_ENDPOINTS = {"static", "auth.logout", "exports.download"}
#: Distinct URLs visited per endpoint (a list of 60 signals needs 2 of them).
PER_ENDPOINT = 2


@dataclass
class Field:
    name: str
    kind: str
    options: list[str] = field(default_factory=list)


@dataclass
class Form:
    page: str
    action: str
    method: str
    enctype: str
    fields: dict[str, Field] = field(default_factory=dict)
    endpoint: str = ""

    @property
    def is_upload(self) -> bool:
        return self.enctype == "multipart/form-data"


class PageParser(HTMLParser):
    """Links and forms (with their fields and choices) of one page."""

    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.page = page
        self.links: list[str] = []
        self.forms: list[Form] = []
        self.form: Form | None = None
        self.select: Field | None = None
        self.textarea: Field | None = None

    def add_field(self, name: str, kind: str, value: str | None) -> Field:
        assert self.form is not None
        known = self.form.fields.setdefault(name, Field(name, kind))
        if value is not None and value not in known.options:
            known.options.append(value)
        return known

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        if tag == "option" and self.select is not None:
            if a.get("value", "") not in self.select.options:
                self.select.options.append(a.get("value", ""))
        elif tag == "a" and a.get("href"):
            self.links.append(a["href"])
        elif tag == "form":
            self.form = Form(
                page=self.page,
                action=urljoin(self.page, a.get("action") or self.page),
                method=(a.get("method") or "get").lower(),
                enctype=a.get("enctype") or "application/x-www-form-urlencoded",
            )
            self.forms.append(self.form)
        elif self.form is None or not a.get("name"):
            return
        elif tag == "input":
            kind = (a.get("type") or "text").lower()
            if kind in ("submit", "button", "reset", "image"):
                kind = "button"
            self.add_field(a["name"], kind, a.get("value", ""))
        elif tag == "button" and "value" in a:
            self.add_field(a["name"], "button", a["value"])
        elif tag == "select":
            self.select = self.add_field(a["name"], "select", None)
        elif tag == "textarea":
            self.textarea = self.add_field(a["name"], "textarea", None)

    def handle_data(self, data):
        if self.textarea is not None and data.strip():
            self.textarea.options.append(data)

    def handle_endtag(self, tag):
        if tag == "form":
            self.form = None
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)


def parse(page: str, html: str) -> PageParser:
    parser = PageParser(page)
    parser.feed(html)
    parser.close()
    return parser


def endpoint_of(adapter, url: str, method: str = "GET") -> str | None:
    """The endpoint a local URL goes to, or None (outside the app, unknown)."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not parts.path.startswith("/"):
        return None
    try:
        endpoint, _args = adapter.match(parts.path, method=method.upper())
    except HTTPException:
        return None
    return endpoint


@dataclass
class Site:
    pages: dict[str, str]  # url → endpoint
    forms: list[Form]


def crawl(app, client, check=None, start: str = "/", limit: int = 400) -> Site:
    """Every page reachable from `start` for the logged-in client, and its forms.

    Raises AssertionError on any 5xx, so the walk itself is a test; `check` is
    called with each page's URL and response.
    """
    adapter = app.url_map.bind("localhost")
    seen_per_endpoint: dict[str, int] = {}
    pages: dict[str, str] = {}
    forms: list[Form] = []
    queue = deque([start])
    while queue and len(pages) < limit:
        url = urljoin("/", queue.popleft()).split("#")[0]
        if url in pages:
            continue
        endpoint = endpoint_of(adapter, url)
        if endpoint is None or endpoint in SKIPPED_ENDPOINTS:
            continue
        if seen_per_endpoint.get(endpoint, 0) >= PER_ENDPOINT:
            continue
        seen_per_endpoint[endpoint] = seen_per_endpoint.get(endpoint, 0) + 1
        response = client.get(url)
        pages[url] = endpoint
        assert response.status_code < 500, (url, response.status_code)
        if check is not None:
            check(url, response)
        if response.status_code in (301, 302, 303) and response.location:
            queue.append(response.location)
        if response.status_code != 200 or response.mimetype != "text/html":
            response.close()  # a download (workbook, PDF) holds its file open
            continue
        parsed = parse(url, response.get_data(as_text=True))
        for form in parsed.forms:
            form.endpoint = endpoint_of(adapter, form.action, form.method) or ""
            forms.append(form)
        queue.extend(parsed.links)
    return Site(pages=pages, forms=forms)
