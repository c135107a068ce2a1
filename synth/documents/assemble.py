"""Rows in reading order -> Document: sections, sentences with page spans, footnotes, references.

Text flows across rows, columns and pages until a hard boundary (heading,
table row, caption, footnote, size change, paragraph gap after a full stop),
so a sentence that continues on the next page is one sentence: it is stored on
the page where it starts, and `continues_on` names the page where it ends.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from synth.documents.cleanup import WORD, join_hyphenated, lift_markers
from synth.documents.layout import PageLayout, Row
from synth.documents.records import Footnote, Page, Reference, Sentence, UnitKind
from synth.documents.sentences import split_sentences
from synth.papers.ids import find_id_in_text

_NUMBERED_HEADING = re.compile(r"^(?:\d{1,2}(?:\.\d{1,2}){0,3}\.?|[A-H](?:\.\d{1,2}){0,3}\.?)\s+[A-Z][^|]{1,80}$")
_NAMED_HEADING = re.compile(
    r"^(?:abstract|introduction|related work|background|conclusions?|discussion|references|bibliography"
    r"|acknowledge?ments?|appendix(?:\s.*)?|limitations|ethics statement|broader impact)$",
    re.IGNORECASE,
)
_REFERENCES = re.compile(r"^(?:\d+\.?\s+)?(?:references|bibliography)$", re.IGNORECASE)
_APPENDIX = re.compile(r"^(?:appendix\b.*|[A-H](?:\.\d+)*\.?\s+\S.*|supplementary.*)$", re.IGNORECASE)
_CAPTION = re.compile(r"^(?:Figure|Fig\.|Table)\s*\d+[:.]")
_NUMERIC_CELL = re.compile(r"^[-+±]?\d+(?:\.\d+)?%?$")
# A key of a two-column table: a few plain words, the first capitalised ("Number of attention heads | 1").
_KEY = re.compile(r"^[A-Z][a-z]*(?: [A-Za-z][a-z]*){0,4} \| ")
_SENTENCE_END = re.compile(r"[.!?:][\"'”’)\]]*$")


@dataclass
class _Piece:
    page: int
    text: str
    markers: list[tuple[int, str]]


@dataclass
class _Unit:
    kind: UnitKind
    section: str | None
    pieces: list[_Piece] = field(default_factory=list)


@dataclass
class Assembled:
    title: str
    pages: list[Page]
    footnotes: list[Footnote]
    references: list[Reference]
    abstract: str


def body_font_size(layouts: list[PageLayout]) -> float:
    sizes: Counter[float] = Counter()
    for layout in layouts:
        for row in layout.rows:
            sizes[round(row.size * 2) / 2] += len(row.text)
    return sizes.most_common(1)[0][0] if sizes else 10.0


def title_of(first: PageLayout, body_size: float) -> str:
    """The topmost run of large text on page 1 (a figure further down may use larger type)."""
    top = [r for r in first.rows if r.y0 < first.height / 2 and sum(c.isalpha() for c in r.text) >= 3]
    if not top:
        return ""
    large = [r for r in top if r.size >= body_size + 2] or [max(top, key=lambda r: r.size)]
    first_row = min(large, key=lambda r: r.y0)
    run = [r for r in large if abs(r.size - first_row.size) <= 0.5 and r.y0 - first_row.y0 < 4 * first_row.size]
    return " ".join(r.text.replace(" | ", " ") for r in sorted(run, key=lambda r: r.y0))


def assemble(layouts: list[PageLayout]) -> Assembled:
    body_size = body_font_size(layouts)
    vocabulary = _vocabulary(layouts)
    title = title_of(layouts[0], body_size) if layouts else ""
    units: list[_Unit] = []
    footnotes: list[Footnote] = []
    reference_rows: list[tuple[int, Row, float]] = []
    section: str | None = None
    in_references = False
    for layout in layouts:
        open_footnote: Footnote | None = None
        previous: Row | None = None
        # A sentence the last page left unfinished, until this page's body text begins: a figure or table at the
        # top of the page may stand between "as the training cor-" and "pus becomes non-parallel."
        carried = _unfinished(units[-1]) if units else None
        for row in layout.rows:
            text, markers = lift_markers(row.text)
            if not text:
                continue
            if row.table:  # a line of a grid: its own unit, never a heading, footnote or reference
                units.append(_Unit("table_row", section, [_Piece(layout.number, text, markers)]))
                previous = row
                continue
            low_and_small = row.size < body_size - 0.5 and row.y0 > layout.height * 0.6
            marker = row.leading_marker or _footnote_start(text)
            if low_and_small and marker:
                body = text if row.leading_marker else text[len(marker) :].strip()
                open_footnote = Footnote(marker=marker, page=layout.number, text=body)
                footnotes.append(open_footnote)
                continue
            if open_footnote is not None and low_and_small:
                open_footnote.text = _join(open_footnote.text, text, vocabulary)
                continue
            open_footnote = None
            heading = _heading(row, text, body_size)
            if heading:
                if _REFERENCES.match(heading):
                    in_references = True
                elif in_references and _APPENDIX.match(heading):
                    in_references = False
                section = heading
                units.append(_Unit("heading", section, [_Piece(layout.number, heading, [])]))
                previous = row
                continue
            if in_references:
                reference_rows.append((layout.number, row, layout.width / 2))
                continue
            kind = _row_kind(row, text)
            piece = _Piece(layout.number, text, markers)
            body_text = kind == "sentence" and abs(row.size - body_size) <= 0.5
            if units and _continues(units[-1], kind, previous, row, body_size):
                units[-1].pieces.append(piece)
            elif carried is not None and body_text and text[:1].islower():  # it goes on after the figure
                units.remove(carried)
                units.append(carried)
                carried.pieces.append(piece)
            else:
                units.append(_Unit(kind, section, [piece]))
            if body_text:
                carried = None
            previous = row
    pages = _emit(units, [layout.number for layout in layouts], vocabulary)
    for page, layout in zip(pages, layouts):
        page.tables = layout.tables
    abstract = " ".join(
        s.text for p in pages for s in p.sentences if s.kind == "sentence" and (s.section or "").lower() == "abstract"
    )
    return Assembled(title, pages, footnotes, _references(reference_rows, vocabulary), abstract)


def _unfinished(unit: _Unit) -> _Unit | None:
    """The unit, when it is running text cut before its sentence ended."""
    last = unit.pieces[-1].text if unit.pieces else ""
    return unit if unit.kind == "sentence" and not _SENTENCE_END.search(last) else None


def _vocabulary(layouts: list[PageLayout]) -> set[str]:
    """The document's words, less the halves of words broken across rows by a hyphen."""
    words: set[str] = set()
    broken = False
    for layout in layouts:
        for row in layout.rows:
            found = WORD.findall(row.text)
            ends_broken = row.text.endswith("-")
            words.update(w.lower() for w in found[int(broken) : len(found) - int(ends_broken)])
            broken = ends_broken
    return words


