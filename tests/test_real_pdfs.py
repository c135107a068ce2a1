"""The real paper PDFs beside the repo (../shared/data/pdfs): text reads in order, whole and clean."""

import re

import pytest
from typer.testing import CliRunner

from synth.cli import app
from synth.papers.cache import PaperCache
from synth.settings import Settings

pytestmark = pytest.mark.shared
runner = CliRunner()

# Sentences known to be in each paper, in reading order (checked by hand against the PDFs).
KNOWN = {
    "2005.00396v3": [
        "A simple multilingual model is multilingual BERT (mBERT).",
        "We call this smaller model BERT-small.",
        "We only use the masked-language-modeling objective, without next-sequence-prediction.",
        # A settings table's key and its value, apart from the keys above and below it.
        "Batch size | 256 for pretraining (for BERT-Base models 16 with 16 gradient accumulation steps), 32 for finetuning",
    ],
    "2101.11112v1": [
        "Named entity recognition (NER) is a fundamental task in natural language processing, which seeks to classify words in a sentence to predefined semantic types.",
        "Recent breakthroughs in multilingual language models have not been applied to such scenarios yet.",
    ],
    "2501.10120v1": [
        "In this paper, we introduce PaSa, a novel paper search agent designed to mimic human behavior for comprehensive and accurate academic paper searches.",
        "As illustrated in Figure 1, PaSa consists of two LLM agents: the Crawler and the Selector.",
    ],
    "1706.04902v4": [
        "In this survey, we provide a comprehensive typology of cross-lingual word embedding models.",
    ],
}


@pytest.fixture(scope="module")
def documents(shared_pdfs, tmp_path_factory):
    cache_dir = tmp_path_factory.mktemp("real-cache")
    result = runner.invoke(app, ["add", *map(str, sorted(shared_pdfs.glob("*.pdf"))), "--cache-dir", str(cache_dir)])
    assert result.exit_code == 0, result.output
    cache = PaperCache(Settings.load(cache_dir=cache_dir).cache_dir)
    return {p.paper_id: cache.document(p.paper_id) for p in cache.papers()}


def test_every_pdf_gets_its_id_from_page_one(documents):
    assert set(documents) == set(KNOWN)


def test_known_sentences_are_whole_and_in_order(documents):
    for paper_id, known in KNOWN.items():
        texts = [s.text for _, s in documents[paper_id].iter_sentences()]
        positions = [texts.index(sentence) for sentence in known]
        assert positions == sorted(positions), paper_id


def test_no_hyphen_splits_or_glued_footnotes_in_body_text(documents):
    for paper_id, document in documents.items():
        sentences = [s.text for _, s in document.iter_sentences() if s.kind == "sentence"]
        split_words = [t for t in sentences if re.search(r"\b[a-z]{3,}- [a-z]{3,}\b", t)]
        assert len(split_words) <= 0.01 * len(sentences), (paper_id, split_words[:5])
        glued = [t for t in sentences if re.search(r"[a-z]{3}[.,]\d\s", t)]
        assert len(glued) <= 0.01 * len(sentences), (paper_id, glued[:5])


def test_footnotes_are_kept_apart(documents):
    footnotes = documents["2005.00396v3"].footnotes
    assert any(f.marker == "1" and "github.com/google-research" in f.text for f in footnotes)
    marked = [s for _, s in documents["2005.00396v3"].iter_sentences() if "1" in s.footnotes]
    assert marked and marked[0].text == "A simple multilingual model is multilingual BERT (mBERT)."


def test_references_are_separate_entries(documents):
    refs = documents["2501.10120v1"].references
    assert len(refs) >= 30
    assert refs[0].text.startswith("Shubham Agarwal, Issam H Laradji, Laurent Charlin, and Christopher Pal. 2024.")
    assert any(r.arxiv_id == "2312.11805" for r in refs)


def _row(document, table_number, label):
    table = next(t for p in document.pages for t in p.tables if t.number == table_number)
    return next(r for r in table.rows if r.label == label)


def test_real_tables_keep_each_cell_under_its_row_and_both_header_levels(documents):
    # 2101.11112 Table 1: languages over P/R/F1, a group line, deltas printed small under the scores.
    row = _row(documents["2101.11112v1"], "1", "XLM-R fine-tune")
    assert row.group == "Our Models"
    cells = {c.header: c.text for c in row.cells}
    assert (cells["DE / P"], cells["DE / F1"], cells["ZH / F1"]) == ("75.5", "76.9 (+3.5)", "71.3 (+4.2)")
    # 2501.10120 Table 8: two benchmarks over three measures each, side by side.
    row = _row(documents["2501.10120v1"], "8", "PaSa-7b")
    assert [(c.header, c.text) for c in row.cells][3] == ("RealScholarQuery / Crawler Recall", "0.7071")
    # 2005.00396 Table 4: a language per row, read as the row label.
    assert [c.text for c in _row(documents["2005.00396v3"], "4", "de").cells] == ["0.74", "71.1"]
