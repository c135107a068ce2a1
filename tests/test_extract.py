"""PDF -> Document on PDFs made in the test with PyMuPDF."""

import re

import pytest

from paper_pdf import (CROSS_PAGE_SENTENCE, FIGURE_TOPPED_SENTENCE, RESULTS_SENTENCE, SENTENCES_PAGE_1, TITLE, encrypted_pdf,
                       figure_topped_pdf, settings_table_pdf, simple_pdf, two_column_paper)
from synth.documents.extract import extract
from synth.errors import PdfError


@pytest.fixture(scope="module")
def extraction():
    return extract(two_column_paper(), subject="paper.pdf", paper_id="t")


def _texts(document, page=None):
    return [s.text for n, s in document.iter_sentences() if page is None or n == page]


def test_title_and_stamped_id_come_from_the_pdf(extraction):
    assert extraction.document.title == TITLE
    assert str(extraction.stamped_id) == "2005.13013v2"


def test_two_columns_read_in_order_with_hyphenation_undone(extraction):
    texts = _texts(extraction.document, page=1)
    positions = [texts.index(s) for s in SENTENCES_PAGE_1]
    assert positions == sorted(positions)


def test_sentence_spanning_columns_is_whole(extraction):
    assert "Results follow in the next section, which reports all the numbers for the nine target tasks." in _texts(extraction.document)


def test_sentence_spanning_pages_is_stored_once_on_its_first_page(extraction):
    hits = [(n, s) for n, s in extraction.document.iter_sentences() if s.text == CROSS_PAGE_SENTENCE]
    assert len(hits) == 1
    page, sentence = hits[0]
    assert (page, sentence.continues_on) == (1, 2)
    assert extraction.document.pages[1].text.startswith("languages after intermediate training.")


def test_every_span_points_at_its_text_on_the_page(extraction):
    for page in extraction.document.pages:
        for s in page.sentences:
            start, end = s.span
            if s.continues_on is None:
                assert page.text[start:end] == s.text
            else:
                assert s.text.startswith(page.text[start:end])


def test_footnote_marker_split_off_and_footnote_kept_apart(extraction):
    document = extraction.document
    ccg = next(s for _, s in document.iter_sentences() if s.text.startswith("We also train on CCG"))
    assert ccg.text == "We also train on CCG."
    assert ccg.footnotes == ["4"]
    assert [(f.marker, f.text) for f in document.footnotes] == [("4", "Combinatory categorial grammar supertagging.")]
    assert not any("Combinatory" in t for t in _texts(document))


def test_table_rows_stay_rows(extraction):
    rows = [s.text for _, s in extraction.document.iter_sentences() if s.kind == "table_row"]
    assert rows == ["Task | en | de", "XNLI | 80.1 | 75.3", "PAWS-X | 90.2 | 85.0"]
    captions = [s.text for _, s in extraction.document.iter_sentences() if s.kind == "caption"]
    assert captions == ["Table 1: Accuracy by task."]


def test_running_headers_and_page_numbers_dropped(extraction):
    for page in extraction.document.pages:
        assert "Preprint" not in page.text
        assert not re.search(r"^\d+$", page.text, re.MULTILINE)


def test_sections_and_abstract(extraction):
    document = extraction.document
    assert document.section_titles == ["Abstract", "1 Introduction", "2 Results", "References"]
    assert extraction.abstract.startswith("We study intermediate-task training for cross-lingual transfer")
    results = next(s for _, s in document.iter_sentences() if s.text == RESULTS_SENTENCE)
    assert results.section == "2 Results"


def test_references_are_entries_with_ids_and_joined_lines(extraction):
    refs = extraction.document.references
    assert [r.arxiv_id for r in refs] == ["1911.02116", None, "1908.11828", None]
    assert refs[0].text.startswith("Alexis Conneau, Kartikay Khandelwal, and Others. 2020. Unsupervised cross-lingual")
    assert refs[1].text.endswith("English intermediate-task training improves zero-shot cross-lingual transfer too. In Proceedings of AACL.")
    assert refs[2].text == "Yinfei Yang and Others. 2019. PAWS-X: A cross-lingual adversarial dataset for paraphrase identification. arXiv:1908.11828."
    assert refs[3].text == "Junjie Hu and Others. 2020. XTREME: A massively multilingual multi-task benchmark. In Proceedings of ICML."
    assert not any("Alexis" in t for t in _texts(extraction.document))


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty file"),
        (b"<html><body>Rate limited</body></html>", "not a PDF"),
        (two_column_paper()[:4000], "truncated PDF"),
        (encrypted_pdf(), "encrypted PDF"),
        (b"%PDF-1.7\n garbage that is no pdf at all \n%%EOF\n", "PDF"),
    ],
)
def test_bad_pdfs_raise_one_clear_error(data, message):
    with pytest.raises(PdfError) as info:
        extract(data, subject="bad.pdf", paper_id="t")
    assert str(info.value).startswith("bad.pdf: ")
    assert message in str(info.value)


def test_page_limit_is_enforced():
    with pytest.raises(PdfError, match="3 pages, over the limit of 2"):
        extract(simple_pdf(pages=3), subject="long.pdf", paper_id="t", max_pages=2)


def test_a_sentence_goes_on_after_a_figure_at_the_top_of_the_next_page():
    document = extract(figure_topped_pdf(), subject="figure.pdf", paper_id="f").document
    hits = [(n, s) for n, s in document.iter_sentences() if s.text == FIGURE_TOPPED_SENTENCE]
    assert [(n, s.continues_on) for n, s in hits] == [(1, 2)]
    assert "This suggests that comparable corpora help a lot." in _texts(document, 2)
    assert "Figure 1: Multilinguality over training steps." in _texts(document, 2)
    assert not any(t.startswith("pus ") for t in _texts(document))


def test_each_key_of_a_settings_table_is_a_sentence_with_its_wrapped_value():
    # Joined, "4096; 20000 per language for the XNLI models Batch size" put 4096 next to the words of 256.
    document = extract(settings_table_pdf(), subject="settings.pdf", paper_id="s").document
    assert _texts(document) == [
        "We list the settings of all runs below:",
        "Vocabulary size | 4096; 20000 per language for the XNLI models",
        "Batch size | 256 for pretraining (for BERT-Base models 16 with 16 accumulation steps), 32 for finetuning",
        "Learning rate | 2e-3",
    ]
