"""`synth report` -> `synth audit` of that report -> `synth diff` of two runs, offline on the bundled corpus."""

import json
import re
from xml.etree import ElementTree

import pymupdf
import pytest
from typer.testing import CliRunner

from claims.subject import unnamed_own_work
from conftest import SHARED
from synth.cli import app

runner = CliRunner()
QUESTION = "Does English intermediate-task training help zero-shot cross-lingual transfer?"


@pytest.fixture(scope="module")
def report_dir(tmp_path_factory):
    out = tmp_path_factory.mktemp("report")
    cache = tmp_path_factory.mktemp("cache")
    result = runner.invoke(app, ["report", "2005.13013", "--question", QUESTION, "--offline", "--pdf", "--papers", "3",
                                 "--out", str(out), "--cache-dir", str(cache)])
    assert result.exit_code == 0, result.output
    # A low score must not read as a failed run: the summary line says what it counts.
    assert "/10 (it counts what the other papers read support, not how good the papers are)" in result.stdout
    return out, cache


def test_a_supported_verdict_below_even_odds_is_counted_as_verified_but_said_to_be_doubtful(report_dir):
    from synth.reports.seed_format import header_checks, parse_report, write_markdown
    from synth.reports.sidecar import ReportSidecar

    out, _ = report_dir
    report = ReportSidecar.model_validate_json((out / "report.json").read_text())
    for row, confidence in zip(report.claims[:2], (0.47, 0.81)):
        row.verdict = row.verdict.model_copy(update={"label": "SUPPORTED", "confidence": confidence})
    for row in report.claims[2:]:
        row.verdict = row.verdict.model_copy(update={"label": "NOT_ENOUGH_INFO"})
    markdown = write_markdown(report)
    assert "claims extracted; 2 independently verified (1 of them with a confidence of at least 0.5)." in markdown
    # The count stays the ✓ rows' count, so an audit of the report finds nothing to flag in it.
    assert header_checks(parse_report(markdown)) == []


def test_report_follows_the_seed_format_and_states_only_what_happened(report_dir):
    out, _ = report_dir
    markdown = (out / "report.md").read_text()
    sidecar = json.loads((out / "report.json").read_text())
    assert markdown.startswith("\n\n# ")
    headings = re.findall(r"^## (.+)$", markdown, re.MULTILINE)
    assert headings == ["Abstract", "1 Introduction", "2 Methodology", "3 Results", "4 Limitations", "5 Extracted Claims", "References"]
    assert f"Research question: {QUESTION}" in markdown
    claims = sidecar["claims"]
    supported = sum(c["verdict"]["label"] == "SUPPORTED" for c in claims)
    likely = sum(c["verdict"]["label"] == "SUPPORTED" and c["verdict"]["confidence"] >= 0.5 for c in claims)
    doubt = f" ({likely} of them with a confidence of at least 0.5)" if likely < supported else ""
    assert (f"{len(sidecar['papers'])} papers retrieved. {len(claims)} claims extracted; {supported} independently "
            f"verified{doubt}.") in markdown
    assert len(sidecar["papers"]) == 3 and sum(c["kept"] for c in sidecar["retrieval"]["candidates"]) == 3
    table = markdown.split("Claim\tVerified\tConfidence\n", 1)[1].split("\n\n", 1)[0].splitlines()
    assert len(table) == len(claims)
    for row, claim in zip(table, claims):
        text, mark, confidence = row.split("\t")
        assert text == claim["claim"]["text"]  # whole claims, never cut
        assert mark == {"SUPPORTED": "✓", "REFUTED": "×", "NOT_ENOUGH_INFO": "–"}[claim["verdict"]["label"]]
        assert confidence == f"{claim['verdict']['confidence']:.2f}"
    assert "- <http://arxiv.org/abs/2005.13013v2>" in markdown
    # The offline seed record is a truncated abstract: no claim may end mid-word, and Limitations says so.
    assert all(re.search(r"[.!?]\W*$", c["claim"]["text"]) for c in claims)
    assert "Only a truncated abstract of the source paper (2005.13013) was available" in markdown
    assert "offline" in sidecar["retrieval"]["sources"][0] or sidecar["retrieval"]["offline"] is True
    for name in ("evidence_strength", "citation_grounding", "numerical_consistency", "reproducibility_status"):
        assert sidecar["quality"][name]["basis"]
    measured = [d["value"] for d in sidecar["quality"].values() if d["value"] is not None]
    assert sidecar["score"] == pytest.approx(round(10 * sum(measured) / len(measured), 1))
    # Most claims unchecked: Limitations says the score measures what could be checked, not the papers.
    unchecked = sum(c["verdict"]["label"] == "NOT_ENOUGH_INFO" for c in claims)
    said = "says how little could be checked, not how good the papers are" in markdown
    assert said == (2 * unchecked > len(claims))


def test_claims_are_never_verified_against_their_own_paper(report_dir):
    out, _ = report_dir
    sidecar = json.loads((out / "report.json").read_text())
    for row in sidecar["claims"]:
        origin = row["claim"]["id"].split("/")[0]
        assert all(e["paper_id"] != origin and e["arxiv_id"] != origin for e in row["verdict"]["evidence"])


def test_report_pdf_reads_like_a_paper(report_dir):
    out, _ = report_dir
    with pymupdf.open(out / "report.pdf") as pdf:
        text = "".join(page.get_text() for page in pdf)
    sidecar = json.loads((out / "report.json").read_text())
    assert sidecar["title"] in " ".join(text.split())
    for heading in ("Abstract", "1 Introduction", "3 Results", "5 Extracted Claims", "References"):
        assert heading in text


def test_the_pdf_typesets_results_paragraphs_apart_and_the_key_numbers_as_a_table(report_dir):
    from synth.reports.pdf import write_pdf
    from synth.reports.sidecar import ReportSidecar
    from synth.reports.synthesis import numbers_table

    out, _ = report_dir
    sidecar = ReportSidecar.model_validate_json((out / "report.json").read_text())
    table = numbers_table([("improving 15.7% in XNLI accuracy for Swahili", "1911.02116 p.6", "unchecked"),
                           ("a | b is 4.1%", "2005.09093", "supported")])
    markdown = f"\n\n# T\n\n## 3 Results\n\nFirst paragraph.\n\nKey numbers:\n\n{table}\n\n## 5 Extracted Claims\n\nClaim\n"
    with pymupdf.open(stream=write_pdf(sidecar, markdown)) as pdf:
        words = [w[4] for page in pdf for w in page.get_text("words")]
        lines = [line.strip() for page in pdf for line in page.get_text().splitlines()]
    text = " ".join(words)
    assert "First paragraph." in lines and "Key numbers:" in lines  # two paragraphs, not one run of text
    assert "Standing" in words and "Swahili”" in words and "---" not in text and "\\|" not in text
    assert "“a | b is 4.1%”" in text


