"""A real server in a thread and headless Chromium driven by Playwright.

Playwright never downloads a browser here: it drives Debian's /usr/bin/chromium.
"""

from __future__ import annotations

import mimetypes
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

CHROMIUM = "/usr/bin/chromium"
PHONE = {"width": 390, "height": 844}
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]


def static_from_memory(app):
    """Serve /static/ from bytes read at once, the rest through the app.

    The browser drops connections and revalidates files (304) while a page is
    left; werkzeug's development server can then leave a static file's handle
    to the garbage collector, and the ResourceWarning lands in whichever test
    runs next. Production serves static files from the reverse proxy anyway.
    """
    root = Path(app.static_folder).resolve()

    def wsgi(environ, start_response):
        path = environ.get("PATH_INFO", "")
        if path.startswith("/static/"):
            file = (root / path.removeprefix("/static/")).resolve()
            if root in file.parents and file.is_file():
                data = file.read_bytes()
                kind = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
                start_response(
                    "200 OK",
                    [("Content-Type", kind), ("Content-Length", str(len(data)))],
                )
                return [data]
        return app(environ, start_response)

    return wsgi


@pytest.fixture(scope="session")
def live_server(app):
    server = make_server("127.0.0.1", 0, static_from_memory(app), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server, locale="nl-BE")
    page = context.new_page()
    # Fail on any request that leaves this machine: everything must be local.
    outside = []
    page.on(
        "request",
        lambda request: (
            outside.append(request.url)
            if not request.url.startswith((live_server, "data:", "about:"))
            else None
        ),
    )
    yield page
    context.close()
    assert outside == [], f"requests to elsewhere: {outside}"


@pytest.fixture
def axe_check():
    """Run axe in the page; return its violations, of any impact."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()

    def check(page):
        results = axe.run(page)
        return [
            (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
            for v in results.response["violations"]
        ]

    return check


@pytest.fixture
def new_page(browser, live_server):
    """Pages in fresh contexts (phone-sized unless a viewport is given), for a
    flow with several people at once; nothing may load from elsewhere."""
    contexts, outside = [], []

    def make(viewport=None):
        context = browser.new_context(
            base_url=live_server,
            locale="nl-BE",
            viewport=viewport or PHONE,
        )
        contexts.append(context)
        page = context.new_page()
        page.on(
            "request",
            lambda r: (
                outside.append(r.url)
                if not r.url.startswith((live_server, "data:", "about:"))
                else None
            ),
        )
        return page

    yield make
    for context in contexts:
        context.close()
    assert outside == []