def _footnote_start(text: str) -> str | None:
    """The marker opening a footnote whose marker was not flagged as superscript ("∗Equal contribution")."""
    match = re.match(r"^([*∗†‡§¶]{1,2}|\d{1,2}(?=\s?[A-Za-z]))", text)
    return match.group(1) if match else None


def _heading(row: Row, text: str, body_size: float) -> str | None:
    candidate = " ".join(text.replace(" | ", " ").split())
    emphasised = row.bold or row.size >= body_size + 0.8
    if len(candidate) > 90 or not emphasised:
        return None
    if _NAMED_HEADING.match(candidate) or _REFERENCES.match(candidate):
        return candidate
    if _NUMBERED_HEADING.match(candidate) and not candidate.endswith((".", ",")):
        return candidate
    return None


def _row_kind(row: Row, text: str) -> UnitKind:
    if _CAPTION.match(text):
        return "caption"
    cells = [c.strip() for c in text.split(" | ")]
    if row.cells >= 3 or (row.cells == 2 and any(_NUMERIC_CELL.match(c) for c in cells)):
        return "table_row"
    return "sentence"


def _continues(unit: _Unit, kind: UnitKind, previous: Row | None, row: Row, body_size: float) -> bool:
    """Does `row` continue the running unit, or start a new one?"""
    if kind in ("table_row", "caption") or unit.kind in ("heading", "table_row"):
        return False
    if row.cells == 2 and _KEY.match(row.text):
        # A key and its value across a gap ("Batch size | 256 for pretraining"): a line of a two-column table,
        # not the middle of the sentence above ("Vocabulary size | 4096; 20000 per language").
        return False
    if previous is None:  # first row of a page: body text flows on, a figure's labels at the top do not
        return unit.kind == "sentence" and kind == "sentence" and abs(row.size - body_size) <= 1.0
    if abs(previous.size - row.size) > 1.0:
        return False
    if unit.kind == "caption" and row.size >= body_size - 0.2 and previous.size < body_size - 0.2:
        return False
    same_column = row.y0 >= previous.y0
    gap = row.y0 - previous.y1
    ends_sentence = bool(_SENTENCE_END.search(previous.text))
    return not (same_column and ends_sentence and gap > 0.9 * row.size)


def _join(left: str, right: str, vocabulary: set[str]) -> str:
    drop, glue = _connector(left, right, vocabulary)
    return left[: len(left) - drop] + glue + right


