"""Which works a sentence cites, by their titles in the paper's own bibliography.

"Hu et al. (2020) show this for 40 languages and 9 tasks" is about XTREME
though it never names it: its bibliography entry does ("Junjie Hu, Sebastian
Ruder, ... 2020. XTREME: A massively multilingual multi-task benchmark ...").
Author-year citations ("Hu et al. (2020)", "(Pires et al., 2019; Wu and
Dredze, 2019)") are matched to entries written author list, year, title (the
ACL and most ML styles) by the first author's surname and the year with its
letter ("2020b"); a key two entries share names neither.
"""

from __future__ import annotations

import re
from collections import Counter

from synth.documents.records import Reference

_YEAR = r"(?:19|20)\d\d[a-z]?"
_SURNAME = r"[A-ZÀ-Þ][\w'’\-]+"
_ENTRY = re.compile(rf"^(?P<authors>.+?)\.\s+(?P<year>{_YEAR})\.\s+(?P<title>.+?[.?!])(?=\s|$)")
# "Hu et al. (2020)", "Wu and Dredze (2019)", "Conneau (2019)" in the running text ...
_NARRATIVE = re.compile(rf"\b({_SURNAME})(?: et al\.| and {_SURNAME})? \(({_YEAR})\)")
# ... and each "Pires et al., 2019" of a parenthesis "(Pires et al., 2019; Wu and Dredze, 2019)".
_PARENTHESIS = re.compile(rf"\(([^()]*{_YEAR}[^()]*)\)")
_CITED = re.compile(rf"\b({_SURNAME})(?: et al\.| and {_SURNAME})?,? ({_YEAR})\b")


def _key(entry: Reference) -> tuple[tuple[str, str], str] | None:
    """(first author's surname, year) and the title of a bibliography entry, if it is written author-year-title."""
    match = _ENTRY.match(entry.text.strip())
    if not match:
        return None
    first = re.split(r",| and ", match.group("authors"), maxsplit=1)[0].split()
    return ((first[-1], match.group("year")), match.group("title").rstrip(".")) if first else None


def titles_by_citation(references: list[Reference]) -> dict[tuple[str, str], str]:
    """(surname, year) -> title, for the entries a citation names unambiguously."""
    keyed = [k for k in map(_key, references) if k is not None]
    count = Counter(key for key, _ in keyed)
    return {key: title for key, title in keyed if count[key] == 1}


def cited_titles(text: str, titles: dict[tuple[str, str], str]) -> tuple[str, ...]:
    """The titles of the works `text` cites, in the order it cites them, each once."""
    found = [(m.start(), (m.group(1), m.group(2))) for m in _NARRATIVE.finditer(text)]
    for group in _PARENTHESIS.finditer(text):
        found += [(group.start(1) + m.start(), (m.group(1), m.group(2))) for m in _CITED.finditer(group.group(1))]
    return tuple(dict.fromkeys(titles[key] for _, key in sorted(found) if key in titles))
