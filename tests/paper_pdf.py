"""Small but realistic paper PDFs, written with PyMuPDF line by line so tests know every word's place.

The two-page paper has what real papers have: a running header, page numbers,
a rotated arXiv stamp, two columns, a word hyphenated at a line end, a compound
broken at its own hyphen, a superscript footnote marker after a full stop
(`CCG.` + 4), the footnote itself, a table, a sentence that runs from the left
column into the right one and another that runs onto page 2, and a
bibliography with hanging indents.
"""

from __future__ import annotations

import pymupdf

W, H = 612, 792
LEFT, RIGHT = 72, 316
BODY, LEAD = 10, 12.5

# Column width is 224pt: at 10pt Helvetica a line holds about 42 characters.
ABSTRACT_LINES = [
    "We study intermediate-task training for",
    "cross-lingual transfer with a multilin-",
    "gual encoder. Its accuracy improves by",
    "5.4 points on average over the baseline.",
]
INTRO_LEFT = [
    "Zero-shot cross-lingual transfer is hard",
    "for many tasks. We also train on CCG.",  # the footnote marker 4 follows "CCG."
    "Results follow in the next section, which",
    "reports all the numbers",
]
INTRO_RIGHT = [
    "for the nine target tasks. Each task is",
    "evaluated in fifteen languages.",
]
TABLE = [("Task", "en", "de"), ("XNLI", "80.1", "75.3"), ("PAWS-X", "90.2", "85.0")]
CROSS_PAGE_FIRST = [
    "The gains on retrieval tasks are large",
    "because the encoder aligns sentence",
    "representations across",
]
PAGE2_LEFT = [
    "languages after intermediate training.",
]
RESULTS = ["Our best model reaches 81.3 accuracy on", "XNLI, a gain of 5.4 points over the base-", "line model."]
REFERENCES = [
    (LEFT, "Alexis Conneau, Kartikay Khandelwal,"),
    (LEFT + 10, "and Others. 2020. Unsupervised cross-"),
    (LEFT + 10, "lingual representation learning at scale."),
    (LEFT + 10, "arXiv:1911.02116."),
    (LEFT, "Jason Phang and Others. 2020. English"),
    (LEFT + 10, "intermediate-task training improves zero-"),
    (LEFT + 10, "shot cross-lingual transfer too. In Pro-"),
    (LEFT + 10, "ceedings of AACL."),
    (RIGHT, "Yinfei Yang and Others. 2019. PAWS-X: A"),
    (RIGHT + 10, "cross-lingual adversarial dataset for para-"),
    (RIGHT + 10, "phrase identification. arXiv:1908.11828."),
    (RIGHT, "Junjie Hu and Others. 2020. XTREME: A mas-"),
    (RIGHT + 10, "sively multilingual multi-task benchmark."),
    (RIGHT + 10, "In Proceedings of ICML."),
]
TITLE = "Intermediate Training Helps Transfer"
SENTENCES_PAGE_1 = [
    "We study intermediate-task training for cross-lingual transfer with a multilingual encoder.",
    "Its accuracy improves by 5.4 points on average over the baseline.",
    "Zero-shot cross-lingual transfer is hard for many tasks.",
    "We also train on CCG.",
    "Results follow in the next section, which reports all the numbers for the nine target tasks.",
    "Each task is evaluated in fifteen languages.",
]
CROSS_PAGE_SENTENCE = (
    "The gains on retrieval tasks are large because the encoder aligns sentence representations "
    "across languages after intermediate training."
)
RESULTS_SENTENCE = "Our best model reaches 81.3 accuracy on XNLI, a gain of 5.4 points over the baseline model."


def _lines(page: pymupdf.Page, x: float, y: float, lines: list[str], size: float = BODY) -> float:
    for line in lines:
        page.insert_text((x, y), line, fontsize=size, fontname="helv")
        y += LEAD if size == BODY else size + 2
    return y


def _furniture(page: pymupdf.Page, number: int) -> None:
    page.insert_text((250, 40), "Preprint. Under review.", fontsize=8, fontname="helv")
    page.insert_text((W / 2, 760), str(number), fontsize=9, fontname="helv")


