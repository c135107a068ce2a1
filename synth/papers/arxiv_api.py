"""The arXiv API through the `arxiv` package, plus PDF downloads, as a polite client.

The `arxiv` package finds papers and parses the Atom feed; it has no request
timeout and retries without back-off, so this module sets a timeout, turns
its retries off and retries itself: 429, 5xx, timeouts and dropped
connections are retried with exponential back-off (honouring Retry-After),
other statuses fail at once. Every request is spaced `delay_seconds` apart,
as arXiv's API terms of use ask (https://info.arxiv.org/help/api/tou.html).
Each retry is announced (what failed, attempt n of m, the wait) through
`on_retry`: with the defaults a failing paper takes a minute or more to give up.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable
from datetime import datetime, timezone
from typing import TypeVar
from urllib.parse import urlencode

import arxiv
import requests

from synth.errors import NetworkError, PaperNotFoundError, WithdrawnPaperError
from synth.papers.ids import ArxivId, parse_arxiv_id
from synth.papers.records import Paper
from synth.settings import Settings

_RETRY_STATUSES = {429, 500, 502, 503, 504}
_WITHDRAWN = re.compile(r"\bwithdrawn\b", re.IGNORECASE)
_USER_AGENT = "synth/0.1 (literature-synthesis tool; +https://pypi.org/project/arxiv/)"
_ATOM = re.compile(rb"<feed[\s>]")
T = TypeVar("T")
# The package logs each page it could not parse; synth reports that itself, in one line.
logging.getLogger("arxiv").setLevel(logging.ERROR)


class _TimeoutSession(requests.Session):
    """A session whose requests time out unless told otherwise (requests has no session-wide timeout)."""

    def __init__(self, timeout: float):
        super().__init__()
        self._timeout = timeout
        self.headers["User-Agent"] = _USER_AGENT
        self.last_response: requests.Response | None = None  # the package hides it; its headers say when to retry

    def request(self, method, url, **kwargs):
        kwargs.setdefault("timeout", self._timeout)
        self.last_response = super().request(method, url, **kwargs)
        return self.last_response


class _Retryable(Exception):
    def __init__(self, reason: str, retry_after: float | None = None):
        super().__init__(reason)
        self.reason = reason
        self.retry_after = retry_after


class ArxivSource:
    """Looks papers up and downloads their PDFs. One instance keeps one request spacing."""

    def __init__(self, settings: Settings, sleep: Callable[[float], None] = time.sleep,
                 on_retry: Callable[[str], None] = lambda line: None):
        self.settings = settings
        self._sleep = sleep
        self._on_retry = on_retry
        self._session = _TimeoutSession(settings.http_timeout)
        self._client = arxiv.Client(page_size=100, delay_seconds=0.0, num_retries=0)
        # Documented per-instance override of the endpoint (how SYNTH_ARXIV_API and tests reach it).
        self._client.query_url_format = settings.arxiv_api.rstrip("?") + "?{}"
        # The package offers no timeout setting; its requests go through this session attribute.
        self._client._session = self._session
        self._last_request = 0.0

    # -- public API -----------------------------------------------------------------
    def lookup(self, arxiv_id: ArxivId) -> Paper:
        """Metadata of that version, or of the latest version when none is named."""
        search = arxiv.Search(id_list=[str(arxiv_id)], max_results=1)
        url = f"{self.settings.arxiv_api}?{urlencode({'id_list': str(arxiv_id)})}"
        results = self._retrying(str(arxiv_id), url, lambda: self._results(search))
        if not results:
            raise PaperNotFoundError(str(arxiv_id), "no such paper on arXiv (the API returned an empty feed)")
        result = results[0]
        if "/api/errors" in result.entry_id:
            raise PaperNotFoundError(str(arxiv_id), f"arXiv API error: {result.summary.strip()}")
        if _WITHDRAWN.search(result.comment or "") or result.summary.strip().lower().startswith("this paper has been withdrawn"):
            raise WithdrawnPaperError(str(arxiv_id), f"withdrawn on arXiv ({(result.comment or result.summary).strip()[:120]})")
        return to_paper(result)

    def search(self, query: str, max_results: int = 20) -> list[Paper]:
        search = arxiv.Search(query=query, max_results=max_results)
        url = f"{self.settings.arxiv_api}?{urlencode({'search_query': query})}"
        results = self._retrying(query, url, lambda: self._results(search))
        return [to_paper(r) for r in results if "/api/errors" not in r.entry_id]

    def _results(self, search: arxiv.Search) -> list[arxiv.Result]:
        """The feed's entries; an answer that is no Atom feed at all is a fault to retry, not an empty result."""
        results = list(self._client.results(search))
        last = self._session.last_response
        if not results and last is not None and not _ATOM.search(last.content[:4096]):
            raise _Retryable("the arXiv API answered with something that is not an Atom feed")
        return results

    def download_pdf(self, paper: Paper) -> bytes:
        """The PDF bytes; a body shorter than its Content-Length is a truncated download and is retried."""
        if not paper.pdf_url:
            raise PaperNotFoundError(paper.paper_id, "the arXiv feed lists no PDF link for this paper")
        url = paper.pdf_url

        def get() -> bytes:
            resp = self._session.get(url)
            if resp.status_code in _RETRY_STATUSES:
                raise _Retryable(f"HTTP {resp.status_code}", _retry_after(resp))
            if resp.status_code != 200:
                raise NetworkError(paper.paper_id, f"PDF download failed with HTTP {resp.status_code}", url=url, attempts=1)
            expected = resp.headers.get("Content-Length")
            if expected is not None and expected.isdigit() and int(expected) != len(resp.content):
                raise _Retryable(f"truncated download ({len(resp.content)} of {expected} bytes)")
            return resp.content

        return self._retrying(paper.paper_id, url, get)

    # -- retries --------------------------------------------------------------------
    def _retrying(self, subject: str, url: str, call: Callable[[], T]) -> T:
        attempts = self.settings.retries + 1
        backoff = self.settings.backoff_seconds
        for attempt in range(1, attempts + 1):
            self._space_out()
            try:
                return call()
            except arxiv.HTTPError as exc:
                if exc.status not in _RETRY_STATUSES:
                    raise NetworkError(subject, f"arXiv API answered HTTP {exc.status}", url=url, attempts=attempt) from exc
                last = self._session.last_response
                failure: _Retryable = _Retryable(f"HTTP {exc.status}", _retry_after(last) if last is not None else None)
            except _Retryable as exc:
                failure = exc
            except requests.Timeout as exc:
                failure = _Retryable(f"timed out after {self.settings.http_timeout:g}s")
                failure.__cause__ = exc
            except requests.exceptions.ChunkedEncodingError as exc:
                failure = _Retryable("truncated download (the connection closed before the body was complete)")
                failure.__cause__ = exc
            except requests.ConnectionError as exc:
                failure = _Retryable(f"connection failed ({type(exc).__name__})")
                failure.__cause__ = exc
            if attempt == attempts:
                raise NetworkError(subject, failure.reason, url=url, attempts=attempt) from failure
            wait = failure.retry_after if failure.retry_after is not None else backoff
            # The request spacing may hold the next attempt back longer than the back-off itself.
            spaced = self._last_request + self.settings.delay_seconds - time.monotonic()
            self._on_retry(f"{subject}: {failure.reason} ({url}, attempt {attempt} of {attempts}); "
                           f"retrying in {max(wait, spaced, 0):.3g} s")
            self._sleep(wait)
            backoff *= 2
        raise AssertionError("unreachable")  # the loop returns or raises

    def _space_out(self) -> None:
        wait = self._last_request + self.settings.delay_seconds - time.monotonic()
        if wait > 0:
            self._sleep(wait)
        self._last_request = time.monotonic()


def _retry_after(resp: requests.Response) -> float | None:
    value = resp.headers.get("Retry-After", "")
    return min(float(value), 120.0) if value.isdigit() else None


def to_paper(result: arxiv.Result) -> Paper:
    versioned = parse_arxiv_id(result.entry_id)
    return Paper(
        paper_id=versioned.folder_name,
        arxiv_id=versioned.base,
        version=versioned.version,
        title=" ".join(result.title.split()),
        authors=[a.name for a in result.authors],
        published=result.published,
        updated=result.updated,
        abstract=" ".join(result.summary.split()),
        categories=[result.primary_category, *[c for c in result.categories if c != result.primary_category]],
        comment=result.comment,
        pdf_url=result.pdf_url,
        source="arxiv",
        source_detail=result.entry_id,
        retrieved_at=datetime.now(timezone.utc),
    )
