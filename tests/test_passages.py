"""Passages of a document: the units evidence is searched in."""

from claims.passages import Passage, RowCells, document_passages, table_key, tables_of
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


def test_a_line_without_words_is_no_passage_nor_part_of_a_window():
    a, b = "Multilinguality decreases as the corpus becomes non-parallel.", "We train for twice as many epochs."
    ticks = "0.8 400 0.6 300 0.4 200 0.2 100"  # a plot's axis labels, read as a line of the text

    def unit(text: str) -> Sentence:
        return Sentence(text=text, section="3 Results", span=(0, len(text)), kind="sentence")

    page = Page(number=6, text="\n".join([a, ticks, b]), sentences=[unit(a), unit(ticks), unit(b)])
    document = Document(paper_id="p", title="t", pdf_sha256="0" * 64, extractor="test", pages=[page])
    texts = [p.text for p in document_passages(document)]
    assert texts == [a, b, f"{a} {b}"]


def test_two_tables_of_one_page_with_the_same_headers_are_two_tables():
    # A paper's results on two benchmarks, one table each on one page: rows of both once made one table, with two
    # rows labelled Google, and no comparison of rows could be made in it.
    def row(table, label, value):
        cells = (("Recall@100", value),)
        return Passage(paper_id="p", page=6, kind="table_row", row=RowCells(label=label, cells=cells, table=table),
                       text=f"{table}, {label}: Recall@100 {value}")

    five = [row("Table 5: Results on AutoScholarQuery", "Google", "0.2015"),
            row("Table 5: Results on AutoScholarQuery", "Google Scholar", "0.1130")]
    six = [row("Table 6: Results on RealScholarQuery", "Google", "0.2535"),
           row("Table 6: Results on RealScholarQuery", "Google Scholar", "0.2809")]
    tables = tables_of(five + six)
    assert len(tables) == 2 and tables[table_key(six[0])] == six
