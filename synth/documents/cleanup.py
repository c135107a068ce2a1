"""Character-level clean-up of PDF text: ligatures, detached accents, footnote markers, hyphenation."""

from __future__ import annotations

import re
import unicodedata

# Footnote markers found in span data travel through the text as
# MARK_OPEN + marker + MARK_CLOSE (Unicode private-use characters, which never
# occur in extracted text) until sentences are cut, then are lifted out.
MARK_OPEN = "\ue000"
MARK_CLOSE = "\ue001"
_MARK = re.compile(f"{MARK_OPEN}([^{MARK_CLOSE}]*){MARK_CLOSE}")

_LIGATURES = str.maketrans({"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st"})
# pdfTeX without T1 fonts prints an accent as its own glyph before the letter ("Sch¨utze").
_SPACING_ACCENTS = {"¨": "\u0308", "´": "\u0301", "ˆ": "\u0302", "˜": "\u0303", "ˇ": "\u030c", "¸": "\u0327", "˚": "\u030a"}
_DETACHED_ACCENT = re.compile(f"([{''.join(_SPACING_ACCENTS)}])\\s?([A-Za-zı])")
# A footnote number glued to a word after punctuation, where the PDF gave no
# superscript flag: "CCG.4 " -> "CCG." + marker 4 (seen in the seed reports).
_GLUED_MARKER = re.compile(r"(?<=[A-Za-z]{2}[.,;:])(\d{1,2})(?=\s|$)")
FOOTNOTE_SYMBOL = re.compile(r"^(?:\d{1,2}|[*∗†‡§¶‖]{1,3})$")


def normalise_chars(text: str) -> str:
    """Expand ligatures, join detached accents, unify whitespace."""
    text = text.translate(_LIGATURES)
    if any(ch in text for ch in _SPACING_ACCENTS):
        text = _DETACHED_ACCENT.sub(lambda m: unicodedata.normalize("NFC", m.group(2).replace("ı", "i") + _SPACING_ACCENTS[m.group(1)]), text)
    return re.sub(r"[ \t\u00a0\u2009\u200a]+", " ", text)


def mark(marker: str) -> str:
    return f"{MARK_OPEN}{marker}{MARK_CLOSE}"


def lift_markers(text: str) -> tuple[str, list[tuple[int, str]]]:
    """Remove footnote markers from `text`; return it with (offset, marker) pairs."""
    found: list[tuple[int, str]] = []
    out: list[str] = []
    last = 0
    length = 0
    for match in _MARK.finditer(text):
        out.append(text[last : match.start()])
        length += match.start() - last
        found.append((length, match.group(1)))
        last = match.end()
    out.append(text[last:])
    plain = "".join(out)
    glued: list[tuple[int, str]] = []

    def _unglue(m: re.Match) -> str:
        glued.append((m.start(), m.group(1)))
        return ""

    if _GLUED_MARKER.search(plain):
        # Offsets of earlier markers shift by the characters removed before them.
        plain_new = _GLUED_MARKER.sub(_unglue, plain)
        shifts = [(pos, len(m)) for pos, m in glued]

        def _shift(pos: int) -> int:
            return pos - sum(n for p, n in shifts if p < pos)

        found = [(_shift(p), m) for p, m in found] + [(_shift(p), m) for p, m in glued]
        plain = plain_new
    return plain, sorted(found)


def join_hyphenated(left: str, right: str, vocabulary: set[str]) -> str | None:
    """Joined word for a line ending in `left-` followed by `right`, or None to keep the hyphen.

    The document itself decides: a compound seen elsewhere with its hyphen
    (cross-lingual) keeps it, and so does one of two words the document uses
    on their own (statistical-model) unless it also uses the joined word;
    otherwise the break is LaTeX hyphenation and goes (multilin-guality).
    """
    joined = (left + right).lower()
    if joined in vocabulary:
        return left + right
    if f"{left}-{right}".lower() in vocabulary:
        return None
    both_words = min(len(left), len(right)) >= 4 and left.lower() in vocabulary and right.lower() in vocabulary
    return None if both_words else left + right


WORD = re.compile(r"[A-Za-zÀ-ÿ]+(?:-[A-Za-zÀ-ÿ]+)*")