def test_audit_of_our_own_report_reads_every_row(report_dir):
    out, cache = report_dir
    result = runner.invoke(app, ["audit", str(out / "report.md"), "--json", "--offline", "--cache-dir", str(cache)])
    assert result.exit_code == 0, result.output
    audit = json.loads(result.stdout)
    sidecar = json.loads((out / "report.json").read_text())
    assert len(audit["rows"]) == len(sidecar["claims"]) and audit["errors"] == []
    assert all(r["verdict"]["label"] in {"SUPPORTED", "REFUTED", "NOT_ENOUGH_INFO"} for r in audit["rows"])
    assert not any(r["truncated"] for r in audit["rows"])


def test_diff_of_a_run_with_itself_has_no_regression_and_a_planted_one_is_caught(report_dir, tmp_path):
    out, _ = report_dir
    same = runner.invoke(app, ["diff", str(out / "report.json"), str(out / "report.json")])
    assert same.exit_code == 0, same.output
    sidecar = json.loads((out / "report.json").read_text())
    flipped = 0
    was = sidecar["claims"][flipped]["verdict"]["label"]
    sidecar["claims"][flipped]["verdict"]["label"] = "REFUTED" if was != "REFUTED" else "SUPPORTED"
    sidecar["claims"][flipped]["claim"]["id"] = "renamed-but-same-text"  # matched by text instead
    lost = sidecar["claims"].pop()
    worse = tmp_path / "worse.json"
    worse.write_text(json.dumps(sidecar))
    junit = tmp_path / "claims.xml"
    result = runner.invoke(app, ["diff", str(out / "report.json"), str(worse), "--junit", str(junit), "--json"])
    assert result.exit_code == 1
    changes = [json.loads(line) for line in result.stdout.splitlines()]
    kinds = {c["claim"]: c["kind"] for c in changes}
    assert kinds[sidecar["claims"][flipped]["claim"]["text"]] == "flipped"
    assert kinds[lost["claim"]["text"]] == "removed"
    suite = ElementTree.parse(junit).getroot()
    assert suite.get("tests") == str(len(changes)) and suite.get("failures") == "2"
    assert "regression" in result.stderr


def test_diff_lists_changed_claims_and_counts_the_rest(report_dir, tmp_path):
    out, _ = report_dir
    sidecar = json.loads((out / "report.json").read_text())
    claim = sidecar["claims"][0]
    claim["verdict"]["label"] = "REFUTED" if claim["verdict"]["label"] != "REFUTED" else "SUPPORTED"
    changed = tmp_path / "changed.json"
    changed.write_text(json.dumps(sidecar))
    n = len(sidecar["claims"])
    shown = runner.invoke(app, ["diff", str(out / "report.json"), str(changed)])
    assert shown.exit_code == 1
    assert "flipped" in shown.stdout and "unchanged" not in shown.stdout.split(f"{n} claims:")[0]
    assert f"{n} claims: {n - 1} unchanged, 1 flipped" in shown.stdout
    every = runner.invoke(app, ["diff", str(out / "report.json"), str(changed), "--all"])
    table = every.stdout.split(f"{n} claims:")[0]
    assert table.count("unchanged") == n - 1 and table.count("flipped") == 1
    same = runner.invoke(app, ["diff", str(out / "report.json"), str(out / "report.json")])
    assert same.exit_code == 0 and same.stdout.strip() == f"{n} claims: {n} unchanged"


def test_diff_confidence_drop_threshold(report_dir, tmp_path):
    out, _ = report_dir
    sidecar = json.loads((out / "report.json").read_text())
    sidecar["claims"][0]["verdict"]["confidence"] = max(0.0, sidecar["claims"][0]["verdict"]["confidence"] - 0.2)
    lower = tmp_path / "lower.json"
    lower.write_text(json.dumps(sidecar))
    assert runner.invoke(app, ["diff", str(out / "report.json"), str(lower), "--max-drop", "0.1"]).exit_code == 1
    tolerated = runner.invoke(app, ["diff", str(out / "report.json"), str(lower), "--max-drop", "0.3", "--json"])
    assert tolerated.exit_code == 0
    kinds = [json.loads(line)["kind"] for line in tolerated.stdout.splitlines()]
    # A drop within --max-drop is shown as lower, not as unchanged; the other claims are as they were.
    assert kinds[0] == "lower" and set(kinds[1:]) == {"unchanged"}


def test_diff_of_a_file_that_is_not_a_sidecar(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"hello": 1}')
    result = runner.invoke(app, ["diff", str(bad), str(bad)])
    assert result.exit_code == 2 and result.stderr.startswith(f"synth: error: {bad}: not a report sidecar")


SEED_LIKE = (
    "\r\n\r\nA Plain Report  \r\n\r\nSomebody\r\n\r\nJuly 7, 2026\r\n\r\nAbstract\r\n\r\nText.\r\n\r\n"
    "1 Introduction\r\n\r\nThis paper examines: X. Research question: Does it work?.\r\n\r\n"
    "5 Extracted Claims\r\n\r\nClaim\tVerified\r\n"
    "We evaluate intermediate-task transfer in a zero-shot cross-lingual setting on the XTREME benchmark.\tyes\r\n"
    "\tno\r\n"
    "Intermediate-task training often improves model performance substantially on language understanding task\tmaybe\r\n"
    "Using nine intermediate language-understanding tasks, we evaluate intermediate-task transfer in a zero-s\tyes  \r\n"
    "\r\nReferences\r\n\r\n- https://arxiv.org/abs/2005.13013v2\r\n"
)


