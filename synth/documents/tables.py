"""Tables on a page, read as grids: caption, header levels, rows with their label and every cell.

Papers caption their tables ("Table 2: ..."), so a table is looked for as the
block of short lines right above or below such a caption, across the whole
page when the caption crosses the gutter, else within its column. The block's
words (PyMuPDF word boxes) are put on lines by height and into columns by the
vertical gaps that no line of numbers crosses. Lines above the first line of
numbers are headers: a header over several columns names each of them, and the
levels are joined ("XNLI / fr"). A label that wraps onto a line of its own is
joined to its row; a label-only line between rows heads the rows below it; a
line of smaller numbers under a row (deltas such as "(+2.5)") belongs to the
cells above it.

PyMuPDF's own Page.find_tables() was tried first and left aside: on the four
bundled papers it reads 5-10 pages/s (it runs a layout model, ~0.5 s a page)
and splits decimals off their numbers ("6524" and "."), where this reads the
words MuPDF already placed.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from dataclasses import dataclass, field

import pymupdf

from synth.documents.cleanup import normalise_chars
from synth.documents.records import Table, TableCell, TableRow

# "Table 3:" or "Table 3. Text"; a sentence ending "... in Table 3." is a reference, not a caption.
CAPTION = re.compile(r"^Table\s*(?P<number>[A-Z]?\.?\d+(?:\.\d+)?)\s*(?:[:|]|\.(?=\s*\S))")
_OTHER_CAPTION = re.compile(r"^(?:Figure|Fig\.|Table|Algorithm)\s*[A-Z]?\.?\d+")
# A cell's value, with its spread or its second value where the cell writes two: ".308±.138", "0.51/0.53".
_VALUE = r"[-+±−–∼~]?(?:\d[\d.,]*|\.\d+)(?:%|[KMBkb])?"
_SPREAD_SIGN = r"±|\+/?-"
_NUMBER = re.compile(rf"^[(\[]?{_VALUE}(?:(?:{_SPREAD_SIGN}|/){_VALUE})?[)\]]?[*†‡§¶∗]*,?$")
# A spread's sign standing apart, as "0.673 ± 0.038" prints it: part of the number, not a word of a label.
_SPREAD = re.compile(rf"^(?:{_SPREAD_SIGN}|\+/−)$")
# "(2019)", "2020)": the year of a citation in a label, not a value.
_CITED_YEAR = re.compile(r"^\(?(?:19|20)\d\d[a-z]?\)[,;.]?$|^\((?:19|20)\d\d[a-z]?[,;]?$")
_BLANK = re.compile(r"^(?:[-–—]|n/?a|N/?A)$")
# Lines of one table sit closer than this many line heights; a wider gap ends the block.
_LINE_GAP = 3.0
# A gap wider than this share of the line height separates two columns (a space between words is ~0.25).
_COLUMN_GAP = 0.6
# A fragment of this many words running across most of the column is prose, not a table line.
_PROSE_WORDS = 8


@dataclass
class Word:
    x0: float
    y0: float
    x1: float
    y1: float
    text: str

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def height(self) -> float:
        return self.y1 - self.y0


@dataclass
class Line:
    words: list[Word]

    y0 = property(lambda self: min(w.y0 for w in self.words))
    y1 = property(lambda self: max(w.y1 for w in self.words))
    x0 = property(lambda self: min(w.x0 for w in self.words))
    x1 = property(lambda self: max(w.x1 for w in self.words))
    height = property(lambda self: statistics.median(w.height for w in self.words))


@dataclass
class Column:
    x0: float
    x1: float

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2


@dataclass
class PrintedLine:
    """One line of a table as it goes into the page's text, where it was on the page."""

    text: str
    y0: float
    y1: float


@dataclass
class FoundTable:
    table: Table
    bbox: tuple[float, float, float, float]
    lines: list[PrintedLine] = field(default_factory=list)


def _bbox(items) -> tuple[float, float, float, float]:
    """(x0, y0, x1, y1) around words, lines or fragments."""
    return min(i.x0 for i in items), min(i.y0 for i in items), max(i.x1 for i in items), max(i.y1 for i in items)


def is_number(text: str) -> bool:
    return bool(_NUMBER.match(text)) and not _CITED_YEAR.match(text)


def _numericish(text: str) -> bool:
    return is_number(text) or bool(_BLANK.match(text) or _SPREAD.match(text))


