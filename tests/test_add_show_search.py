"""`synth add`, `synth show` and `synth search` from the command line, offline."""

import json

import pytest
from typer.testing import CliRunner

from paper_pdf import CROSS_PAGE_SENTENCE, TITLE, encrypted_pdf, scanned_pdf, simple_pdf, two_column_paper
from claims.paper_claims import add_labelled_pdf
from synth.cli import app
from synth.papers.library import Library
from synth.settings import Settings

runner = CliRunner()


def run(*args):
    return runner.invoke(app, list(args))


def test_add_reads_title_and_id_from_the_pdf_not_its_name(tmp_path):
    misleading = tmp_path / "1911.02116_some_other_paper.pdf"
    misleading.write_bytes(two_column_paper())
    result = run("add", str(misleading), "--json")
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    assert (record["paper_id"], record["arxiv_id"], record["version"]) == ("2005.13013v2", "2005.13013", 2)
    assert record["title"] == TITLE
    assert record["source"] == "local"
    assert record["abstract"].startswith("We study intermediate-task training")
    # Its title is not that of the real 2005.13013, so the real authors are not lent to it.
    assert record["authors"] == [] and "not that of arXiv:2005.13013" in result.stderr


def test_a_pdf_with_the_papers_own_title_gets_the_bundled_authors(tmp_path):
    pdf = tmp_path / "phang.pdf"
    real = "English Intermediate-Task Training Improves Zero-Shot Cross-Lingual Transfer Too"
    pdf.write_bytes(two_column_paper(title=real, title_size=13))
    record = json.loads(run("add", str(pdf), "--json").stdout)
    assert record["title"] == real and record["authors"][0] == "Jason Phang"


def test_a_local_pdf_never_replaces_the_download_of_its_id(tmp_path, fake_arxiv):
    """A PDF stamped with an arXiv id that was downloaded is stored apart; the download stays what the id means."""
    from test_fetch import serve_paper  # the fake arXiv of the fetch tests

    serve_paper(fake_arxiv, pdf=simple_pdf(text="The genuine paper."))
    assert run("fetch", "2005.13013v2", "--json").exit_code == 0
    fake = tmp_path / "fake.pdf"
    fake.write_bytes(two_column_paper())  # page 1 says arXiv:2005.13013v2
    result = run("add", str(fake), "--json")
    assert result.exit_code == 0, result.output
    stored = json.loads(result.stdout)
    assert stored["paper_id"].startswith("local-") and stored["arxiv_id"] == "2005.13013"
    assert "cached as downloaded from arXiv and this PDF differs" in result.stderr
    shown = run("show", "2005.13013v2", "--json")
    assert "The genuine paper." in json.dumps(json.loads(shown.stdout)["pages"])


def test_an_arxiv_id_option_that_contradicts_page_one_is_reported(tmp_path):
    pdf = tmp_path / "paper.pdf"
    pdf.write_bytes(two_column_paper())
    result = run("add", str(pdf), "--arxiv-id", "1911.02116v1")
    assert result.exit_code == 0
    assert "page 1 says arXiv:2005.13013v2 but --arxiv-id says 1911.02116v1; using 1911.02116v1" in result.stderr


def test_add_without_an_id_gets_a_content_key_and_arxiv_id_option_wins(tmp_path):
    pdf = tmp_path / "paper.pdf"
    pdf.write_bytes(two_column_paper(stamp=None, title="A Paper With No Stamp"))
    plain = json.loads(run("add", str(pdf), "--json").stdout)
    assert plain["paper_id"].startswith("local-") and plain["arxiv_id"] is None
    assert plain["title"] == "A Paper With No Stamp"
    named = json.loads(run("add", str(pdf), "--arxiv-id", "1911.02116v1", "--json").stdout)
    assert named["paper_id"] == "1911.02116v1"


