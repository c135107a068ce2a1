"""Sentence boundaries for scientific English, as character spans."""

from __future__ import annotations

import re

# Abbreviations after which a period does not end a sentence in papers.
_ABBREVIATIONS = {
    "e.g", "i.e", "al", "fig", "figs", "eq", "eqs", "sec", "secs", "tab", "vs", "cf", "resp", "approx",
    "dr", "mr", "ms", "no", "nos", "vol", "pp", "ch", "app", "appx", "ref", "refs", "viz", "est", "incl",
}
_BULLETS = "•▪‣◦"
# A candidate boundary: terminal punctuation, optional closers, whitespace, then a sentence opener. A citation
# after the full stop ("Awake! and Watchtower. (Agić and Vulić, 2019)") still belongs to the sentence it closes; a
# list item's bullet starts a sentence whatever ends the one before it.
_BOUNDARY = re.compile(
    r"(?P<stop>[.!?])[\"'”’)\]]*(?:\s*\([^()]{1,120}?\d{4}[a-z]?\))?(?P<gap>\s+)"
    rf"(?=[\"“‘(\[]?[A-Z0-9]|[{_BULLETS}])"
    rf"|(?P<item>\s+)(?=[{_BULLETS}]\s)"
)


def split_sentences(text: str) -> list[tuple[int, int]]:
    """[start, end) spans of the sentences of `text`, leading/trailing space excluded.

    Example:
        >>> split_sentences("We use XLM-R (Conneau et al., 2020). It works, e.g. on XNLI.")
        [(0, 37), (38, 62)]
    """
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        gap = "gap" if match.group("gap") else "item"
        if gap == "gap" and _is_abbreviation(text[start:match.end("stop")]):
            continue
        spans.append((start, match.start(gap)))
        start = match.end(gap)
    spans.append((start, len(text)))
    return [_trim(text, s, e) for s, e in spans if text[s:e].strip()]


def _is_abbreviation(sentence: str) -> bool:
    stripped = sentence.rstrip("\"'”’)]")
    if not stripped.endswith("."):
        return False
    word = re.search(r"([A-Za-z][A-Za-z.]*)\.$", stripped)
    if not word:
        return False
    token = word.group(1).lower()
    # A single capital letter is an initial ("J. Phang"); a lone digit-free token like "al" is "et al.".
    return token in _ABBREVIATIONS or (len(token) == 1 and word.group(1).isupper())


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """The span without the space around it, nor a list item's bullet."""
    while start < end and (text[start].isspace() or text[start] in _BULLETS):
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