def read_tables(page: pymupdf.Page, fragments: list, mid: float, two_columns: bool) -> list[FoundTable]:
    """The tables on a page, found next to their captions among the page's body fragments.

    A block of lines between two captions could be either one's table. A page
    keeps one convention (caption below its table, or above it), read off the
    captions whose table lies on one side only; each caption first takes its
    table on that side, and only then looks on the other side.
    """
    left = min(f.x0 for f in fragments)
    right = max(f.x1 for f in fragments)
    column_width = (right - left) / 2 if two_columns else right - left
    options: list[dict[str, tuple[FoundTable, bool]]] = []
    for caption in _captions(fragments):
        block = _caption_block(caption, fragments)
        if two_columns and block[0].x0 < mid - 5 < mid + 5 < max(f.x1 for f in block):
            extent = (left, right)
        elif two_columns:
            extent = (left, mid) if block[0].x1 <= mid + 5 else (mid, right)
        else:
            extent = (left, right)
        options.append(_tables_beside(page, block, fragments, extent, column_width))
    votes = Counter(side for sides in options for side, (_, shared) in sides.items() if not shared)
    first = "below" if votes["below"] > votes["above"] else "above"
    found: list[FoundTable] = []
    claimed: set[int] = set()
    for side in (first, "above" if first == "below" else "below"):
        for n, sides in enumerate(options):
            if n in claimed or side not in sides:
                continue
            table = sides[side][0]
            if not any(_overlap(table.bbox, other.bbox) for other in found):
                found.append(table)
                claimed.add(n)
    return found


def _captions(fragments: list) -> list:
    """Fragments that open a table caption; "Table" and "3:" printed apart are joined into one."""
    starts = []
    for frag in fragments:
        if not frag.text.startswith("Table"):
            continue
        line = sorted((f for f in fragments if abs(f.y1 - frag.y1) <= 2 and f.x0 >= frag.x0), key=lambda f: f.x0)
        parts = [line[0]]
        for nxt in line[1:3]:
            if nxt.x0 - parts[-1].x1 > 3 * frag.size:
                break
            parts.append(nxt)
        for k in range(1, len(parts) + 1):
            if CAPTION.match(" ".join(f.text for f in parts[:k])):
                starts.append(_Caption(" ".join(f.text for f in parts[:k]), frag.x0, min(f.y0 for f in parts[:k]),
                                       parts[k - 1].x1, max(f.y1 for f in parts[:k]), frag.size, parts[:k]))
                break
    return starts


@dataclass
class _Caption:
    """The opening line of a caption, possibly made of several fragments."""

    text: str
    x0: float
    y0: float
    x1: float
    y1: float
    size: float
    parts: list


def _overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _caption_block(caption: _Caption, fragments: list) -> list:
    """The caption's opening line and the lines that continue it (same size, within its width, no paragraph gap)."""
    block = [caption]
    for frag in sorted(fragments, key=lambda f: f.y0):
        last = block[-1]
        if frag in caption.parts or frag.y0 <= last.y0 + 1:
            continue
        overlaps = frag.x0 < caption.x1 - 10 and frag.x1 > caption.x0 + 10
        if overlaps and abs(frag.size - caption.size) <= 0.6 and frag.y0 - last.y1 < 0.6 * caption.size:
            block.append(frag)
        elif frag.y0 - last.y1 >= 0.6 * caption.size:
            break
    return block


def _within(frag, extent: tuple[float, float]) -> bool:
    return frag.x0 >= extent[0] - 2 and frag.x1 <= extent[1] + 2


def _prose(frag, column_width: float) -> bool:
    return len(frag.text.split()) >= _PROSE_WORDS and frag.x1 - frag.x0 >= 0.75 * column_width


def _walk(lines: list[list], start: float, column_width: float, upward: bool) -> tuple[list[list], bool]:
    """Lines of fragments from the caption outward, until prose, another caption or a wide gap;
    and whether another caption ended them (then the lines may be that caption's table)."""
    taken: list[list] = []
    edge = start
    for line in lines:
        y0, y1 = min(f.y0 for f in line), max(f.y1 for f in line)
        height = max(f.size for f in line)
        gap = edge - y1 if upward else y0 - edge
        if any(_OTHER_CAPTION.match(f.text) for f in line):
            return taken, True
        if gap > _LINE_GAP * height + 4 or any(_prose(f, column_width) for f in line):
            break
        taken.append(line)
        edge = y0 if upward else y1
    return taken, False


