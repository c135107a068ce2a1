"""`synth fetch` against a real HTTP server on 127.0.0.1 serving Atom feeds and PDFs."""

import json
import re

import pytest
from typer.testing import CliRunner

from atom import entry, feed
from conftest import Reply, drawn_lines
from paper_pdf import TITLE, two_column_paper
from synth.cli import app

PDF = two_column_paper()
runner = CliRunner()


def serve_paper(fake, *, latest=2, pdf=PDF, pdf_reply=None, api_reply=None):
    """Serve 2005.13013 (versions 1..latest) and its PDFs; optional replies replace the normal ones."""

    def handler(request):
        if request.path == "/api/query":
            if api_reply is not None:
                reply = api_reply(request)
                if reply is not None:
                    return reply
            wanted = request.query["id_list"][0]
            base, _, version = wanted.partition("v")
            if base != "2005.13013":
                return Reply(200, feed(ids=wanted))  # arXiv answers an unknown id with an empty feed
            return Reply(200, feed(entry(fake.base, base, int(version or latest), TITLE), ids=wanted))
        if request.path.startswith("/pdf/2005.13013"):
            if pdf_reply is not None:
                reply = pdf_reply(request)
                if reply is not None:
                    return reply
            return Reply(200, pdf, {"Content-Type": "application/pdf"})
        return Reply(404, b"not found")

    fake.handler = handler


def fetch(*args):
    return runner.invoke(app, ["fetch", *args])


def test_fetch_downloads_extracts_and_records_the_version(fake_arxiv, tmp_path):
    serve_paper(fake_arxiv)
    result = fetch("2005.13013", "--json")
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    assert record["how"] == "downloaded"
    assert (record["paper_id"], record["version"], record["title"]) == ("2005.13013v2", 2, TITLE)
    assert record["pages"] == 2
    folder = tmp_path / "cache" / "papers" / "2005.13013v2"
    assert sorted(p.name for p in folder.iterdir()) == ["meta.json", "paper.pdf", "text.json"]
    assert (folder / "paper.pdf").read_bytes() == PDF
    assert [r.path for r in fake_arxiv.requests] == ["/api/query", "/pdf/2005.13013v2"]
    text = json.loads((folder / "text.json").read_text())
    assert text["pages"][0]["sentences"]


def test_second_fetch_uses_the_cache_without_network(fake_arxiv):
    serve_paper(fake_arxiv)
    assert fetch("2005.13013").exit_code == 0
    fake_arxiv.requests.clear()
    result = fetch("https://arxiv.org/abs/2005.13013v2")
    assert result.exit_code == 0
    assert result.stdout.startswith("2005.13013v2\tcached\t2 pages\t")
    assert fake_arxiv.requests == []


