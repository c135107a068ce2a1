"""Names a paper repeats: a claim's name that a paper states throughout is named, for the subject check, by every
passage of that paper.

A paper names its own model, data set or setting over and over ("BERT-small", "Fake-English", "AutoScholarQuery"),
and then many of its sentences leave it unsaid ("the model", "our corpus"). A claim names it, and without this the
passage that states the claim's finding was taken to be about something else: of the hand-labelled calibration and
dev claims, 6 more were decided right and 1 more wrong with it (docs/verifier.md). A passage that names another thing
in the name's place is still set aside (claims.subject.same_subject), and its numbers still belong to the name
written next to them (claims.decide).
"""

from __future__ import annotations

from claims.passages import Passage
from claims.subject import names_term

# A name counts as repeated when at least this many of a paper's sentences name it, and at least this share of them:
# 3 of the 173 sentences of a 9-page paper, 9 of the 862 of a 60-page survey. Chosen on the hand-labelled calibration
# and dev claims (3 and 1%: +6 -1; 5 alone: +5 -1; 3 and 2%: +3 -1).
_AT_LEAST = 3
_SHARE = 0.01


class RepeatedNames:
    """Which of a claim's names each paper repeats, counted over its sentences once per (paper, name)."""

    def __init__(self, passages: list[Passage]):
        self._sentences: dict[str, list[str]] = {}
        for p in passages:
            if p.kind in ("sentence", "abstract"):
                self._sentences.setdefault(p.paper_id, []).append(p.text)
        self._known: dict[tuple[str, str], bool] = {}

    def repeated(self, paper_id: str, terms: list[str]) -> list[str]:
        """The terms that the paper `paper_id` names in enough of its sentences."""
        return [t for t in terms if self._repeats(paper_id, t)]

    def _repeats(self, paper_id: str, term: str) -> bool:
        key = (paper_id, str(term))
        if key not in self._known:
            sentences = self._sentences.get(paper_id, [])
            named = sum(names_term(term, s) for s in sentences)
            self._known[key] = named >= max(_AT_LEAST, _SHARE * len(sentences))
        return self._known[key]
