"""Page geometry -> rows of text in reading order.

PyMuPDF gives spans with font, size, flags and boxes. This module drops page
furniture (running headers, footers, page numbers, rotated margin stamps),
splits footnote markers off words, finds the columns, merges fragments that
share a baseline into one row (so a table row stays one row), and orders rows
column by column between full-width elements.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

import pymupdf

from synth.documents.cleanup import FOOTNOTE_SYMBOL, mark, normalise_chars
from synth.documents.records import Table
from synth.documents.tables import FoundTable, inside, read_tables

_SUPERSCRIPT = 1  # PyMuPDF span flag bits: https://pymupdf.readthedocs.io/en/latest/recipes-text.html
_BOLD = 16
# Shares of the page height where running headers/footers and page numbers sit.
_FURNITURE_ZONE = 0.09
_PAGE_NUMBER_ZONE = 0.12
_PAGE_NUMBER = re.compile(r"^(?:page\s+)?(?:\d{1,4}|[ivxlc]{1,6})(?:\s*(?:/|of)\s*\d{1,4})?$", re.IGNORECASE)
_BASELINE_TOLERANCE = 2.5
_CELL_GAP = 1.5  # in font sizes: a wider gap between fragments on one baseline is a table cell boundary


@dataclass
class Fragment:
    """One PyMuPDF line after span clean-up."""

    text: str
    x0: float
    y0: float
    x1: float
    y1: float
    baseline: float
    size: float
    bold: bool
    leading_marker: str | None = None  # superscript that opens the line: a footnote's own marker
    table: bool = False  # one line of a table read as a grid (synth.documents.tables)


@dataclass
class Row:
    """Fragments on one baseline within one column: a line of text, a heading or a table row."""

    fragments: list[Fragment]
    cells: int = 1

    @property
    def text(self) -> str:
        parts = [self.fragments[0].text]
        for prev, frag in zip(self.fragments, self.fragments[1:]):
            gap = frag.x0 - prev.x1
            parts.append(" | " if gap > _CELL_GAP * max(prev.size, 1.0) else " ")
            parts.append(frag.text)
        return "".join(parts).strip()

    x0 = property(lambda self: min(f.x0 for f in self.fragments))
    x1 = property(lambda self: max(f.x1 for f in self.fragments))
    y0 = property(lambda self: min(f.y0 for f in self.fragments))
    y1 = property(lambda self: max(f.y1 for f in self.fragments))
    baseline = property(lambda self: self.fragments[0].baseline)
    table = property(lambda self: any(f.table for f in self.fragments))
    leading_marker = property(lambda self: self.fragments[0].leading_marker)

    @property
    def size(self) -> float:
        return max(self.fragments, key=lambda f: len(f.text)).size

    @property
    def bold(self) -> bool:
        return all(f.bold for f in self.fragments if f.text.strip())


@dataclass
class PageLayout:
    number: int
    width: float
    height: float
    rows: list[Row] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    margin_text: str = ""  # rotated stamps (arXiv id) and dropped furniture, kept for metadata


def _fragment(line: dict) -> Fragment | None:
    spans = [s for s in line["spans"] if s["text"]]
    if not spans:
        return None
    parts: list[str] = []
    leading: str | None = None
    for span in spans:
        raw = span["text"]
        token = raw.strip()
        superscript = span["flags"] & _SUPERSCRIPT and FOOTNOTE_SYMBOL.match(token)
        before = "".join(parts).rstrip()
        if superscript and not before:
            leading = token
            continue
        if superscript and before and (before[-1].isalpha() or before[-1] in ".,;:)”’\""):
            parts.append(mark(token))
            if raw.endswith(" "):
                parts.append(" ")
            continue
        parts.append(raw)
    text = normalise_chars("".join(parts)).strip()
    if not text and leading is None:
        return None
    by_size = Counter()
    for span in spans:
        by_size[round(span["size"], 1)] += len(span["text"].strip())
    size = by_size.most_common(1)[0][0]
    body_spans = [s for s in spans if s["text"].strip() and not s["flags"] & _SUPERSCRIPT]
    bold = bool(body_spans) and all(s["flags"] & _BOLD or "Bold" in s["font"] or "BX" in s["font"] for s in body_spans)
    x0, y0, x1, y1 = line["bbox"]
    baseline = max(s["origin"][1] for s in spans)
    return Fragment(text, x0, y0, x1, y1, baseline, size, bold, leading)


def read_fragments(page: pymupdf.Page) -> tuple[list[Fragment], str]:
    """Horizontal fragments of a page and the text of its rotated lines."""
    # Without TEXT_PRESERVE_LIGATURES MuPDF expands ligature glyphs itself.
    data = page.get_text("dict", flags=pymupdf.TEXT_MEDIABOX_CLIP)
    fragments: list[Fragment] = []
    rotated: list[str] = []
    for block in data["blocks"]:
        if block.get("type") != 0:
            continue
        for line in block["lines"]:
            if abs(line["dir"][1]) > 0.01 or line["dir"][0] < 0:
                rotated.append("".join(s["text"] for s in line["spans"]))
                continue
            frag = _fragment(line)
            if frag is not None:
                fragments.append(frag)
    return fragments, " ".join(rotated)


def furniture_keys(pages: list[tuple[float, list[Fragment]]]) -> set[str]:
    """Normalised texts of header/footer lines that repeat on several pages."""
    counts: Counter[str] = Counter()
    for height, fragments in pages:
        seen = {_furniture_key(f) for f in fragments if _in_margin(f, height, _FURNITURE_ZONE)}
        counts.update(seen)
    threshold = max(2, int(0.3 * len(pages)))
    return {key for key, n in counts.items() if n >= threshold}


def _furniture_key(frag: Fragment) -> str:
    return re.sub(r"\d+", "#", frag.text.lower()).strip()


def _in_margin(frag: Fragment, height: float, share: float) -> bool:
    return frag.y1 < share * height or frag.y0 > (1 - share) * height


def layout_page(number: int, page: pymupdf.Page, fragments: list[Fragment], rotated: str, furniture: set[str]) -> PageLayout:
    width, height = page.rect.width, page.rect.height
    body: list[Fragment] = []
    dropped: list[str] = [rotated]
    for frag in fragments:
        page_number = _PAGE_NUMBER.match(frag.text) and _in_margin(frag, height, _PAGE_NUMBER_ZONE)
        if page_number or (_in_margin(frag, height, _FURNITURE_ZONE) and _furniture_key(frag) in furniture):
            dropped.append(frag.text)
        else:
            body.append(frag)
    layout = PageLayout(number, width, height, margin_text=" ".join(t for t in dropped if t))
    body = _attach_markers(body)
    if any(f.text.startswith("Table") for f in body):
        _, two_columns, mid = _sides(body)
        found = read_tables(page, body, mid, two_columns)
        body = _swap_in(body, found)
        layout.tables = [t.table for t in found]
    layout.rows = _order(body)
    return layout


def _swap_in(body: list[Fragment], found: list[FoundTable]) -> list[Fragment]:
    """The page's fragments with each table's replaced by one fragment per grid line ("label | cell | ...")."""
    for table in found:
        replaced = [f for f in body if inside(f, table.bbox)]
        if not replaced:
            continue
        size = sorted(f.size for f in replaced)[len(replaced) // 2]
        body = [f for f in body if not inside(f, table.bbox)]
        x0, _, x1, _ = table.bbox
        body += [Fragment(line.text, x0, line.y0, x1, line.y1, line.y1, size, False, table=True) for line in table.lines]
    return body


def _attach_markers(fragments: list[Fragment]) -> list[Fragment]:
    """Give a lone superscript marker to the text it belongs to.

    MuPDF makes a line of its own of a marker drawn apart from its text; left
    alone it would read as a stray number. Right after a word it is a footnote
    reference; right before a line it opens a footnote.
    """
    kept: list[Fragment] = []
    lone: list[tuple[Fragment, str]] = []
    for frag in fragments:
        marker = frag.leading_marker if not frag.text else frag.text if FOOTNOTE_SYMBOL.match(frag.text) else None
        (lone if marker else kept).append((frag, marker) if marker else frag)
    for frag, marker in lone:
        for other in kept:
            if frag.size > 0.85 * other.size or not other.y0 - 2 <= frag.baseline <= other.y1 + 2:
                continue
            if 0 <= frag.x0 - other.x1 <= 3:
                other.text += mark(marker)
                break
            if 0 <= other.x0 - frag.x1 <= 3 and other.leading_marker is None:
                other.leading_marker = marker
                break
        else:
            if frag.text:  # a number in its own right (a table cell, say)
                kept.append(frag)
    return kept


def _rows(fragments: list[Fragment]) -> list[Row]:
    """Group fragments sharing a baseline into rows, top to bottom, left to right."""
    rows: list[Row] = []
    for frag in sorted(fragments, key=lambda f: (f.baseline, f.x0)):
        if rows and abs(rows[-1].baseline - frag.baseline) <= _BASELINE_TOLERANCE:
            rows[-1].fragments.append(frag)
        else:
            rows.append(Row([frag]))
    for row in rows:
        row.fragments.sort(key=lambda f: f.x0)
        row.cells = 1 + row.text.count(" | ")
    return rows


def _sides(fragments: list[Fragment]) -> tuple[dict[int, str], bool, float]:
    """Each fragment's column (L, R or W for full width), whether the page has two columns, and the gutter's x."""
    left_edge = min(f.x0 for f in fragments)
    right_edge = max(f.x1 for f in fragments)
    mid = (left_edge + right_edge) / 2
    side = {id(f): ("L" if f.x1 <= mid + 2 else "R" if f.x0 >= mid - 2 else "W") for f in fragments}
    # A table row with a cell across the gutter is full width as a whole, and counts as one wide line.
    n_wide = 0
    for row in _rows(fragments):
        if any(side[id(f)] == "W" for f in row.fragments):
            n_wide += 1
            for f in row.fragments:
                side[id(f)] = "W"
    n_left = sum(s == "L" for s in side.values())
    n_right = sum(s == "R" for s in side.values())
    return side, not (n_left < 5 or n_right < 5 or n_wide > 0.5 * (n_left + n_right + n_wide)), mid


def _order(fragments: list[Fragment]) -> list[Row]:
    """Reading order: full-width rows split the page into bands; each band is read left column first."""
    if not fragments:
        return []
    side, two_columns, _ = _sides(fragments)
    if not two_columns:
        return _rows(fragments)
    ordered: list[Row] = []
    band: list[Fragment] = []
    for row in _rows(fragments):
        if all(side[id(f)] == "W" for f in row.fragments):
            ordered += _read_band(band, side)
            band = []
            ordered.append(row)
        else:
            band += row.fragments
    return ordered + _read_band(band, side)


def _read_band(band: list[Fragment], side: dict[int, str]) -> list[Row]:
    left = [f for f in band if side[id(f)] != "R"]
    right = [f for f in band if side[id(f)] == "R"]
    return _rows(left) + _rows(right)
