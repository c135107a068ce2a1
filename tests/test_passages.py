"""Passages of a document: the units evidence is searched in."""

from claims.passages import document_passages
from synth.documents.records import Document, Page, Sentence


def test_windows_of_two_and_three_sentences_stay_in_one_section():
    def unit(text, section, kind="sentence"):
        return Sentence(text=text, section=section, span=(0, len(text)), kind=kind)

    a, b, c = ("We trained a XLM-R-large model for 3 epochs.", "The model training took about 20 minutes.",
               "It ran on two Tesla V100 GPUs.")
    d = "Results on XNLI are in Table 2 below."
    page = Page(number=4, text="", sentences=[
        unit(a, "4.2 Training"), unit("Figure 3: Loss over steps.", "4.2 Training", "caption"), unit(b, "4.2 Training"),
        unit(c, "4.2 Training"), unit("5 Results", "5 Results", "heading"), unit(d, "5 Results")])
    document = Document(paper_id="p", title="t", pdf_sha256="0" * 64, extractor="test", pages=[page])
    windows = [p.text for p in document_passages(document) if p.kind == "window"]
    # A caption between two sentences is left out of their window, not an end to it; a heading ends it.
    assert windows == [f"{a} {b}", f"{b} {c}", f"{a} {b} {c}"]
    assert all(p.page == 4 for p in document_passages(document))
