"""A comparison the passage states the other way round: a one-change refutation in prose.

"word-aligned data is more expensive to obtain than sentence-aligned parallel data" against "sentence-aligned
parallel data is more expensive to obtain than word-aligned data"; "GloVe favours smaller context window sizes than
SGNS" against "GloVe favors slightly larger window sizes ... compared to SGNS". The cross-encoder reads such pairs by
their shared words (it supported both); here each side of the one comparative word is read: the words only the
claim's first thing has, and those only its second thing has, found on the passage's sides the same way or swapped,
and the comparison's direction (its word, a negation in its clause, a passive) turned accordingly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from claims.table_compare import CLAUSE, COMPARATIVES, comparative_word
from claims.text import content_words, stem
from synth.documents.sentences import split_sentences

# "more expensive to obtain than", "less frequent than": the word "more" or "less" points the comparison.
_OPTIONS = [*COMPARATIVES, (r"more(?=\s+(?:[\w-]+\s+){1,3}than\b)", +1, False),
            (r"less(?=\s+(?:[\w-]+\s+){1,3}than\b)", -1, False)]
# Comparative words whose second thing follows at once ("outperforms X", "more than X", "superior to X"); the others
# ("better", "larger") name it after "than" or "compared to".
_DIRECT = re.compile(r"(?:than|to|on|upon|over|behind)$|^(?:outperform|beat|surpass|exceed|underperform|improve)", re.I)
_OBJECT = re.compile(r"\b(?:than|compared (?:to|with)|relative to)\b", re.I)
# "(up to 10 words ...)", "(Levy et al., 2015)", "(.97 vs. .16)": asides, read past.
_ASIDE = re.compile(r"\([^()]*\)")
_LEAD = re.compile(r"^(?:by|that|those|the ones?)(?:\s+(?:of|in|for|on|with|from|by))?\s+", re.I)
_AFTER_THING = re.compile(rf"{CLAUSE.pattern}|\b(?:on|in|at|for|across|over|under|with|when|if|as|by|during|from)\b", re.I)
# The passage's sentence states at least this share of the claim's words: the same comparison, whichever way.
_SHARED = 0.4


@dataclass(frozen=True)
class Sides:
    """One comparison: +1 when its first thing has more, the stems before the comparative word, between it and the
    second thing (the measure: "expensive to obtain"), and of the second thing."""

    sign: int
    quality: bool
    first: frozenset[str]
    measure: frozenset[str]
    second: frozenset[str]


@dataclass(frozen=True)
class Reversal:
    sentence: str  # the passage's sentence stating the comparison the other way round
    shared: float  # the share of the claim's words it states

    @property
    def reason(self) -> str:
        return "the passage states the claim's comparison the other way round"


def _stems(text: str) -> frozenset[str]:
    return frozenset(stem(w) for w in content_words(text))


def sides(sentence: str) -> Sides | None:
    """The sentence's one comparison between two things, or None (no comparative word, more than one, or no
    second thing named)."""
    sentence = _ASIDE.sub(" ", sentence)
    found = comparative_word(_OPTIONS, sentence)
    if found is None:
        return None
    sign, quality, start, end = found
    if _DIRECT.search(sentence[start:end]):
        second = end
    else:
        marker = _OBJECT.search(sentence, end)
        boundary = CLAUSE.search(sentence, end)
        if marker is None or (boundary is not None and boundary.start() < marker.start()):
            return None
        second = marker.end()
    return Sides(sign, quality, _stems(sentence[:start]), _stems(sentence[end:second]), _stems(_thing(sentence[second:])))


def _thing(text: str) -> str:
    """The second thing compared: what follows "than" (or "outperforms") up to its first preposition ("mBERT on
    XNLI" is mBERT; "that in PaSa-GPT-4o" is PaSa-GPT-4o; "by XLM-R" after a passive is XLM-R)."""
    text = _LEAD.sub("", text.lstrip())
    stop = _AFTER_THING.search(text)
    return text[:stop.start()] if stop else text


def reversal(claim: str, passage: str) -> Reversal | None:
    """The first sentence of the passage that compares the claim's two things the other way round: the words only
    the claim's second thing has stand before the passage's comparative word, and words only its first thing has
    after it, with the direction unchanged; or they stand where the claim has them, with the direction turned.
    None where no sentence does, or the claim compares nothing."""
    ours = sides(claim)
    if ours is None:
        return None
    first_only = ours.first - ours.second - ours.measure
    second_only = ours.second - ours.first - ours.measure
    words = _stems(claim)
    if not first_only or not second_only:
        return None
    for start, end in split_sentences(passage):
        sentence = passage[start:end]
        theirs = sides(sentence)
        if theirs is None or theirs.quality != ours.quality:
            continue
        stated = _stems(sentence)
        shared = len(words & stated) / len(words)
        if shared < _SHARED or 2 * len(ours.measure & stated) < len(ours.measure):
            continue
        before, after = theirs.first - theirs.second, theirs.second - theirs.first
        if second_only & after and not second_only & before:
            direction = theirs.sign
        elif second_only & before and first_only & after and not second_only & after:
            direction = -theirs.sign
        else:
            continue
        if direction != ours.sign:
            return Reversal(sentence.strip(), round(shared, 4))
    return None