def two_column_paper(*, stamp: str | None = "arXiv:2005.13013v2 [cs.CL] 1 Oct 2020", title: str = TITLE,
                     title_size: float = 16) -> bytes:
    doc = pymupdf.open()
    p1 = doc.new_page(width=W, height=H)
    _furniture(p1, 1)
    p1.insert_text((160 if title_size >= 16 else LEFT, 90), title, fontsize=title_size, fontname="hebo")
    p1.insert_text((230, 115), "Ada Lovelace and Alan Turing", fontsize=11, fontname="helv")
    if stamp:
        p1.insert_text((30, 600), stamp, fontsize=14, fontname="helv", rotate=90)

    p1.insert_text((LEFT, 160), "Abstract", fontsize=12, fontname="hebo")
    y = _lines(p1, LEFT, 178, ABSTRACT_LINES)
    p1.insert_text((LEFT, y + 10), "1 Introduction", fontsize=12, fontname="hebo")
    y = _lines(p1, LEFT, y + 28, INTRO_LEFT)
    marker_line_y = y - 3 * LEAD
    marker_x = LEFT + pymupdf.get_text_length(INTRO_LEFT[1], fontname="helv", fontsize=BODY)
    p1.insert_text((marker_x + 0.5, marker_line_y - 3), "4", fontsize=7, fontname="helv")
    # Footnote at the foot of the left column: superscript marker, then its text in a small font.
    p1.insert_text((LEFT, 716), "4", fontsize=6, fontname="helv")
    p1.insert_text((LEFT + 4, 720), "Combinatory categorial grammar supertagging.", fontsize=8, fontname="helv")

    y = _lines(p1, RIGHT, 160, INTRO_RIGHT)
    y += 8
    p1.insert_text((RIGHT, y), "Table 1: Accuracy by task.", fontsize=9, fontname="helv")
    y += 14
    for cells in TABLE:
        for x, cell in zip((RIGHT, RIGHT + 90, RIGHT + 150), cells):
            p1.insert_text((x, y), cell, fontsize=9, fontname="helv")
        y += 11
    _lines(p1, RIGHT, y + 14, CROSS_PAGE_FIRST)

    p2 = doc.new_page(width=W, height=H)
    _furniture(p2, 2)
    y = _lines(p2, LEFT, 100, PAGE2_LEFT)
    p2.insert_text((LEFT, y + 10), "2 Results", fontsize=12, fontname="hebo")
    y = _lines(p2, LEFT, y + 28, RESULTS)
    p2.insert_text((LEFT, y + 10), "References", fontsize=12, fontname="hebo")
    ys = {LEFT: y + 28, RIGHT: 100}
    for x, text in REFERENCES:
        column = LEFT if x < RIGHT else RIGHT
        p2.insert_text((x, ys[column]), text, fontsize=9, fontname="helv")
        ys[column] += 11
    data = doc.tobytes()
    doc.close()
    return data


def simple_pdf(pages: int = 1, text: str = "A plain page.") -> bytes:
    doc = pymupdf.open()
    for i in range(pages):
        page = doc.new_page(width=W, height=H)
        page.insert_text((72, 100), f"{text} Page {i + 1}.", fontsize=11, fontname="helv")
    data = doc.tobytes()
    doc.close()
    return data


def encrypted_pdf() -> bytes:
    doc = pymupdf.open(stream=simple_pdf(), filetype="pdf")
    data = doc.tobytes(encryption=pymupdf.PDF_ENCRYPT_AES_256, owner_pw="owner", user_pw="user")
    doc.close()
    return data


def scanned_pdf() -> bytes:
    """A page that is only a picture (as a scanner makes): grey bars drawn into a pixmap, no text layer."""
    pix = pymupdf.Pixmap(pymupdf.csGRAY, pymupdf.IRect(0, 0, 200, 260), False)
    pix.clear_with(255)
    for y in range(20, 240, 12):
        pix.clear_with(60, pymupdf.IRect(20, y, 180, y + 5))  # lines of "print"
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_image(page.rect, pixmap=pix)
    data = doc.tobytes()
    doc.close()
    return data


FIGURE_TOPPED_SENTENCE = "Table 2 shows that multilinguality indeed decreases as the training corpus becomes non-parallel."


def figure_topped_pdf() -> bytes:
    """Two pages: page 1 ends in the middle of a sentence ("training cor-"); page 2 opens with a figure (small axis
    labels and its caption) before the sentence goes on ("pus becomes non-parallel."), as in 2005.00396 p.6-7."""
    doc = pymupdf.open()
    p1 = doc.new_page(width=W, height=H)
    _lines(p1, LEFT, 100, ["Training on comparable corpora is the last", "test. We train for twice as many epochs.",
                           "Table 2 shows that multilinguality in-", "deed decreases as the training cor-"])
    p2 = doc.new_page(width=W, height=H)
    for y, label in ((80, "0.8"), (95, "0.6"), (110, "0.4"), (125, "103 104")):
        p2.insert_text((LEFT, y), label, fontsize=5, fontname="helv")
    p2.insert_text((LEFT, 145), "Figure 1: Multilinguality over training steps.", fontsize=9, fontname="helv")
    _lines(p2, LEFT, 175, ["pus becomes non-parallel. This suggests", "that comparable corpora help a lot."])
    data = doc.tobytes()
    doc.close()
    return data


SETTINGS = [("Vocabulary size", ["4096; 20000 per language for the XNLI models"]),
            ("Batch size", ["256 for pretraining (for BERT-Base models 16", "with 16 accumulation steps), 32 for finetuning"]),
            ("Learning rate", ["2e-3"])]


def settings_table_pdf() -> bytes:
    """A two-column table of settings as appendices print them: a key, a gap, its value, wrapped under itself
    (2005.00396 p.14), after a sentence of prose."""
    doc = pymupdf.open()
    page = doc.new_page(width=W, height=H)
    y = _lines(page, LEFT, 100, ["We list the settings of all runs below:"])
    for key, value in SETTINGS:
        page.insert_text((LEFT, y), key, fontsize=BODY, fontname="helv")
        y = _lines(page, LEFT + 150, y, value)
    data = doc.tobytes()
    doc.close()
    return data