def _group_lines(frags: list) -> list[list]:
    lines: list[list] = []
    for frag in sorted(frags, key=lambda f: (f.y1, f.x0)):
        if lines and abs(max(f.y1 for f in lines[-1]) - frag.y1) <= 2.5:
            lines[-1].append(frag)
        else:
            lines.append([frag])
    return lines


def _tables_beside(page, block: list, fragments: list, extent, column_width: float) -> dict[str, tuple[FoundTable, bool]]:
    """The table read above the caption and the one read below it, each with whether another caption bounds it."""
    own = {id(f) for f in block[0].parts} | {id(f) for f in block[1:]}
    candidates = [f for f in fragments if id(f) not in own and _within(f, extent)]
    top, bottom = min(f.y0 for f in block), max(f.y1 for f in block)
    walks = {
        "above": _walk(sorted(_group_lines([f for f in candidates if f.y1 <= top + 1]), key=lambda group: -group[0].y1),
                       top, column_width, upward=True),
        "below": _walk(_group_lines([f for f in candidates if f.y0 >= bottom - 1]), bottom, column_width, upward=False),
    }
    caption_text = " ".join(f.text for f in block)
    sides: dict[str, tuple[FoundTable, bool]] = {}
    for side, (lines, shared) in walks.items():
        if len(lines) < 2:
            continue
        frags = [f for line in lines for f in line]
        rect = pymupdf.Rect(_bbox(frags)) + (-1, -1, 1, 1)
        words = [Word(w[0], w[1], w[2], w[3], normalise_chars(w[4]))
                 for w in page.get_text("words", clip=rect, flags=pymupdf.TEXT_MEDIABOX_CLIP)]
        table = grid(words, caption_text)
        if table is not None:
            sides[side] = (table, shared)
    return sides


def inside(frag, box) -> bool:
    """Is the fragment's centre within the box?"""
    cx, cy = (frag.x0 + frag.x1) / 2, (frag.y0 + frag.y1) / 2
    return box[0] <= cx <= box[2] and box[1] <= cy <= box[3]


def _lines(words: list[Word]) -> list[Line]:
    lines: list[Line] = []
    for word in sorted(words, key=lambda w: ((w.y0 + w.y1) / 2, w.x0)):
        centre = (word.y0 + word.y1) / 2
        if lines and abs(centre - (lines[-1].y0 + lines[-1].y1) / 2) <= 0.45 * word.height:
            lines[-1].words.append(word)
        else:
            lines.append(Line([word]))
    for line in lines:
        line.words.sort(key=lambda w: w.x0)
    return lines


def _body(line: Line) -> bool:
    """A line of numbers: after the label's words, mostly numbers or blanks, and at least one number."""
    words = [w.text for w in line.words]
    first = next((i for i, w in enumerate(words) if _numericish(w)), len(words))
    rest = words[first:]
    return any(is_number(w) for w in rest) and sum(_numericish(w) for w in rest) >= 0.6 * len(rest)


def _groups(words: list[Word], gap: float) -> list[list[Word]]:
    """Runs of words closer than `gap` to the run's right edge so far (words of many lines overlap into one run),
    left to right."""
    groups: list[list[Word]] = []
    edge = float("-inf")
    for word in sorted(words, key=lambda w: w.x0):
        if groups and word.x0 - edge < gap:
            groups[-1].append(word)
            edge = max(edge, word.x1)
        else:
            groups.append([word])
            edge = word.x1
    return groups


def _spans(words: list[Word], gap: float) -> list[Column]:
    """The extents of the runs of words closer than `gap`, left to right."""
    return [Column(g[0].x0, max(w.x1 for w in g)) for g in _groups(words, gap)]


def _column_of(x: float, columns: list[Column]) -> int:
    """The column whose share of the page (up to halfway to its neighbours) holds x."""
    for i in range(len(columns) - 1):
        if x <= (columns[i].x1 + columns[i + 1].x0) / 2:
            return i
    return len(columns) - 1