@pytest.mark.parametrize("spelling", ["2005.13013v1", "arXiv:2005.13013v1", "https://arxiv.org/pdf/2005.13013v1"])
def test_named_version_is_fetched(fake_arxiv, spelling):
    serve_paper(fake_arxiv)
    result = fetch(spelling, "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["paper_id"] == "2005.13013v1"
    assert fake_arxiv.requests[0].query["id_list"] == ["2005.13013v1"]


def test_unknown_id_is_one_clear_line_and_exit_2(fake_arxiv, tmp_path):
    serve_paper(fake_arxiv)
    result = fetch("2101.99999")
    assert result.exit_code == 2
    assert result.stderr.strip() == "synth: error: 2101.99999: no such paper on arXiv (the API returned an empty feed)"
    assert not (tmp_path / "cache" / "papers").exists()


def test_malformed_id_never_reaches_the_network(fake_arxiv):
    result = fetch("../../etc/passwd")
    assert result.exit_code == 2
    assert "../../etc/passwd: not an arXiv id" in result.stderr
    assert fake_arxiv.requests == []


def test_withdrawn_paper(fake_arxiv):
    def withdrawn(request):
        return Reply(200, feed(entry(fake_arxiv.base, "2005.13013", 3, TITLE, comment="This paper has been withdrawn by the author")))

    serve_paper(fake_arxiv, api_reply=withdrawn)
    result = fetch("2005.13013")
    assert result.exit_code == 2
    assert "2005.13013: withdrawn on arXiv (This paper has been withdrawn by the author)" in result.stderr


def test_429_then_success_is_retried(fake_arxiv):
    calls = []

    def busy_once(request):
        calls.append(request)
        return Reply(429, b"slow down", {"Retry-After": "0"}) if len(calls) == 1 else None

    serve_paper(fake_arxiv, api_reply=busy_once)
    result = fetch("2005.13013")
    assert result.exit_code == 0, result.output
    assert [r.path for r in fake_arxiv.requests] == ["/api/query", "/api/query", "/pdf/2005.13013v2"]


def test_persistent_503_gives_up_after_the_retries(fake_arxiv, monkeypatch):
    monkeypatch.setenv("SYNTH_RETRIES", "2")
    serve_paper(fake_arxiv, api_reply=lambda request: Reply(503, b"down"))
    result = fetch("2005.13013")
    assert result.exit_code == 2
    assert "2005.13013: HTTP 503" in result.stderr and "3 attempts" in result.stderr
    assert len(fake_arxiv.requests) == 3


def test_404_is_not_retried(fake_arxiv):
    serve_paper(fake_arxiv, pdf_reply=lambda request: Reply(404, b"gone"))
    result = fetch("2005.13013")
    assert result.exit_code == 2
    assert "PDF download failed with HTTP 404" in result.stderr
    assert [r.path for r in fake_arxiv.requests] == ["/api/query", "/pdf/2005.13013v2"]


def test_timeout_is_retried_then_reported(fake_arxiv, monkeypatch):
    monkeypatch.setenv("SYNTH_HTTP_TIMEOUT", "0.2")
    monkeypatch.setenv("SYNTH_RETRIES", "1")
    serve_paper(fake_arxiv, pdf_reply=lambda request: Reply(200, PDF, delay=1.0))
    result = fetch("2005.13013")
    assert result.exit_code == 2
    assert "2005.13013v2: timed out after 0.2s" in result.stderr and "2 attempts" in result.stderr


def test_truncated_download_is_retried_and_never_cached(fake_arxiv, tmp_path, monkeypatch):
    monkeypatch.setenv("SYNTH_RETRIES", "1")
    serve_paper(fake_arxiv, pdf_reply=lambda request: Reply(200, PDF, short_by=1000))
    result = fetch("2005.13013")
    assert result.exit_code == 2
    assert "2005.13013v2: truncated download" in result.stderr
    assert [r.path for r in fake_arxiv.requests].count("/pdf/2005.13013v2") == 2
    assert not list((tmp_path / "cache").glob("papers/*/meta.json"))


def test_html_instead_of_pdf_is_refused(fake_arxiv, tmp_path):
    serve_paper(fake_arxiv, pdf_reply=lambda request: Reply(200, b"<html>captcha</html>", {"Content-Type": "text/html"}))
    result = fetch("2005.13013")
    assert result.exit_code == 2
    assert "2005.13013v2: not a PDF (starts with '<html>captcha</h')" in result.stderr
    assert not list((tmp_path / "cache").glob("papers/*/meta.json"))


def test_offline_uses_only_the_cache_and_says_what_is_missing(fake_arxiv, monkeypatch):
    serve_paper(fake_arxiv)
    assert fetch("2005.13013v1").exit_code == 0
    fake_arxiv.requests.clear()
    assert fetch("2005.13013", "--offline").exit_code == 0  # the newest cached version will do
    monkeypatch.setenv("SYNTH_OFFLINE", "1")
    result = fetch("2005.13013v2")
    assert result.exit_code == 2
    assert "2005.13013v2: not in the cache and offline" in result.stderr
    assert "cached versions: 2005.13013v1" in result.stderr
    assert fake_arxiv.requests == []


def test_cache_file_changed_on_disk_is_detected_and_refresh_repairs_it(fake_arxiv, tmp_path):
    serve_paper(fake_arxiv)
    assert fetch("2005.13013").exit_code == 0
    text = tmp_path / "cache" / "papers" / "2005.13013v2" / "text.json"
    text.write_text(text.read_text().replace("Zero-shot", "Few-shot"))
    result = fetch("2005.13013v2")
    assert result.exit_code == 2
    assert f"{text}: file changed on disk since it was cached (sha256 mismatch)" in result.stderr
    assert fetch("2005.13013v2", "--refresh").exit_code == 0
    assert "Zero-shot" in text.read_text()
    assert fetch("2005.13013v2").exit_code == 0


def test_one_bad_id_does_not_stop_the_others(fake_arxiv):
    serve_paper(fake_arxiv)
    result = fetch("2101.99999", "2005.13013")
    assert result.exit_code == 2
    assert result.stdout.startswith("2005.13013v2\tdownloaded")
    assert "2101.99999: no such paper" in result.stderr


def test_requests_are_spaced_as_arxiv_asks(fake_arxiv, monkeypatch):
    import time

    monkeypatch.setenv("SYNTH_DELAY_SECONDS", "0.3")
    serve_paper(fake_arxiv)
    started = time.monotonic()
    assert fetch("2005.13013").exit_code == 0
    assert time.monotonic() - started >= 0.3  # API call, then the PDF no sooner than the spacing


def test_the_apis_retry_after_is_honoured(fake_arxiv):
    import time

    seen = []

    def busy_once(request):
        seen.append(time.monotonic())
        return Reply(429, b"slow down", {"Retry-After": "1"}) if len(seen) == 1 else None

    serve_paper(fake_arxiv, api_reply=busy_once)
    result = fetch("2005.13013")
    assert result.exit_code == 0, result.output
    assert seen[1] - seen[0] >= 1.0  # SYNTH_BACKOFF_SECONDS is 0 here: only Retry-After can explain the wait
    assert result.stderr == (f"synth: 2005.13013: HTTP 429 ({fake_arxiv.api}?id_list=2005.13013, attempt 1 of 5); "
                             "retrying in 1 s\n")


def test_each_retry_says_what_failed_which_attempt_and_how_long_it_waits(fake_arxiv, monkeypatch):
    monkeypatch.setenv("SYNTH_RETRIES", "2")
    monkeypatch.setenv("SYNTH_BACKOFF_SECONDS", "0.25")
    serve_paper(fake_arxiv, pdf_reply=lambda request: Reply(503, b"down"))
    result = fetch("2005.13013")
    assert result.exit_code == 2
    pdf = f"{fake_arxiv.base}/pdf/2005.13013v2"
    assert result.stderr.splitlines() == [
        f"synth: 2005.13013v2: HTTP 503 ({pdf}, attempt 1 of 3); retrying in 0.25 s",
        f"synth: 2005.13013v2: HTTP 503 ({pdf}, attempt 2 of 3); retrying in 0.5 s",  # the back-off doubles
        f"synth: error: 2005.13013v2: HTTP 503 ({pdf}, 3 attempts)",
    ]


def test_retry_lines_and_progress_stay_on_stderr_and_json_on_stdout(fake_arxiv, stderr_terminal):
    calls = []

    def busy_once(request):
        calls.append(request)
        return Reply(503, b"busy") if len(calls) == 1 else None

    serve_paper(fake_arxiv, api_reply=busy_once)
    result = runner.invoke(app, ["fetch", "2005.13013", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["paper_id"] == "2005.13013v2"  # one clean JSON record, nothing else
    drawn = drawn_lines(result.stderr)
    assert any(re.search(r"fetching .* [01]/1 \d+:\d\d:\d\d$", line) for line in drawn)  # the progress bar
    # The retry line is printed above the bar, on a line of its own, not written onto the bar's line.
    assert f"synth: 2005.13013: HTTP 503 ({fake_arxiv.api}?id_list=2005.13013, attempt 1 of 5); retrying in 0 s" in drawn


def test_a_malformed_feed_is_retried_then_reported_in_one_line(fake_arxiv, monkeypatch):
    monkeypatch.setenv("SYNTH_RETRIES", "1")
    calls = []

    def garbage(request):
        calls.append(request)
        return Reply(200, b"<html><body>Internal error</body></html>")

    serve_paper(fake_arxiv, api_reply=garbage)
    result = fetch("2005.13013")
    assert result.exit_code == 2 and len(calls) == 2
    assert "not an Atom feed" in result.stderr and "no such paper" not in result.stderr
    retry, error = result.stderr.strip().splitlines()  # the one retry announced, then the failure in one line
    assert retry.endswith("is not an Atom feed (" + fake_arxiv.api + "?id_list=2005.13013, attempt 1 of 2); retrying in 0 s")
    assert error.startswith("synth: error: 2005.13013: ")

    calls.clear()
    serve_paper(fake_arxiv, api_reply=lambda request: garbage(request) if not calls else None)
    result = fetch("2005.13013")
    assert result.exit_code == 0, result.output