def _connector(left: str, right: str, vocabulary: set[str]) -> tuple[int, str]:
    """(characters to drop from the end of `left`, text to insert) to join two lines."""
    if not left.endswith("-"):
        return 0, " "
    head = re.search(r"([A-Za-zÀ-ÿ]+)-$", left)
    tail = re.match(r"[a-zà-ÿ]+", right)
    if head and tail and join_hyphenated(head.group(1), tail.group(0), vocabulary) is not None:
        return 1, ""
    return 0, ""  # a compound broken at its own hyphen: "PaSa-" + "GPT-4o"


def _flow(unit: _Unit, vocabulary: set[str]) -> tuple[str, list[tuple[int, int]], list[tuple[int, str]]]:
    """Join a unit's pieces: its text, (offset, page) starts, and footnote (offset, marker) pairs."""
    text = ""
    starts: list[tuple[int, int]] = []
    markers: list[tuple[int, str]] = []
    for piece in unit.pieces:
        if text:
            drop, glue = _connector(text, piece.text, vocabulary)
            text = text[: len(text) - drop] + glue
        starts.append((len(text), piece.page))
        markers += [(len(text) + offset, m) for offset, m in piece.markers]
        text += piece.text
    return text, starts, markers


def _emit(units: list[_Unit], page_numbers: list[int], vocabulary: set[str]) -> list[Page]:
    lines: dict[int, list[str]] = {n: [] for n in page_numbers}
    lengths: dict[int, int] = {n: 0 for n in page_numbers}
    sentences: dict[int, list[Sentence]] = {n: [] for n in page_numbers}

    def put(page: int, text: str) -> tuple[int, int]:
        start = lengths[page] + (1 if lines[page] else 0)
        lines[page].append(text)
        lengths[page] = start + len(text)
        return start, start + len(text)

    for unit in units:
        text, starts, markers = _flow(unit, vocabulary)
        spans = split_sentences(text) if unit.kind in ("sentence", "caption") else [(0, len(text))]
        for start, end in spans:
            portions = _portions(start, end, starts)
            first_page, (a, b) = portions[0]
            span = put(first_page, text[a:b].strip())
            for page, (a2, b2) in portions[1:]:
                put(page, text[a2:b2].strip())
            sentences[first_page].append(
                Sentence(
                    text=text[start:end],
                    section=unit.section,
                    span=span,
                    kind=unit.kind,
                    footnotes=[m for offset, m in markers if start <= offset <= end],
                    continues_on=portions[-1][0] if len(portions) > 1 else None,
                )
            )
    return [Page(number=n, text="\n".join(lines[n]), sentences=sentences[n]) for n in page_numbers]


def _portions(start: int, end: int, starts: list[tuple[int, int]]) -> list[tuple[int, tuple[int, int]]]:
    """Split [start, end) at page changes: [(page, (a, b)), ...] with non-empty, non-blank parts."""
    bounds = [offset for offset, _ in starts[1:]] + [10**12]
    out: list[tuple[int, tuple[int, int]]] = []
    for (piece_start, page), piece_end in zip(starts, bounds):
        a, b = max(start, piece_start), min(end, piece_end)
        if a < b:
            if out and out[-1][0] == page:
                out[-1] = (page, (out[-1][1][0], b))
            else:
                out.append((page, (a, b)))
    return [(p, ab) for p, ab in out if ab[1] > ab[0]] or [(starts[0][1], (start, end))]


def _references(rows: list[tuple[int, Row, float]], vocabulary: set[str]) -> list[Reference]:
    """Bibliography entries: a new entry starts at the column's left edge (hanging indent) or at `[n]`."""
    if not rows:
        return []
    left_edge: dict[tuple[int, bool], float] = {}
    for page, row, mid in rows:
        key = (page, row.x0 >= mid - 2)
        left_edge[key] = min(left_edge.get(key, row.x0), row.x0)
    at_edge = [abs(row.x0 - left_edge[(page, row.x0 >= mid - 2)]) < 1.5 for page, row, mid in rows]
    hanging = sum(at_edge) < 0.8 * len(rows)
    entries: list[Reference] = []
    for (page, row, _), edge in zip(rows, at_edge):
        text, _ = lift_markers(row.text)
        starts_entry = (edge if hanging else False) or bool(re.match(r"^\[\d+\]", text))
        if not hanging and entries and _SENTENCE_END.search(entries[-1].text) and re.match(r"^[A-Z][^\s,]+,", text):
            starts_entry = True
        if starts_entry or not entries:
            entries.append(Reference(page=page, text=text))
        else:
            entries[-1].text = _join(entries[-1].text, text, vocabulary)
    for entry in entries:
        found = find_id_in_text(entry.text)
        entry.arxiv_id = found.base if found else None
    return entries