def _header_levels(lines: list[Line], columns: list[Column], gap: float, labels: int) -> list[list[str]]:
    """Per column, its header's levels from top to bottom; a header over several columns names each.

    Between two neighbouring headers of one line the boundary is halfway; the
    first reaches as far left as it reaches right (not over the labels), the
    last to the right edge. A lone header above further header lines spans
    every value column ("XNLI" over the languages).
    """
    levels: list[list[str]] = [[] for _ in columns]
    for n, line in enumerate(lines):
        groups = _spans(line.words, gap)
        texts = [_text([w for w in line.words if g.x0 <= w.cx <= g.x1]) for g in groups]
        if len(groups) == 1:
            g = groups[0]
            over = [i for i, c in enumerate(columns) if c.x0 < g.x1 and g.x0 < c.x1] or [_column_of(g.cx, columns)]
            spanning = n < len(lines) - 1 and over[0] != 0
            for i in range(labels, len(columns)) if spanning else over:
                levels[i].append(texts[0])
            continue
        bounds = [(a.x1 + b.x0) / 2 for a, b in zip(groups, groups[1:])]
        lows = [groups[0].cx - (bounds[0] - groups[0].cx)] + bounds
        highs = bounds + [float("inf")]  # the last header spans to the table's right edge
        for i, column in enumerate(columns):
            for text, low, high in zip(texts, lows, highs):
                if low <= column.cx <= high or (column.x0 < high and low < column.x1 and len(columns) == len(groups)):
                    levels[i].append(text)
                    break
    return levels


def grid(words: list[Word], caption_text: str) -> FoundTable | None:
    """The table in a block of words, or None when the block holds fewer than two lines of numbers."""
    lines = _lines(words)
    body_at = [i for i, line in enumerate(lines) if _body(line)]
    if len(body_at) < 2:
        return None
    first, last = body_at[0], body_at[-1]
    height = statistics.median(w.height for w in words)
    gap = _COLUMN_GAP * height
    columns = _spans([w for i in body_at for w in lines[i].words], gap)
    if len(columns) < 2:
        return None
    height = statistics.median(w.height for i in body_at for w in lines[i].words)
    low, high = columns[0].x0 - 2 * height, columns[-1].x1 + 2 * height
    head = _header_lines(lines[:first], lines[first], low, high, height)
    # Words beyond the columns of numbers belong to the prose beside the table.
    lines = head + [Line(kept) for line in lines[first:last + 1] if (kept := [w for w in line.words if low <= w.cx <= high])]
    body_at = [i for i, line in enumerate(lines) if i >= len(head) and _body(line)]
    labels = _label_columns(lines, body_at, columns)
    headers = [" / ".join(dict.fromkeys(levels)) for levels in _header_levels(head, columns, gap, labels)]
    rows = _rows(lines, body_at, columns, labels, height)
    if not rows:
        return None
    bbox = _bbox(lines)
    records = [r.record(headers) for r in rows]
    number = CAPTION.match(caption_text)
    label_header = " ".join(h for h in headers[:labels] if h)
    table = Table(
        number=number.group("number") if number else None,
        caption=" ".join(caption_text.split()),
        label_header=label_header,
        headers=headers[labels:],
        header_text=" | ".join([label_header] * bool(labels) + headers[labels:]) if head else "",
        rows=records,
        bbox=bbox,
    )
    printed = []
    if head:
        printed.append(PrintedLine(table.header_text, min(line.y0 for line in head), max(line.y1 for line in head)))
    seen_groups: set[str] = set()
    for row, record in zip(rows, records):
        if row.group and row.group not in seen_groups:
            seen_groups.add(row.group)
            printed.append(PrintedLine(row.group, row.y0 - 0.1, row.y0))
        printed.append(PrintedLine(record.text, row.y0, row.y1))
    return FoundTable(table, bbox, printed)


def _header_lines(above: list[Line], top: Line, low: float, high: float, height: float) -> list[Line]:
    """The lines right above the first line of numbers that stay within the table's width: its header."""
    head: list[Line] = []
    for line in reversed(above):
        below = head[-1] if head else top
        outside = any(not low <= w.cx <= high for w in line.words)
        text = _text(line.words)
        prose = line.height > 1.15 * height or max(len(g) for g in _groups(line.words, _COLUMN_GAP * height)) >= 6 \
            or (text[:1].islower() and text.endswith("."))  # the last line of a paragraph
        if outside or prose or below.y0 - line.y1 > (2.5 if below is top else 1.2) * height:
            break
        head.append(line)
    return head[::-1]


