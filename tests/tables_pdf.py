"""A two-column results page with the tables real papers print, drawn with PyMuPDF so tests know every cell.

- Table 1 spans both columns: 16 columns (a label and 15 XNLI languages) under a
  two-level header (Europe / Other over the language codes), prose in both
  columns above and below it, and its caption below it, as ACL papers print.
- Table 2 sits in the right column: a row whose label wraps onto two lines with
  its numbers between them, and a line of small deltas under a row.
"""

from __future__ import annotations

import pymupdf

W, H = 612, 792
LEFT, RIGHT = 72, 316
LANGUAGES = "en fr es de el bg ru tr ar vi th zh hi sw ur".split()
EUROPE = 7  # en .. ru
ROWS = {
    "BiLSTM-max": "73.7 70.4 70.7 68.7 69.1 70.4 67.8 66.3 66.8 66.5 64.4 68.3 64.2 61.8 59.3".split(),
    "mBERT": "81.4 74.3 74.3 70.5 66.3 68.0 69.0 61.6 64.9 70.1 55.8 69.3 60.0 50.4 58.0".split(),
}
TABLE1_CAPTION = "Table 1: XNLI accuracy by language."
TABLE2_CAPTION = "Table 2: STS results."
TABLE2 = [("SBERT", "80.1", "75.3"), ("XLM-R", "82.3", "79.9")]
WRAPPED = ("XLM-R with", "SBERT-paraphrases", "88.8", "86.3")
DELTAS = ("(+6.5)", "(+6.4)")
PROSE_LEFT = ["Cross-lingual transfer is evaluated on", "fifteen languages of the XNLI corpus,",
              "from English and French to Swahili and", "Urdu, with one model for all of them",
              "and no training data in the targets."]
PROSE_RIGHT = ["Models are trained on English data and", "tested on the other languages directly,",
               "so that what they learned in English", "has to carry over without any labels",
               "in the language they are tested on."]
BELOW_LEFT = ["The gap to English is widest for Swahili", "and Urdu, the two low-resource languages",
              "in the set, and smallest for French and", "Spanish, which are close to English and",
              "have the most pretraining text."]


def _text(page: pymupdf.Page, x: float, y: float, text: str, size: float = 9) -> None:
    page.insert_text((x, y), text, fontsize=size, fontname="helv")


def tables_page() -> bytes:
    doc = pymupdf.open()
    page = doc.new_page(width=W, height=H)
    _text(page, 160, 70, "Tables In Transfer Papers", 16)
    y = 110
    for left, right in zip(PROSE_LEFT, PROSE_RIGHT):
        _text(page, LEFT, y, left, 10)
        _text(page, RIGHT, y, right, 10)
        y += 12.5
    # Table 1, full width: two header lines, then rows; the caption below.
    x_label, x0, pitch = LEFT, LEFT + 62, 28
    y += 16
    _text(page, x0 + 3 * pitch, y, "Europe", 8)
    _text(page, x0 + 10 * pitch, y, "Other", 8)
    y += 11
    _text(page, x_label, y, "Model", 8)
    for i, code in enumerate(LANGUAGES):
        _text(page, x0 + i * pitch + 4, y, code, 8)
    y += 12
    for label, cells in ROWS.items():
        _text(page, x_label, y, label, 8)
        for i, cell in enumerate(cells):
            _text(page, x0 + i * pitch, y, cell, 8)
        y += 11
    y += 8
    _text(page, 200, y, TABLE1_CAPTION, 9)
    y += 24
    for left in BELOW_LEFT:
        _text(page, LEFT, y, left, 10)
        y += 12.5
    # Table 2 in the right column, caption above it.
    y2 = y - 2 * 12.5
    _text(page, RIGHT, y2, TABLE2_CAPTION, 9)
    y2 += 14
    for x, cell in zip((RIGHT, RIGHT + 110, RIGHT + 160), ("Model", "STS12", "STS13")):
        _text(page, x, y2, cell, 8)
    y2 += 12
    for label, a, b in TABLE2:
        _text(page, RIGHT, y2, label, 8)
        _text(page, RIGHT + 110, y2, a, 8)
        _text(page, RIGHT + 160, y2, b, 8)
        y2 += 11
    # The wrapped label: two lines, the numbers printed between them.
    _text(page, RIGHT, y2, WRAPPED[0], 8)
    _text(page, RIGHT + 110, y2 + 5, WRAPPED[2], 8)
    _text(page, RIGHT + 160, y2 + 5, WRAPPED[3], 8)
    _text(page, RIGHT, y2 + 10, WRAPPED[1], 8)
    y2 += 16
    _text(page, RIGHT + 110, y2, DELTAS[0], 6)
    _text(page, RIGHT + 160, y2, DELTAS[1], 6)
    y2 += 30
    _text(page, RIGHT, y2, "The paraphrase data helps on both years.", 10)
    data = doc.tobytes()
    doc.close()
    return data


SPREAD_CAPTION = "Table 3: NDCG@10 (mean ± standard error) over raters."
SPREAD_HEADERS = ("Full Set", "Unbiased Set", "Seen / Unseen")
SPREAD_ROWS = {
    "Random Baseline": ("0.504 ± 0.032", "0.532 ± 0.034", "0.88/0.51"),
    "(Item) EASE": ("0.673 ± 0.038", "0.592 ± 0.030", "0.90/0.56"),
    "LLM Item+Language Zero-shot": ("0.660 ± 0.038", "0.634 ± 0.028", "0.90/0.58"),
}


def spread_table_page() -> bytes:
    """A results table whose cells write a spread ("0.673 ± 0.038") or two values with a slash ("0.90/0.56")."""
    doc = pymupdf.open()
    page = doc.new_page(width=W, height=H)
    _text(page, LEFT, 90, "Results Against Raters", 14)
    _text(page, LEFT, 120, SPREAD_CAPTION, 9)
    columns = (LEFT + 170, LEFT + 260, LEFT + 350)
    for x, header in zip(columns, SPREAD_HEADERS):
        _text(page, x, 136, header, 8)
    y = 150
    for label, cells in SPREAD_ROWS.items():
        _text(page, LEFT, y, label, 8)
        for x, cell in zip(columns, cells):
            _text(page, x, y, cell, 8)
        y += 11
    _text(page, LEFT, y + 24, "The item-based methods rank the seen items best of all.", 10)
    data = doc.tobytes()
    doc.close()
    return data