def test_audit_reads_plain_crlf_reports_restores_cut_claims_and_reports_bad_rows(tmp_path):
    report = tmp_path / "plain.txt"
    report.write_bytes(SEED_LIKE.encode())
    result = runner.invoke(app, ["audit", str(report), "--json", "--offline"])
    assert result.exit_code == 2  # malformed rows are bad input, reported after the rest is audited
    audit = json.loads(result.stdout)
    assert [r["line"] for r in audit["rows"]] == [20, 23]
    assert [(e["line"], e["message"][:14]) for e in audit["errors"]] == [(21, "row has no cla"), (22, "unknown mark '")]
    cut = audit["rows"][1]
    assert cut["truncated"] is True and cut["report_mark"] == "✓" and cut["report_confidence"] is None
    assert cut["full_text"] == ("Using nine intermediate language-understanding tasks, we evaluate intermediate-task "
                                "transfer in a zero-shot cross-lingual setting on the XTREME benchmark.")
    assert cut["restored"].startswith("restored from 2005.13013")
    assert f"{report}:21: row has no claim text" in result.stderr


@pytest.mark.parametrize(("name", "rows"), [("seed_markdown.txt", 16), ("seed_plain.txt", 9)])
def test_audit_reads_every_row_of_the_shared_examples(name, rows):
    example = SHARED / "examples" / name
    if not example.is_file():
        pytest.skip(f"{example} is absent (the shared folder sits beside the repo in the dev setup)")
    result = runner.invoke(app, ["audit", str(example), "--json", "--offline"])
    assert result.exit_code == 0, result.output
    audit = json.loads(result.stdout)
    assert len(audit["rows"]) == rows
    assert all(r["verdict"]["label"] for r in audit["rows"])
    truncated = [r for r in audit["rows"] if r["truncated"]]
    assert truncated and all(not re.search(r"[.!?]$", r["text"]) for r in truncated)
    if name == "seed_markdown.txt":
        ccg = next(r for r in audit["rows"] if "CCG" in r["text"])
        assert ccg["text"].endswith("HellaSwag, and CCG.") and ccg["artefacts"]


def test_online_report_fetches_papers_from_the_api_and_falls_back_to_abstracts(fake_arxiv, tmp_path):
    from atom import entry, feed
    from conftest import Reply
    from paper_pdf import two_column_paper

    pdf = two_column_paper(title="Intermediate Training Helps Transfer")

    def handler(request):
        if request.path == "/api/query" and "id_list" in request.query and request.query["id_list"][0]:
            wanted = request.query["id_list"][0]
            if wanted.startswith("2005.13013"):
                return Reply(200, feed(entry(fake_arxiv.base, "2005.13013", 2, "English Intermediate-Task Training Improves Zero-Shot Cross-Lingual Transfer Too")))
            return Reply(503, b"busy")  # every other paper: the API is down
        if request.path == "/api/query":
            return Reply(200, feed(entry(fake_arxiv.base, "2005.13013", 2, "English Intermediate-Task Training")))
        if request.path.startswith("/pdf/2005.13013"):
            return Reply(200, pdf)
        return Reply(404, b"")

    fake_arxiv.handler = handler
    result = runner.invoke(app, ["report", "2005.13013", "--question", QUESTION, "--papers", "2", "--out", str(tmp_path)],
                           env={"SYNTH_RETRIES": "0"})
    assert result.exit_code == 0, result.output
    sidecar = json.loads((tmp_path / "report.json").read_text())
    assert sidecar["source"]["text"] == "full_text" and sidecar["retrieval"]["offline"] is False
    assert "arXiv API search" in sidecar["retrieval"]["sources"]
    assert any(c["source"] == "arxiv" for c in sidecar["retrieval"]["candidates"])
    assert all(p["text"] == "abstract_only" for p in sidecar["papers"])
    assert any("Could not download" in note and "HTTP 503" in note for note in sidecar["limitations"])
    assert any(c["claim"]["origin"] and c["claim"]["origin"]["page"] for c in sidecar["claims"])