def _label_columns(lines: list[Line], body_at: list[int], columns: list[Column]) -> int:
    """How many leading columns name the row: the mostly-text columns at the left, after an id column if any."""
    def texty(c: int) -> bool:
        with_text = sum(any(not _numericish(w.text) for w in lines[i].words if _column_of(w.cx, columns) == c)
                        for i in body_at)
        return with_text >= 0.5 * len(body_at)

    start = 0 if texty(0) else 1
    end = start
    while end < len(columns) - 1 and end - start < 3 and texty(end):
        end += 1
    return end if end > start else 0


def _rows(lines: list[Line], body_at: list[int], columns: list[Column], labels: int, height: float) -> list[_Row]:
    rows: list[_Row] = []
    group: str | None = None
    pending: list[Line] = []  # label-only lines waiting for the row of numbers they name
    first, last = body_at[0], body_at[-1]
    for i in range(first, last + 1):
        line = lines[i]
        if i not in body_at:  # a line without numbers: part of a label, or the head of a group of rows
            nxt = lines[i + 1] if i + 1 <= last else None
            near_previous = rows and line.y0 - rows[-1].y1 < 0.6 * height
            if near_previous and (rows[-1].open_label or _continues_label(rows[-1].label, _text(line.words))):
                rows[-1].extend_label(line)  # the label of the numbers right above, or its second line
            elif nxt is not None and i + 1 in body_at and not _row_label(nxt, columns, labels) and nxt.y0 - line.y1 < 0.6 * height:
                pending.append(line)  # the label of the unlabelled numbers right below
            else:
                group = _text(line.words)
            continue
        row = _Row(line, group, labels, columns)
        if labels and not row.label and rows and line.height < 0.9 * rows[-1].height and line.y0 - rows[-1].y1 < 0.6 * height:
            rows[-1].add_under(row)  # "(+2.5)" printed small under "73.4"
            for waiting in pending:
                rows[-1].extend_label(waiting)
            pending = []
            continue
        if pending:
            row.prefix_label(pending)
            pending = []
        rows.append(row)
    return rows


def _text(words: list[Word]) -> str:
    return " ".join(w.text for w in words)


def _row_label(line: Line, columns: list[Column], labels: int) -> str:
    return _text([w for w in line.words if _column_of(w.cx, columns) < labels])


def _continues_label(label: str, text: str) -> bool:
    return label.endswith(("-", "←", "→", "/", "+", "(", ",", "&")) or text[:1].islower() or text[:1] in ")]"


class _Row:
    """A row being read: its label's words, its cells' words by column, and the lines it spans."""

    def __init__(self, line: Line, group: str | None, labels: int, columns: list[Column]):
        self.lines = [line]
        self.group = group
        self.labels = labels
        self.columns = columns
        self.label_words = [w for w in line.words if _column_of(w.cx, columns) < labels]
        self.cells = {c: [w for w in line.words if _column_of(w.cx, columns) == c] for c in range(labels, len(columns))}
        self.height = line.height
        # Its numbers stand without a label, or between the first line of their label and the next one.
        self.open_label = labels > 0 and not self.label_words

    label = property(lambda self: _text(self.label_words))
    y0 = property(lambda self: min(line.y0 for line in self.lines))
    y1 = property(lambda self: max(line.y1 for line in self.lines))

    def prefix_label(self, lines: list[Line]) -> None:
        self.label_words = [w for line in lines for w in line.words] + self.label_words
        self.lines = lines + self.lines
        self.open_label = True

    def extend_label(self, line: Line) -> None:
        self.label_words += line.words
        self.lines.append(line)
        self.open_label = False

    def add_under(self, other: _Row) -> None:
        for c, words in other.cells.items():
            self.cells[c] = self.cells[c] + words
        self.lines += other.lines

    def record(self, headers: list[str]) -> TableRow:
        cells = []
        for c, words in self.cells.items():
            column = self.columns[c]
            box = _bbox(words) if words else (column.x0, self.y0, column.x1, self.y1)
            cells.append(TableCell(text=_text(words), header=headers[c], bbox=box))
        words = [w for line in self.lines for w in line.words]
        text = " | ".join([self.label] * bool(self.labels) + [c.text for c in cells])
        box = (min(w.x0 for w in words), self.y0, max(w.x1 for w in words), self.y1)
        return TableRow(label=self.label, group=self.group, cells=cells, text=text, bbox=box)