def test_a_labelled_pdf_without_a_stamp_is_stored_once_under_the_id_its_name_gives(tmp_path):
    """The training's and the bench's rule (`add_labelled_pdf`): the name's id is taken only where page 1 has no stamp,
    and the PDF is extracted and stored once, with no content-keyed copy beside it."""
    library = Library(Settings.load(cache_dir=tmp_path / "cache", offline=True))
    unstamped = tmp_path / "2101.11112v1_proceedings.pdf"
    unstamped.write_bytes(two_column_paper(stamp=None, title="A Proceedings Print"))
    stored = add_labelled_pdf(library, unstamped)
    assert (stored.paper.paper_id, stored.paper.arxiv_id) == ("2101.11112v1", "2101.11112")
    stamped = tmp_path / "1911.02116_misnamed.pdf"
    stamped.write_bytes(two_column_paper())
    assert add_labelled_pdf(library, stamped).paper.paper_id == "2005.13013v2"
    assert sorted(p.paper_id for p in library.cache.papers()) == ["2005.13013v2", "2101.11112v1"]
    # A name that is the id alone names it too.
    bare = tmp_path / "1811.02164.pdf"
    bare.write_bytes(two_column_paper(stamp=None, title="Another Proceedings Print"))
    assert add_labelled_pdf(library, bare).paper.paper_id == "1811.02164"


def test_show_json_follows_the_documented_contract(tmp_path):
    pdf = tmp_path / "p.pdf"
    pdf.write_bytes(two_column_paper())
    assert run("add", str(pdf)).exit_code == 0
    result = run("show", "2005.13013", "--json")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert {"arxiv_id", "version", "title", "pages", "references"} <= doc.keys()
    assert (doc["arxiv_id"], doc["version"], doc["title"]) == ("2005.13013", 2, TITLE)
    sentence = next(s for p in doc["pages"] for s in p["sentences"] if s["text"] == CROSS_PAGE_SENTENCE)
    assert {"text", "section", "span"} <= sentence.keys()
    assert [p["number"] for p in doc["pages"]] == [1, 2]
    assert len(doc["references"]) == 4
    one_page = json.loads(run("show", "2005.13013", "--json", "--page", "2").stdout)
    assert [p["number"] for p in one_page["pages"]] == [2]


def test_show_text_output(tmp_path):
    pdf = tmp_path / "p.pdf"
    pdf.write_bytes(two_column_paper())
    run("add", str(pdf))
    result = run("show", "2005.13013v2")
    assert result.exit_code == 0
    assert TITLE in result.stdout and "page 2" in result.stdout and "references" in result.stdout


def test_show_of_an_uncached_paper_is_a_clear_error():
    result = run("show", "2005.13013")
    assert result.exit_code == 2
    assert "2005.13013: not in the cache" in result.stderr
    assert "`synth fetch 2005.13013` downloads it, `synth add FILE.pdf` adds a local copy" in result.stderr


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty file (0 bytes)"),
        (b"just some text, not a pdf", "not a PDF"),
        (encrypted_pdf(), "encrypted PDF"),
        (two_column_paper()[:5000], "truncated PDF"),
        (scanned_pdf(), "no text layer"),
    ],
)
def test_add_bad_files_exit_2_with_the_file_named(tmp_path, content, message):
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(content)
    result = run("add", str(bad))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"synth: error: {bad}: ")
    assert message in result.stderr
    assert not list((tmp_path / "cache").glob("papers/*/meta.json"))


def test_add_respects_the_page_limit(tmp_path, monkeypatch):
    monkeypatch.setenv("SYNTH_MAX_PAGES", "2")
    long_pdf = tmp_path / "long.pdf"
    long_pdf.write_bytes(simple_pdf(pages=3))
    result = run("add", str(long_pdf))
    assert result.exit_code == 2
    assert "has 3 pages, over the limit of 2" in result.stderr