def test_audit_reads_all_three_marks_and_catches_a_supported_claim_marked_refuted(tmp_path):
    from paper_pdf import RESULTS_SENTENCE, two_column_paper

    pdf = tmp_path / "paper.pdf"
    pdf.write_bytes(two_column_paper())
    assert runner.invoke(app, ["add", str(pdf)]).exit_code == 0
    report = tmp_path / "report.md"
    report.write_text(
        "# Marks\n\nSomebody\n\nJuly 7, 2026\n\n## Abstract\n\nText.\n\n## 5 Extracted Claims\n\n"
        f"Claim\tVerified\tConfidence\n{RESULTS_SENTENCE}\t×\t0.40\n"
        "Zero-shot transfer to Swahili needs no labelled data at all.\t–\t0.50\n"
        "\n## References\n\n- <http://arxiv.org/abs/2005.13013v2>\n")
    result = runner.invoke(app, ["audit", str(report), "--json", "--offline"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)["rows"]
    assert [r["report_mark"] for r in rows] == ["×", "–"]
    assert rows[0]["verdict"]["label"] == "SUPPORTED" and rows[0]["disagrees"] is True
    assert rows[1]["disagrees"] is False
    assert runner.invoke(app, ["audit", str(report), "--offline", "--fail-on", "disagree"]).exit_code == 1


def test_a_sidecar_with_an_open_ended_number_reads_back(report_dir, tmp_path):
    """'more than two terabytes' has no upper end: written as "Infinity" (older sidecars: null), read back by diff."""
    from claims.verify import claim_from_text

    out, _ = report_dir
    sidecar = json.loads((out / "report.json").read_text())
    open_ended = json.loads(claim_from_text("open", "XLM-R uses more than two terabytes of text.").model_dump_json())
    assert open_ended["quantities"][0]["high"] == "Infinity"
    sidecar["claims"][0]["claim"] = open_ended
    written = tmp_path / "open.json"
    written.write_text(json.dumps(sidecar))
    assert runner.invoke(app, ["diff", str(written), str(written)]).exit_code == 0
    open_ended["quantities"][0]["high"] = None  # as sidecars before this fix wrote it
    written.write_text(json.dumps(sidecar))
    assert runner.invoke(app, ["diff", str(written), str(written)]).exit_code == 0


def test_a_full_text_report_answers_the_question_from_cited_papers_read_in_full(tmp_path):
    """The source's reference list picks related papers; a cached copy of another version counts as read in full;
    the Abstract is the report's own answer, findings quoted with what the other papers made of them."""
    from paper_pdf import RESULTS_SENTENCE, two_column_paper
    from tables_pdf import tables_page

    cache = tmp_path / "cache"
    source, cited = tmp_path / "source.pdf", tmp_path / "cited.pdf"
    source.write_bytes(two_column_paper())  # stamped 2005.13013v2; its references cite arXiv:1911.02116
    cited.write_bytes(tables_page())
    for pdf, named in ((source, []), (cited, ["--arxiv-id", "1911.02116v2"])):
        assert runner.invoke(app, ["add", str(pdf), *named, "--cache-dir", str(cache)]).exit_code == 0
    out = tmp_path / "out"
    result = runner.invoke(app, ["report", "2005.13013", "--question", QUESTION, "--offline", "--papers", "2",
                                 "--out", str(out), "--cache-dir", str(cache)])
    assert result.exit_code == 0, result.output
    sidecar = json.loads((out / "report.json").read_text())
    first = sidecar["papers"][0]
    assert (first["arxiv_id"], first["text"], first["version"]) == ("1911.02116", "full_text", 2)
    kept = next(c for c in sidecar["retrieval"]["candidates"] if c["arxiv_id"] == "1911.02116")
    assert kept["kept"] and kept["why"] == "rank 1 of 2: cited by the source"
    assert RESULTS_SENTENCE in [c["claim"]["text"] for c in sidecar["claims"]]  # a result from page 2
    abstract = (out / "report.md").read_text().split("## Abstract\n\n", 1)[1].split("\n\n", 1)[0]
    assert abstract == sidecar["summary"] and abstract.startswith(f"This report asks: {QUESTION} In short, the findings")
    assert " It reads 2005.13013" in abstract
    assert sidecar["source_abstract"] not in abstract
    standing = r"”; (?:\S+ supports it|\S+ contradicts it|\S+ may (?:support|contradict) it|no other paper read here confirms or contradicts it)"
    assert abstract.count(" states “") == len(re.findall(standing, abstract)) > 0  # every finding carries its standing
    assert re.search(r"2005\.13013v2 p\.\d+ states “", abstract)  # a finding from the full text names its page
    assert "Related papers read from their abstracts only: 1911.02116" not in (out / "report.md").read_text()


def test_a_question_alone_gets_a_report_on_the_best_matching_paper_whose_full_text_is_cached(tmp_path):
    """Without a source, synth picks one among the cache and the bundled corpus, prefers a full text it can quote
    results from, and says in the report how it chose; a question nothing matches is one clear error."""
    from paper_pdf import RESULTS_SENTENCE, two_column_paper

    cache = tmp_path / "cache"
    source = tmp_path / "source.pdf"
    source.write_bytes(two_column_paper())  # stamped 2005.13013v2
    assert runner.invoke(app, ["add", str(source), "--cache-dir", str(cache)]).exit_code == 0
    out = tmp_path / "out"
    result = runner.invoke(app, ["report", "--question", QUESTION, "--offline", "--papers", "1", "--out", str(out),
                                 "--cache-dir", str(cache)])
    assert result.exit_code == 0, result.output
    sidecar = json.loads((out / "report.json").read_text())
    assert (sidecar["source"]["paper_id"], sidecar["source"]["text"]) == ("2005.13013v2", "full_text")
    choice = sidecar["retrieval"]["source_choice"]
    assert choice.startswith("No source paper was given: synth chose 2005.13013v2, ranked ") and "full text is cached" in choice
    assert choice in (out / "report.md").read_text().split("## 1 Introduction", 1)[1].split("## 2", 1)[0]
    assert RESULTS_SENTENCE in [c["claim"]["text"] for c in sidecar["claims"]]
    assert sidecar["schema_version"] == 3

    result = runner.invoke(app, ["report", "--question", "zqxv wqkj?", "--offline", "--out", str(tmp_path / "none"),
                                 "--cache-dir", str(cache)])
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == ["synth: error: --question: no paper in the cache or the bundled corpus "
                                                  "matches the question; name a source paper (synth report ARXIV_ID "
                                                  "--question ...)"]
    assert not (tmp_path / "none" / "report.md").exists()


def test_with_arxiv_down_and_no_offline_flag_the_report_falls_back_to_the_cache_and_corpus(fake_arxiv, tmp_path):
    from conftest import Reply

    fake_arxiv.handler = lambda request: Reply(503, b"down for maintenance")
    result = runner.invoke(app, ["report", "2005.13013", "--question", QUESTION, "--papers", "2", "--out", str(tmp_path)],
                           env={"SYNTH_RETRIES": "0"})
    assert result.exit_code == 0, result.output
    sidecar = json.loads((tmp_path / "report.json").read_text())
    assert "arXiv API search" not in sidecar["retrieval"]["sources"] and len(sidecar["papers"]) == 2
    assert any(note.startswith("The arXiv API search failed") for note in sidecar["limitations"])
    assert any("Could not download" in note for note in sidecar["limitations"])


def test_audit_checks_the_reports_own_counts_and_says_the_score_cannot_be_recomputed(tmp_path):
    report = tmp_path / "report.md"
    report.write_text("\n\n# R\n\nA\n\nJuly 7, 2026\n\n## Abstract\n\nText.\n\n## 2 Methodology\n\n"
                      "An assessment produced a quality score of 8.7/10.\n\n## 3 Results\n\n"
                      "15 papers retrieved. 3 claims extracted; 3 independently verified.\n\n## 5 Extracted Claims\n\n"
                      "Claim\tVerified\tConfidence\nXLM-R is trained on 100 languages.\t✓\t0.90\n"
                      "mBERT is trained on 104 languages.\t×\t0.40\n\n## References\n\n- <http://arxiv.org/abs/1911.02116>\n")
    result = runner.invoke(app, ["audit", str(report), "--offline", "--json"])
    assert result.exit_code == 0, result.output
    assert "the report states 15 papers retrieved but lists 1 references" in result.stderr
    assert "the report states 3 claims extracted but its table has 2 rows" in result.stderr
    assert "the report states 3 claims independently verified but marks 1 rows ✓" in result.stderr
    assert "the quality score 8.7/10 cannot be recomputed: the report gives no formula" in result.stderr


def test_a_question_with_newlines_cannot_add_sections_to_the_report(tmp_path):
    question = "Does it help?\n\n## 4 Limitations\n\nNone at all."
    result = runner.invoke(app, ["report", "2005.13013", "--question", question, "--offline", "--papers", "1",
                                 "--author", "Me\n## References", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    headings = re.findall(r"^## (.+)$", (tmp_path / "report.md").read_text(), re.MULTILINE)
    assert headings == ["Abstract", "1 Introduction", "2 Methodology", "3 Results", "4 Limitations", "5 Extracted Claims", "References"]
    assert json.loads((tmp_path / "report.json").read_text())["question"] == "Does it help? ## 4 Limitations None at all."


def test_results_list_the_key_numbers_of_the_findings_with_paper_and_standing():
    from claims.records import Verdict
    from claims.verify import claim_from_text
    from synth.reports.sidecar import ClaimRow
    from synth.reports.synthesis import results_paragraphs

    def row(claim_id, text, label, similarity=0.6):
        claim = claim_from_text(claim_id, text)
        return ClaimRow(claim=claim, verdict=Verdict(id=claim_id, claim=text, label=label, confidence=0.8),
                        bears_on_question=True, question_similarity=similarity)

    rows = [row("1911.02116/abstract/3", "XLM-R improves XNLI accuracy by 14.6% over mBERT.", "SUPPORTED"),
            row("2005.09093/abstract/1", "We draw (1) two and (2) three conclusions.", "NOT_ENOUGH_INFO"),
            row("2005.09093/abstract/2", "mBERT, trained on 104 languages, outperforms a 7B LLM.", "NOT_ENOUGH_INFO"),
            row("1911.02116/p6/1", "On XNLI, XLM-R is 14.6% more accurate than mBERT.", "NOT_ENOUGH_INFO"),  # the same result
            # a related paper's result on something else: bears on the question as a result, is no key number
            row("2105.00572/abstract/4", "Our model beats RoBERTa on English GLUE by 0.3% on average.", "NOT_ENOUGH_INFO", 0.38),
            row("2005.09093/abstract/5", "Low-resource XNLI accuracy rises by 4.1% with more data.", "NOT_ENOUGH_INFO", 0.5)]
    paragraphs = results_paragraphs(rows, "1911.02116", "What does XLM-R reach on XNLI?")
    assert paragraphs[0].startswith("6 claims bear on the research question. After each comes what the other papers")
    assert "the probability that it is right" in paragraphs[0]
    assert paragraphs[1].startswith("Supported by another paper (1): 1911.02116: “XLM-R improves XNLI accuracy")
    # each number quoted in its own words, once; enumerations, small counts and sizes ("104 languages", "7B") left out
    assert paragraphs[-2] == "Key numbers on the question, each quoted in its own sentence's words:"
    assert paragraphs[-1].split("\n") == ["| Number | Paper | Standing |", "| --- | --- | --- |",
                                          "| “XLM-R improves XNLI accuracy by 14.6% over mBERT.” | 1911.02116 | supported |",
                                          "| “Low-resource XNLI accuracy rises by 4.1% with more data.” | 2005.09093 | unchecked |"]
    # A number in a long sentence is quoted with the words around it, and the cuts are shown.
    long = row("1911.02116/p6/2", "Across all of the fifteen languages of the benchmark, XLM-R performs particularly well on "
               "low-resource languages, improving 15.7% in XNLI accuracy for Swahili and 11.4% for Urdu over the previous "
               "XLM models trained on Wikipedia.", "NOT_ENOUGH_INFO")
    cell = results_paragraphs([long], "1911.02116", "What does XLM-R reach on XNLI?")[-1].split("\n")[-1]
    assert cell.startswith("| “… ") and " …” | 1911.02116 |" in cell and "15.7%" in cell


def test_a_verdict_below_even_odds_is_not_an_answer_the_report_rests_on():
    """Confidence 0.47 for SUPPORTED means the verdict is more likely wrong than right: the report says so and
    does not count the finding as supported."""
    from claims.records import Evidence, Verdict
    from claims.verify import claim_from_text
    from synth.reports.sidecar import ClaimRow, ReportPaper
    from synth.reports.synthesis import results_paragraphs, summary

    def row(claim_id, text, label, confidence):
        evidence = [Evidence(arxiv_id="2105.00572", paper_id="2105.00572", version=None, page=None,
                             quote="Larger models help.", score=0.8)]
        verdict = Verdict(id=claim_id, claim=text, label=label, confidence=confidence,
                          evidence=evidence if label != "NOT_ENOUGH_INFO" else [])
        return ClaimRow(claim=claim_from_text(claim_id, text), verdict=verdict, bears_on_question=True,
                        question_similarity=0.6)

    rows = [row("2005.09093/abstract/1", "We find that low resource languages need more data.", "SUPPORTED", 0.47),
            row("1911.02116/abstract/3", "XLM-R improves XNLI accuracy by 14.6% over mBERT.", "NOT_ENOUGH_INFO", 0.7)]
    papers = [ReportPaper(paper_id=p, arxiv_id=p, version=None, title=p, role=role, text="abstract_only")
              for p, role in (("1911.02116", "source"), ("2005.09093", "related"))]
    abstract = summary("Does data help?", papers[0], papers[1:], rows)
    assert "2105.00572 may support it, but that verdict is more likely wrong than right (confidence 0.47)" in abstract
    # The claim table marks it ✓: the tally says so rather than reading as if it contradicted the table.
    assert abstract.endswith("0 are supported and 0 contradicted by another paper read here with a confidence of at "
                             "least 0.5; 1 is marked ✓ or × in the claim table with a confidence below 0.5, more likely "
                             "wrong than right; 1 could not be checked against a second source, so the answer rests on "
                             "them as their authors state them.")
    paragraphs = results_paragraphs(rows, "2005.09093", "Does data help?")
    assert not any(p.startswith("Supported by another paper") for p in paragraphs)
    assert any(p.startswith("Read as supported or contradicted, but with a confidence below 0.5 (1): 2005.09093")
               for p in paragraphs)
    assert paragraphs[-1].endswith("| 1911.02116 | unchecked |")
    # Supported at even odds or better, one finding beside an unchecked one does not carry the answer alone.
    rows[0].verdict = rows[0].verdict.model_copy(update={"confidence": 0.53})
    assert summary("Does data help?", papers[0], papers[1:], rows).endswith(
        "1 is supported and 0 contradicted by another paper read here; 1 could not be checked against a second "
        "source, so the answer rests on them as their authors state them.")


def test_the_abstract_leads_with_findings_not_plans_set_up_or_other_papers_work():
    """A stated result outranks closer sentences that plan, describe the set-up or report someone else's work,
    and a restatement of a finding already taken (the conclusion repeating the abstract) is left out."""
    from claims.records import Origin, Verdict
    from claims.verify import claim_from_text
    from synth.reports.sidecar import ClaimRow
    from synth.reports.synthesis import distinct, findings

    def row(claim_id, text, section, similarity):
        claim = claim_from_text(claim_id, text).model_copy(update={"origin": Origin(page=3, section=section)})
        return ClaimRow(claim=claim, verdict=Verdict(id=claim_id, claim=text, label="NOT_ENOUGH_INFO", confidence=0.9),
                        bears_on_question=True, question_similarity=similarity)

    rows = [row("p/p2/1", "We investigate whether shared position embeddings make BERT multilingual.", "1 Introduction", 0.80),
            row("p/p2/2", "Conneau et al. (2020) find that shared vocabulary is not needed for multilinguality.", "2 Related Work", 0.78),
            row("p/p4/3", "We train BERT-small on a corpus of English and Fake-English.", "4 Setup", 0.70),
            row("p/p6/4", "We find that the four architectural properties together are necessary for multilinguality.", "5 Results", 0.62),
            row("p/p9/5", "We find that the four architectural properties together are necessary for BERT to be multilingual.", "7 Conclusion", 0.60)]
    ranked = [r.claim.id for r in distinct(findings(rows), 3)]
    assert ranked[0] == "p/p6/4" and "p/p9/5" not in ranked
    # then the plan; last, another paper's result (related work, cited) and what was done (set-up, "we train")
    assert [r.claim.id for r in findings(rows)] == ["p/p6/4", "p/p9/5", "p/p2/1", "p/p2/2", "p/p4/3"]


def test_a_finding_restated_in_other_words_is_not_repeated_but_a_new_result_in_the_same_words_is():
    import numpy as np

    from claims.records import Verdict
    from claims.verify import claim_from_text
    from synth.reports.sidecar import ClaimRow
    from synth.reports.synthesis import distinct

    def row(claim_id, text):
        claim = claim_from_text(claim_id, text)
        return ClaimRow(claim=claim, verdict=Verdict(id=claim_id, claim=text, label="NOT_ENOUGH_INFO", confidence=0.5),
                        bears_on_question=True, question_similarity=0.6)

    def unit(*values):
        v = np.array(values, dtype=np.float32)
        return v / np.linalg.norm(v)

    rows = [row("p/1", "PaSa significantly outperforms all baselines on RealScholarQuery."),
            row("p/2", "Our experiments show that the agent beats every competing system."),  # the same, other words
            row("p/3", "PaSa-7b improves recall@20 by 33.80% on AutoScholarQuery."),
            row("p/4", "PaSa-7b improves recall@20 by 37.78% on RealScholarQuery."),  # near in meaning, another result
            row("p/5", "Crawling citations twice raises recall by 3.34%."),
            row("q/1", "An RL-trained agent beats all search engines it was compared with.")]  # another paper's
    vectors = {"p/1": unit(1, 0.1, 0, 0), "p/2": unit(1, 0.3, 0, 0), "p/3": unit(0, 1, 0.2, 0),
               "p/4": unit(0, 1, 0.3, 0), "p/5": unit(0, 0, 0, 1), "q/1": unit(1, 0.2, 0, 0)}
    assert [r.claim.id for r in distinct(rows, 5, vectors)] == ["p/1", "p/3", "p/4", "p/5", "q/1"]
    # without embeddings only near-identical wording counts as a restatement
    assert [r.claim.id for r in distinct(rows, 4)] == ["p/1", "p/2", "p/3", "p/4"]


def test_a_plan_that_names_gains_is_still_a_plan():
    from claims.verify import claim_from_text
    from synth.reports.synthesis import finding_weight

    plan = claim_from_text("a/1", "We also present a detailed empirical analysis of the key factors that are required "
                                  "to achieve these gains.")
    found = claim_from_text("a/2", "We show that the key factors are capacity and vocabulary size.")
    general = claim_from_text("a/3", "The key factors are capacity and vocabulary size.")
    assert finding_weight(plan, 0.6) < finding_weight(general, 0.6) < finding_weight(found, 0.6)


def test_a_count_of_things_is_not_a_result():
    from claims.verify import claim_from_text
    from synth.reports.synthesis import is_result

    assert not is_result(claim_from_text("a/1", "Our experiments, encompassing three lower-level tasks, correlate "
                                                "transfer with linguistic similarity."))
    assert is_result(claim_from_text("a/2", "The largest improvement is in Chinese, 6.4% in F1."))
    assert is_result(claim_from_text("a/3", "We train on 2.5 TB of text in 100 languages."))


def test_fragments_and_accounts_of_what_was_done_are_not_reported():
    from claims.verify import claim_from_text
    from synth.reports.synthesis import worth_reporting

    def worth(text):
        return worth_reporting(claim_from_text("a/1", text))

    assert not worth("Furthermore, when one entity is mapped")  # cut at a column break
    assert not worth("As the last step, we fine-tuned the multilingual model on the pseudo-labeled data.")
    assert not worth("We investigate whether English intermediate-task training helps.")
    assert worth("In this work, we analyze their limitations and show that transfer is less effective for distant languages.")
    assert worth("We fine-tuned the model, which improved F1 by 6.4% on Chinese.")
    assert worth("Existing parallel corpora are easier to obtain than annotated NER data.")


def test_the_source_papers_own_results_bear_on_the_question_from_a_lower_similarity():
    from claims.records import Origin
    from claims.verify import claim_from_text
    from synth.reports.build import QUESTION_SIMILARITY, RESULT_SIMILARITY, SOURCE_RESULT_SIMILARITY, _threshold

    def claim(text, section):
        return claim_from_text("p/1", text).model_copy(update={"origin": Origin(section=section, page=9)})

    ablation = claim("Furthermore, RL training enhances recall by 19.96% on RealScholarQuery.", "5.4 Ablation study")
    setup = claim("We collected 5,000 queries for imitation learning.", "5.1 Experimental Setting")
    assert _threshold(ablation, True) == SOURCE_RESULT_SIMILARITY < RESULT_SIMILARITY
    assert _threshold(ablation, False) == RESULT_SIMILARITY  # another paper's result: only the usual leeway
    assert _threshold(setup, True) == RESULT_SIMILARITY
    assert _threshold(claim("Agents help researchers.", "5.4 Ablation study"), True) == QUESTION_SIMILARITY


def test_an_appendix_detail_ranks_below_the_same_words_in_the_results():
    from claims.records import Origin
    from claims.verify import claim_from_text
    from synth.reports.synthesis import finding_weight

    text = "In total, 9,978 expand session trajectories are constructed."
    appendix = claim_from_text("p/1", text).model_copy(update={"origin": Origin(section="A.1 Imitation learning data", page=13)})
    results = claim_from_text("p/2", text).model_copy(update={"origin": Origin(section="5.3 Main results", page=8)})
    assert finding_weight(appendix, 0.3) < finding_weight(results, 0.3) - 0.2


@pytest.mark.parametrize(("text", "section", "kept"), [
    ("Conneau et al. (2020b) find that BERT models across languages can be easily aligned.", "1 Introduction", False),
    ("Wu and Dredze (2019) show that mBERT transfers well to NER.", None, False),
    ("Other work focuses on creating better multilingual models.", "6 Related Work", False),
    ("XLM-R outperforms mBERT by 14.6% on XNLI.", "5 Results", True),
    ("Our results confirm those of Hu et al. (2020) for 40 languages.", "5 Results", True),
])
def test_other_papers_work_told_by_this_paper_is_not_its_claim(text, section, kept):
    from claims.records import Origin
    from claims.verify import claim_from_text
    from synth.reports.synthesis import worth_reporting

    claim = claim_from_text("p/1", text).model_copy(update={"origin": Origin(section=section, page=9)})
    assert worth_reporting(claim) is kept


def test_a_claim_about_its_papers_unnamed_system_is_not_judged_by_another_papers_words(tmp_path):
    """2105.00572's "Our model also outperforms the RoBERTa-Large model ..." is about its own XLM-R XL/XXL; another
    paper's "our model" is that paper's own, so no other paper read here can confirm or contradict it."""
    out = tmp_path / "out"
    result = runner.invoke(app, ["report", "1911.02116", "--question", "Does multilingual pretraining at scale help low-resource languages?",
                                 "--offline", "--out", str(out), "--cache-dir", str(tmp_path / "cache")])
    assert result.exit_code == 0, result.output
    rows = json.loads((out / "report.json").read_text())["claims"]
    own = [r for r in rows if unnamed_own_work(r["claim"]["text"])]
    assert any(r["claim"]["text"].startswith("Our model also outperforms the RoBERTa-Large model") for r in own)
    for row in own:
        assert row["verdict"]["label"] == "NOT_ENOUGH_INFO" and row["verdict"]["evidence"] == []
        assert "own paper's work without naming it" in row["verdict"]["reason"]
    # A claim that names its system ("Our model, dubbed XLM-R, ...") is judged as usual, by what the others say of XLM-R.
    named = next(r for r in rows if r["claim"]["text"].startswith("Our model, dubbed XLM-R"))
    assert named["verdict"]["evidence"]


@pytest.mark.parametrize(("text", "own"), [
    # A score that names nothing it was measured on is its paper's own experiment: a passage of another paper about
    # P@1 of word pairs once "refuted" this multilinguality score.
    ("With all three modifications (8) the degree of multilinguality is drastically lowered (µ .12 vs. .70).", True),
    ("The precision/recall/F1 on the reserved test set reached 98%.", True),
    ("Our framework is proven effective on all tasks.", True),
    # It names only what it is compared with: the .75 is the paper's own small model's.
    ("Compared to mBERT, accuracy is significantly lower but reasonable on English (.75 vs. .81).", True),
    ("Compared to the strongest baseline, PaSa-GPT-4o, PaSa-7b demonstrates a 9.64% improvement in recall.", False),
    ("XLM-R improves XNLI accuracy by 15.7% for Swahili.", False),
    ("Pretrained language models outperform static word embeddings across tasks.", False),
    ("The model was trained on 2 GPUs.", False),  # a count, not a score: another paper may well say so
])
def test_a_papers_unnamed_work_is_told_from_what_another_paper_can_judge(text, own):
    from claims.verify import claim_from_text
    from synth.reports.build import own_unnamed_work

    assert own_unnamed_work(claim_from_text("p/1", text)) is own


@pytest.mark.parametrize(("question", "finding", "label"), [
    ("Does pretraining at scale help low-resource languages?", "XLM-R improves XNLI accuracy by 15.7% for Swahili.", "for"),
    ("Does pretraining at scale help low-resource languages?", "Transfer is substantially less effective for distant languages.", "against"),
    ("Does pretraining at scale help low-resource languages?", "Scaling does not improve Swahili.", "against"),
    ("Does pretraining at scale help low-resource languages?", "We model many languages without sacrificing per-language performance.", "for"),
    ("Does pretraining at scale help low-resource languages?", "It not only enhances accuracy but also reduces the gap to English.", "for"),
    ("Does pretraining at scale help low-resource languages?", "Better models require more data for low-resource languages.", "mixed"),
    ("Does pretraining at scale help low-resource languages?", "We train on more than two terabytes of text.", None),
    ("Does pretraining at scale help low-resource languages?", "XLM-R achieves higher accuracy than mBERT on Urdu.", "for"),
    ("Does pretraining at scale help low-resource languages?", "The larger model has a lower error rate on Swahili.", "for"),
    ("Does pretraining at scale help low-resource languages?", "Scaling up fails to improve Urdu.", "against"),
    ("Does an agent find more relevant papers than Google?", "Removing the Expand action leads to a drop in recall.", None),
    ("Does projection improve zero-shot NER?", "F1 increased 3.5% for German but dropped on Spanish.", "mixed"),
    ("Does projection improve zero-shot NER?", "Fine-tuning is more beneficial to precision than to recall.", "for"),
    # a question about a loss turns the finding's direction round
    ("Does code-switching hurt zero-shot transfer?", "Code-switching improves zero-shot transfer by 2.1 points.", "against"),
    ("Does an agent find more relevant papers than Google?", "PaSa outperforms Google by 37.8% in recall.", "for"),
])
def test_a_findings_stance_is_read_from_its_words_of_direction(question, finding, label):
    from synth.reports.stance import question_direction, stance

    direction = question_direction(question)
    read = stance(direction, finding)
    assert (read.label if read else None) == label


def test_only_a_yes_no_question_of_direction_gets_stances():
    from synth.reports.stance import question_direction

    assert question_direction("Which properties does BERT need to become multilingual?") is None
    assert question_direction("Is XLM-R trained on CommonCrawl?") is None


@pytest.mark.parametrize("finding, other", [
    ("Representations of high resource and/or linguistically similar languages are more robust.", True),
    ("Larger models obtain strong performance on high-resource languages while improving low-resource ones.", False),
    ("XLM-R performs particularly well on low-resource languages.", False),
])
def test_a_finding_about_the_other_side_of_the_question_takes_no_side(finding, other):
    from synth.reports.stance import about_the_other_side

    question = "Does multilingual pretraining at scale help low-resource languages?"
    assert about_the_other_side(question, finding) is other


def test_results_and_abstract_group_findings_for_against_and_mixed_with_the_deciding_words():
    from claims.records import Verdict
    from claims.verify import claim_from_text
    from synth.reports.sidecar import ClaimRow, ReportPaper
    from synth.reports.synthesis import results_paragraphs, summary

    def row(claim_id, text, similarity=0.6):
        verdict = Verdict(id=claim_id, claim=text, label="NOT_ENOUGH_INFO", confidence=0.7)
        return ClaimRow(claim=claim_from_text(claim_id, text), verdict=verdict, bears_on_question=True,
                        question_similarity=similarity)

    rows = [row("1911.02116/abstract/3", "XLM-R performs particularly well on low-resource languages, improving 15.7% on Swahili."),
            row("2005.00633/abstract/2", "Transfer is substantially less effective in resource-lean scenarios."),
            row("2005.09093/abstract/1", "We find that better models for low resource languages require more data."),
            # another work's result the sentence cites: no stance of this paper's
            row("1911.02116/p2/9", "Performance could drop significantly on a new domain (Koehn and Knowles, 2017)."),
            # another paper's result further from the question than an answer must be: no stance read into it
            row("2105.00572/abstract/4", "Our model outperforms RoBERTa on English GLUE by 0.3% on average.", 0.38)]
    question = "Does multilingual pretraining at scale help low-resource languages?"
    paragraphs = results_paragraphs(rows, "1911.02116", question)
    assert paragraphs[0].startswith("5 claims bear on the research question; where each stands on it is read")
    assert paragraphs[1].startswith("For (1): 1911.02116: “XLM-R performs particularly well") and \
        paragraphs[1].endswith("(“performs particularly well”, “improving”; unchecked, 0.70).")
    assert paragraphs[2].startswith("Against (1): 2005.00633:") and "“less effective”" in paragraphs[2]
    assert paragraphs[3].startswith("Mixed (1): 2005.09093:")
    assert paragraphs[4].startswith("No direction on the question stated (2): ") and "Koehn and Knowles" in paragraphs[4]
    assert "5 of the 5 could not be checked against a second source." in paragraphs
    papers = [ReportPaper(paper_id=p, arxiv_id=p, version=None, title=p, role=role, text="abstract_only")
              for p, role in (("1911.02116", "source"), ("2005.00633", "related"))]
    abstract = summary(question, papers[0], papers[1:], rows)
    # A full text's claims are named by the version read: still the source's, whatever their closeness.
    far = row("1911.02116v2/p6/1", "XLM-R improves XNLI accuracy for Urdu by 11.4%.", 0.2)
    assert results_paragraphs([far], "1911.02116", question)[1].startswith("For (1): 1911.02116v2: “XLM-R improves")
    # One for, one against, one both ways: divided. The answer comes before the findings it counts.
    answer = ("In short, the findings read here are divided: read by their words of direction, 1 of the 5 findings speaks "
              "for it (1911.02116: “performs particularly well”, “improving”), 1 against it (2005.00633: “less effective”) "
              "and 1 both ways (2005.09093: “better”, “require more”); 2 state no direction on it.")
    assert answer in abstract and abstract.index(answer) < abstract.index(" states “")
    more = [row(f"1911.02116/abstract/{n}", text) for n, text in (
        (5, "Pretraining on CommonCrawl improves named entity recognition for Swahili and Urdu."),
        (6, "Scaling the shared vocabulary gains 2 points of question answering accuracy on Basque."),
        (7, "The larger model outperforms mBERT on low-resource XNLI languages."))]
    leaning = summary(question, papers[0], papers[1:], rows + more)
    assert "In short, the findings read here lean towards yes: " in leaning
    # After the answer: three findings for it, then the one against it, though four for it are there to quote;
    # the finding that says both and the undirected ones find no room.
    quoted = re.findall(r"(\S+) states “([^”]+)”", leaning)
    assert [paper for paper, _ in quoted] == ["1911.02116"] * 3 + ["2005.00633"]
    assert quoted[-1][1].startswith("Transfer is substantially less effective")


def test_a_related_papers_claims_are_its_sentences_not_their_windows():
    from claims.passages import Passage
    from synth.reports.build import _claims_of

    first, second = "The model improves XNLI accuracy by 14.6% over mBERT.", "It gains 11.4% on Urdu over previous XLM models."
    passages = [Passage(paper_id="p", page=1, kind=kind, text=text) for kind, text in
                [("sentence", first), ("sentence", second), ("window", f"{first} {second}")]]
    claims = _claims_of(passages, None, "p")
    assert [c.text for c in claims] == [first, second]
    assert [c.id for c in claims] == ["p/abstract/0", "p/abstract/1"]


def test_a_confidence_is_shown_on_its_side_of_even_odds():
    # examples/report.md once called a verdict of confidence 0.4968 "more likely wrong than right (confidence 0.50)".
    from synth.reports.synthesis import confidence_text

    assert [confidence_text(c) for c in (0.4968, 0.4995, 0.49999, 0.5, 0.5032, 0.83)] == [
        "0.497", "0.499", "0.4999", "0.50", "0.50", "0.83"]
