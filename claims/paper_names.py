"""What a passage's paper names around it: its title, the names it repeats, every name it states somewhere.

A paper names its own model, data set or setting over and over ("BERT-small", "Fake-English", "AutoScholarQuery"),
and then many of its sentences leave it unsaid ("the model", "our corpus"). A claim names it, and without this the
passage that states the claim's finding was taken to be about something else: of the hand-labelled calibration and
dev claims, 6 more were decided right and 1 more wrong with it (docs/verifier.md). A passage that names another thing
in the name's place is still set aside (claims.subject.same_subject), and its numbers still belong to the name
written next to them (claims.decide).

A name the paper states somewhere (in prose, a caption or a table's row), where a passage states another between the
same words, is a choice the paper made otherwise (claims.name_swap); a name it never states is another paper's, about
which it says nothing.

A name the paper gives to something of its own ("We call this smaller model BERT-small") may be stated too seldom to
count as repeated; its passages' agreeing numbers may still support a claim about it (claims.decide).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from claims.passages import Passage
from claims.subject import names_term

# A name counts as repeated when at least this many of a paper's sentences name it, and at least this share of them:
# 3 of the 173 sentences of a 9-page paper, 9 of the 862 of a 60-page survey. Chosen on the hand-labelled calibration
# and dev claims (3 and 1%: +6 -1; 5 alone: +5 -1; 3 and 2%: +3 -1).
_AT_LEAST = 3
_SHARE = 0.01
# The words with which a paper gives a name to something of its own.
_NAMING = r"\b(?:call(?:s|ed)?|refer(?:s|red)? to (?:it |them )?as|dubbed|denoted (?:as|by)|named)\b"


class PaperNames:
    """How many sentences of each paper name a name, counted once per (paper, name)."""

    def __init__(self, passages: list[Passage]):
        self._sentences: dict[str, list[str]] = {}
        # What the paper states anywhere: its tables' rows and captions too (a model named only in a results table).
        self._stated: dict[str, list[str]] = {}
        # Papers read whole, not only their abstracts: only there does a name stated nowhere say something.
        self._whole = {p.paper_id for p in passages if p.page is not None}
        for p in passages:
            if p.kind in ("sentence", "abstract"):
                self._sentences.setdefault(p.paper_id, []).append(p.text)
            if p.kind != "window":
                self._stated.setdefault(p.paper_id, []).append(p.text)
        # Each answer once per (question, paper, name): a claim's names are asked about for every passage read.
        self._answers: dict[tuple[str, str, str], int | bool | str] = {}

    def _answer(self, question: str, paper_id: str, name: str, compute: Callable[[], int | bool | str]) -> int | bool | str:
        key = (question, paper_id, str(name))
        if key not in self._answers:
            self._answers[key] = compute()
        return self._answers[key]

    def around(self, passage: Passage) -> PaperContext:
        return PaperContext(passage.title or "", passage.paper_id, self)

    def count(self, paper_id: str, name: str) -> int:
        return self._answer("count", paper_id, name,
                            lambda: sum(names_term(name, s) for s in self._sentences.get(paper_id, [])))

    def states(self, paper_id: str, name: str) -> bool:
        return self._answer("states", paper_id, name,
                            lambda: any(names_term(name, text) for text in self._stated.get(paper_id, [])))

    def whole(self, paper_id: str) -> bool:
        return paper_id in self._whole

    def sentences(self, paper_id: str) -> int:
        return len(self._sentences.get(paper_id, []))

    def stated(self, paper_id: str) -> list[str]:
        """The paper's texts: its sentences, captions and tables' rows."""
        return self._stated.get(paper_id, [])

    def definition(self, paper_id: str, name: str) -> str:
        """The paper's sentence giving this name to something of its own ("We call this smaller model BERT-small",
        "referred to as", "dubbed"), or "" where it gives none."""
        def compute() -> str:
            naming = re.compile(rf"{_NAMING}[^.;]{{0,40}}?\b{re.escape(name)}\b", re.IGNORECASE)
            return next((s for s in self._sentences.get(paper_id, []) if naming.search(s)), "")
        return self._answer("definition", paper_id, name, compute)

    def defines(self, paper_id: str, name: str) -> bool:
        return bool(self.definition(paper_id, name))


@dataclass(frozen=True)
class PaperContext:
    """One passage's paper, as the decision rule asks about it."""

    title: str
    paper_id: str
    names: PaperNames

    def repeats(self, name: str) -> bool:
        return self.names.count(self.paper_id, name) >= max(_AT_LEAST, _SHARE * self.names.sentences(self.paper_id))

    def states(self, name: str) -> bool:
        return self.names.states(self.paper_id, name)

    def defines(self, name: str) -> bool:
        return self.names.defines(self.paper_id, name)

    def read_whole(self) -> bool:
        """Whether the paper's pages were read, not only its abstract."""
        return self.names.whole(self.paper_id)

    def texts(self) -> list[str]:
        return self.names.stated(self.paper_id)

    def naming(self, terms: list[str], passage: str) -> str:
        """What names the claim's terms around `passage`: the title, and the terms the paper repeats. Only a term that
        the passage and the title leave unnamed is counted through the paper (counting is most of a decision's time)."""
        unnamed = [t for t in terms if not names_term(t, f"{self.title} {passage}")]
        return " ".join([self.title, *(t for t in unnamed if self.repeats(t))])
