"""Shared fixtures: a clean environment per test and a real HTTP server standing in for arXiv."""

from __future__ import annotations

import os
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SLOW = "SYNTH_SLOW_TESTS"


def pytest_collection_modifyitems(config, items):
    """Slow tests run in CI (.ci/run sets SYNTH_SLOW_TESTS=1) and wherever it is set; a plain run skips them by name,
    so that the suite a developer runs between edits stays about a minute."""
    if os.environ.get(SLOW) == "1":
        return
    skip = pytest.mark.skip(reason=f"slow: CI runs it; {SLOW}=1 python -m pytest runs it here")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def clean_environ(tmp_path, monkeypatch):
    """No test reads or writes the user's real cache or settings."""
    for name in list(os.environ):
        if name.startswith("SYNTH_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))
    monkeypatch.setenv("SYNTH_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("SYNTH_DELAY_SECONDS", "0")
    monkeypatch.setenv("SYNTH_BACKOFF_SECONDS", "0")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")


@pytest.fixture
def stderr_terminal(monkeypatch):
    """synth's stderr console drawing progress as in a terminal. rich reads TTY_COMPATIBLE on every write but
    decides whether to redraw in place once, when the console is made (at import), so that is set here too."""
    from synth.cli_common import err

    monkeypatch.setenv("TTY_COMPATIBLE", "1")
    monkeypatch.setattr(err, "is_interactive", True)


def drawn_lines(stderr: str) -> list[str]:
    """Every line a live display drew on stderr, escape codes removed: each redraw starts with '\\r'."""
    return [re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", line) for line in re.split(r"[\r\n]", stderr)]


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds to wait before answering (timeouts)
    short_by: int = 0  # send this many bytes fewer than Content-Length says (truncated downloads)


@dataclass
class Request:
    path: str
    query: dict[str, list[str]]


class FakeArxiv:
    """Routes requests to `handler(request) -> Reply`; records every request it saw."""

    def __init__(self, server: ThreadingHTTPServer):
        self.server = server
        self.base = f"http://127.0.0.1:{server.server_address[1]}"
        self.requests: list[Request] = []
        self.handler: Callable[[Request], Reply] = lambda request: Reply(404, b"no handler")

    @property
    def api(self) -> str:
        return f"{self.base}/api/query"


def _handler_class(fake_ref: list[FakeArxiv]):
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - http.server's naming
            fake = fake_ref[0]
            url = urlparse(self.path)
            request = Request(url.path, parse_qs(url.query))
            fake.requests.append(request)
            reply = fake.handler(request)
            if reply.delay:
                time.sleep(reply.delay)
            try:
                self.send_response(reply.status)
                for key, value in reply.headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(reply.body)))
                self.end_headers()
                self.wfile.write(reply.body[: len(reply.body) - reply.short_by])
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (a timeout test); nothing to answer

        def log_message(self, *args):
            pass

    return Handler


@pytest.fixture(scope="session")
def _arxiv_server():
    ref: list[FakeArxiv] = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_class(ref))
    server.daemon_threads = True
    ref.append(FakeArxiv(server))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield ref[0]
    server.shutdown()
    server.server_close()


@pytest.fixture
def fake_arxiv(_arxiv_server, monkeypatch) -> FakeArxiv:
    """The session's server, reset, with synth pointed at it."""
    _arxiv_server.requests.clear()
    _arxiv_server.handler = lambda request: Reply(404, b"no handler")
    monkeypatch.setenv("SYNTH_ARXIV_API", _arxiv_server.api)
    return _arxiv_server


@pytest.fixture(scope="session")
def shared_pdfs() -> Path:
    folder = SHARED / "data" / "pdfs"
    if not folder.is_dir():
        pytest.skip(f"real PDFs not available ({folder} is absent; it sits beside the repo in the dev setup)")
    return folder
