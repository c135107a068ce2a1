"""Claim-worthy sentences of a Document: results, comparisons, numbers, findings and method facts.

A sentence is a claim when it states something checkable: a finding cue
("we show", "outperforms", "improves"), a number with a unit, or a
comparison. Near-identical claims (the abstract restating the results) are
kept once, at their first place. Claims keep their full text and origin.
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from claims.numbers import parse_quantities
from claims.records import Claim, ClaimKind, Origin
from synth.documents.records import Document

_FINDING = re.compile(
    r"\b(?:we (?:show|find|found|observe[d]?|demonstrate|achieve[d]?|obtain(?:ed)?|report|confirm|see|identify)"
    r"|(?:results?|experiments?|analys[ie]s|findings?) (?:show|indicate|suggest|reveal|confirm|demonstrate)"
    r"|outperform\w*|improv\w*|achiev\w*|state[- ]of[- ]the[- ]art|significant\w*|surpass\w*|exceed\w*"
    r"|consistently|substantially|degrad\w*|hurts?|benefit\w*|gains?|boost\w*|increases|decreases|plateau\w*"
    r"|(?:performs?|performed|works?|worked|is|are|was|were) (?:the )?(?:best|worst))\b",
    re.IGNORECASE,
)
_METHOD = re.compile(r"\b(?:we (?:use|train|evaluate|propose|introduce|present|investigate|study|experiment|fine-tune|pretrain))\b", re.I)
_COMPARATIVE = re.compile(r"\b(?:than|outperform\w*|better|worse|higher|lower|compared (?:to|with)|versus|vs\.?|over the baseline)\b", re.I)
_SKIP_SECTIONS = re.compile(r"^(?:\d+(?:\.\d+)*\.?\s+)?(?:references|bibliography|acknowledge?ments?)$", re.I)
_MIN_CHARS, _MAX_CHARS = 30, 600


def comparative(text: str) -> bool:
    """Does the text compare two things ('than', 'outperforms', 'higher', ...)?"""
    return bool(_COMPARATIVE.search(text))


# "The authors report that X", "According to the survey, X": a frame naming who states X. Checked against the paper,
# the claim is X; the cross-encoder reads the frame as a detail the passage leaves out (the survey's "X" read as
# NOT_ENOUGH_INFO, and X alone as supported).
_REPORTED = re.compile(
    r"^(?:According to [^,]{3,60},\s*|(?:The|A|In the) (?:authors?|survey|paper|study|footnote[^,.]{0,20}|related-work section)"
    r"\s+(?:reports?|notes?|states?|says?|finds?|found|observes?|argues?|suggests?|claims?|shows?|hypothesi[sz]es?"
    r"|concludes?|mentions?|writes?|explains?|reported|noted|stated|concluded)\s+that,?\s*)")


def reported(text: str) -> str:
    """What a claim states, without a frame naming who states it ("The survey notes that X" -> "X")."""
    frame = _REPORTED.match(text)
    return text[frame.end():] if frame and frame.end() < len(text) else text


def claim_kind(text: str, has_numbers: bool) -> ClaimKind:
    if has_numbers:
        return "numeric"
    return "comparative" if comparative(text) else "descriptive"


def is_claim(text: str) -> bool:
    if not _MIN_CHARS <= len(text) <= _MAX_CHARS or text.endswith("?") or text.count(" ") < 4:
        return False
    words = re.findall(r"[A-Za-z]{3,}", text)
    numbers = re.findall(r"\d+(?:\.\d+)?", text)
    if len(words) < 5 or len(numbers) > len(words) / 2:
        return False  # figure labels and table debris, not statements
    quantities = [q for q in parse_quantities(text) if q.unit is not None]
    return bool(_FINDING.search(text) or _METHOD.search(text) or quantities or _COMPARATIVE.search(text))


def extract_claims(document: Document, *, dedupe_threshold: float = 90.0) -> list[Claim]:
    """Claims of a document in reading order, near-duplicates dropped."""
    claims: list[Claim] = []
    for page, sentence in document.iter_sentences():
        if sentence.kind != "sentence" or (sentence.section and _SKIP_SECTIONS.match(sentence.section)):
            continue
        text = sentence.text
        if not is_claim(text):
            continue
        if any(fuzz.token_sort_ratio(text, c.text) >= dedupe_threshold for c in claims):
            continue
        quantities = parse_quantities(text)
        claims.append(
            Claim(
                id=f"{document.paper_id}/p{page}/{sentence.span[0]}",
                text=text,
                kind=claim_kind(text, bool(quantities)),
                origin=Origin(paper_id=document.paper_id, arxiv_id=document.arxiv_id, version=document.version,
                              page=page, section=sentence.section, span=sentence.span),
                quantities=quantities,
            )
        )
    return claims