def test_add_missing_file_and_arxiv_id_with_several_files(tmp_path):
    result = run("add", str(tmp_path / "nope.pdf"))
    assert result.exit_code == 2 and "nope.pdf: cannot read file" in result.stderr
    result = run("add", "a.pdf", "b.pdf", "--arxiv-id", "2005.13013")
    assert result.exit_code == 2 and "--arxiv-id names one paper but 2 PDFs were given" in result.stderr


def test_bad_setting_is_one_line():
    result = runner.invoke(app, ["search", "x"], env={"SYNTH_MAX_PAGES": "lots"})
    assert result.exit_code == 2
    assert result.stderr.startswith("synth: error: setting max_pages (SYNTH_MAX_PAGES):")


def test_search_finds_bundled_and_added_papers_offline(tmp_path):
    result = run("search", "intermediate-task training zero-shot cross-lingual transfer", "--json", "--limit", "5")
    assert result.exit_code == 0, result.output
    hits = [json.loads(line) for line in result.stdout.splitlines()]
    assert hits[0]["arxiv_id"] == "2005.13013" and hits[0]["source"] == "bundled"
    assert len(hits) == 5 and hits[0]["score"] >= hits[-1]["score"] > 0
    pdf = tmp_path / "p.pdf"
    pdf.write_bytes(two_column_paper(stamp=None, title="Zyxwvut Quantum Gravitation Widgets"))
    run("add", str(pdf))
    found = json.loads(run("search", "zyxwvut gravitation", "--json").stdout.splitlines()[0])
    assert found["title"] == "Zyxwvut Quantum Gravitation Widgets" and found["source"] == "local"


def test_search_with_no_match_says_so():
    result = run("search", "qqqqzzzzxxxx")
    assert result.exit_code == 0
    assert "no papers in the offline corpus match" in result.stderr


def test_every_command_has_help_with_an_example():
    from synth.cli_replicate import replicate_app

    names = {(c.name or c.callback.__name__.replace("_", "-")): c.callback for c in app.registered_commands}
    names |= {f"replicate {c.name}": c.callback for c in replicate_app.registered_commands}
    assert set(names) >= {"fetch", "add", "show", "search", "claims", "verify", "train-verifier", "report", "audit",
                          "diff", "replicate run", "replicate grid", "replicate score", "replicate results"}
    for name, callback in names.items():
        assert f"Example: synth {name}" in (callback.__doc__ or ""), f"{name} has no example in its help"
        result = run(*name.split(), "--help")
        assert result.exit_code == 0 and "Example: synth" in result.stdout


def test_ids_that_would_escape_the_cache_are_refused(tmp_path):
    outside = tmp_path / "cache" / "outside"
    result = run("show", "local-../../outside")
    assert result.exit_code == 2
    assert "local-../../outside: unsafe cache key" in result.stderr
    assert not outside.exists()


def test_corrupt_meta_record_is_reported_with_its_path(tmp_path):
    pdf = tmp_path / "p.pdf"
    pdf.write_bytes(two_column_paper())
    run("add", str(pdf))
    meta = tmp_path / "cache" / "papers" / "2005.13013v2" / "meta.json"
    meta.write_text("{ not json")
    result = run("show", "2005.13013v2")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"synth: error: {meta}: unreadable cache record")


def test_pdf_changed_on_disk_is_caught_when_text_is_re_extracted(tmp_path):
    from synth.errors import CacheCorruptError
    from synth.papers.cache import PaperCache

    pdf = tmp_path / "p.pdf"
    pdf.write_bytes(two_column_paper())
    run("add", str(pdf))
    cache = PaperCache(tmp_path / "cache")
    stored = cache.folder("2005.13013v2") / "paper.pdf"
    stored.write_bytes(stored.read_bytes()[:-10] + b"%%EOF\n\n\n\n")
    with pytest.raises(CacheCorruptError, match="sha256 mismatch"):
        cache.pdf_bytes("2005.13013v2")
