"""In-domain (passage, claim) pairs made from ML paper text, labelled by how they were made.

For a sentence of a paper, with a window of its neighbouring sentences as the passage:
- SUPPORTED: the sentence itself, its main clause, or its numbers written another way;
- REFUTED: one change that makes it false: a number, a comparison's direction,
  a negation, or two compared names swapped;
- NOT_ENOUGH_INFO: the sentence against a passage of another paper on the same
  topic, or the sentence with one name replaced by a name from another paper
  (a passage about another subject decides nothing).

Papers are split by a hash of their id, so papers used for calibration and
measuring never lend a sentence to training.
"""

from __future__ import annotations

import hashlib
import random
import re
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from claims.nli_data import NEI, REF, SUP, Pair
from claims.numbers import parse_quantities, perturb
from claims.subject import names
from synth.documents.sentences import split_sentences

# By sha256(paper id) % 100: what each paper may be used for.
PAPER_SPLITS = {"train": (0, 80), "calibration": (80, 90), "test": (90, 100)}

_DIRECTION = [("outperforms", "underperforms"), ("outperform", "underperform"), ("outperformed", "underperformed"),
              ("improves", "degrades"), ("improve", "degrade"), ("improved", "degraded"), ("increases", "decreases"),
              ("increase", "decrease"), ("increased", "decreased"), ("higher", "lower"), ("better", "worse"),
              ("more", "fewer"), ("larger", "smaller"), ("faster", "slower"), ("best", "worst"),
              ("superior", "inferior"), ("gains", "losses"), ("benefits", "hurts"), ("helps", "hurts")]
_FLIP = {a: b for a, b in _DIRECTION} | {b: a for a, b in _DIRECTION}
_FLIP_WORD = re.compile(r"\b(" + "|".join(sorted(_FLIP, key=len, reverse=True)) + r")\b")
_AUXILIARY = re.compile(r"\b(is|are|was|were|can|could|does|do|did|will|would|has|have|should|may)\b(?! not\b)")
_COMPARES = re.compile(r"\b(than|outperform\w*|surpass\w*|over|versus|vs\.?|compared)\b", re.IGNORECASE)
_CLAUSE = re.compile(r",\s+(?:while|whereas|which|and|but|although)\s+|;\s+")
_SMALL = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight", 9: "nine",
          10: "ten", 11: "eleven", 12: "twelve"}


@dataclass(frozen=True)
class PaperText:
    paper_id: str
    text: str


def paper_split(paper_id: str) -> str:
    key = int(hashlib.sha256(paper_id.encode()).hexdigest()[:8], 16) % 100
    return next(name for name, (lo, hi) in PAPER_SPLITS.items() if lo <= key < hi)


def sentences_of(text: str) -> list[str]:
    return [" ".join(text[a:b].split()) for a, b in split_sentences(text)]


def change_number(sentence: str) -> str | None:
    quantities = parse_quantities(sentence)
    return perturb(sentence, quantities[0]) if quantities else None


def rewrite_number(sentence: str) -> str | None:
    """The same value written another way: '%' as 'percent', small counts as words, thousands without commas."""
    if re.search(r"\d%", sentence):
        return re.sub(r"(\d)%", r"\1 percent", sentence, count=1)
    match = re.search(r"\b\d{1,3}(?:,\d{3})+\b", sentence)
    if match:
        return sentence[: match.start()] + match.group(0).replace(",", "") + sentence[match.end():]
    for q in parse_quantities(sentence):
        if q.decimals == 0 and q.value in _SMALL and re.fullmatch(r"\d+", sentence[q.span[0]:q.span[0] + len(str(int(q.value)))]) \
                and q.unit not in (None, "%", "points", "x"):
            start = q.span[0]
            return sentence[:start] + _SMALL[int(q.value)] + sentence[start + len(str(int(q.value))):]
    return None


def flip_direction(sentence: str) -> str | None:
    match = _FLIP_WORD.search(sentence)
    if not match:
        return None
    return sentence[: match.start()] + _FLIP[match.group(1)] + sentence[match.end():]


def negate(sentence: str) -> str | None:
    match = _AUXILIARY.search(sentence)
    if not match or re.search(r"\bnot\b|n't\b", sentence):
        return None
    return sentence[: match.end()] + " not" + sentence[match.end():]


def swap_names(sentence: str) -> str | None:
    """'A outperforms B' -> 'B outperforms A': the last name before the comparison with the first after it. Two
    names on one side of it are a list or a name and its part ("on VQA, VCR and NLVR2", "SemEval-2018 Task-1"):
    swapping those changes nothing the sentence claims, so it is no refutation."""
    compares = _COMPARES.search(sentence)
    if compares is None:
        return None
    before, after = names(sentence[:compares.start()]), names(sentence[compares.end():], skip_first=False)
    if not before or not after or before[-1] in after[0] or after[0] in before[-1]:
        return None
    a, b = before[-1], after[0]
    marker = "\x00"
    return sentence.replace(a, marker).replace(b, a).replace(marker, b)


def main_clause(sentence: str) -> str | None:
    parts = _CLAUSE.split(sentence, maxsplit=1)
    if len(parts) < 2 or len(parts[0].split()) < 6:
        return None
    return parts[0].rstrip(" ,;") + "."


class _Topics:
    """For each paper, the nearest other papers by TF-IDF of their text (same topic, another subject)."""

    def __init__(self, papers: list[PaperText]):
        self.papers = papers
        if len(papers) < 2:
            self.neighbours = [[] for _ in papers]
            return
        matrix = TfidfVectorizer(stop_words="english", min_df=1, sublinear_tf=True).fit_transform(p.text for p in papers)
        self.neighbours = []
        for start in range(0, len(papers), 512):
            sims = (matrix[start:start + 512] @ matrix.T).toarray()
            for row, i in enumerate(range(start, min(start + 512, len(papers)))):
                sims[row, i] = -1.0
                self.neighbours.append(np.argsort(-sims[row])[:5].tolist())


def window(sentences: list[str], i: int, rng: random.Random) -> str:
    lo = max(0, i - rng.randint(0, 1))
    hi = min(len(sentences), i + 1 + rng.randint(0, 1))
    return " ".join(sentences[lo:hi])


def _closest(sentences: list[str], claim: str) -> int:
    words = set(re.findall(r"[a-z]{3,}", claim.lower()))
    return max(range(len(sentences)), key=lambda j: len(words & set(re.findall(r"[a-z]{3,}", sentences[j].lower()))))


def generate(papers: Iterable[PaperText], *, per_paper: int = 2, seed: int = 0, dataset: str = "generated_ml") -> list[Pair]:
    """Three pairs (one of each label) for up to `per_paper` sentences of each paper."""
    papers = [p for p in papers if len(sentences_of(p.text)) >= 2]
    topics = _Topics(papers)
    all_names = sorted({n for p in papers for n in names(p.text)})
    pairs: list[Pair] = []
    for index, paper in enumerate(papers):
        rng = random.Random(f"{seed}:{paper.paper_id}")
        sentences = sentences_of(paper.text)
        usable = [i for i, s in enumerate(sentences) if 8 <= len(s.split()) <= 60]
        # Sentences with numbers or comparisons first: they are what reports check.
        usable.sort(key=lambda i: (not parse_quantities(sentences[i]), not _FLIP_WORD.search(sentences[i]), rng.random()))
        for i in usable[:per_paper]:
            claim = sentences[i]
            premise = window(sentences, i, rng)
            group = paper.paper_id

            def add(text: str | None, target: tuple[int, ...], tag: str, passage: str = premise) -> bool:
                if text and (text != claim or tag in ("verbatim", "other_paper")):
                    pairs.append(Pair(passage, text or claim, target, dataset, group=group, tags=(tag,)))
                    return True
                return False

            supported = [("rewritten_number", rewrite_number(claim)), ("main_clause", main_clause(claim))]
            rng.shuffle(supported)
            if not any(add(text, (SUP,), tag) for tag, text in supported if rng.random() < 0.7):
                add(claim, (SUP,), "verbatim")
            refuted = [("changed_number", change_number(claim)), ("flipped_direction", flip_direction(claim)),
                       ("negated", negate(claim)), ("swapped_names", swap_names(claim))]
            first, rest = refuted[:1], refuted[1:]
            rng.shuffle(rest)
            for tag, text in (first if rng.random() < 0.6 else []) + rest + first:
                if add(text, (REF,), tag):
                    break
            own = names(claim)
            foreign = [n for n in (rng.choice(all_names) for _ in range(8)) if n not in paper.text] if all_names else []
            if own and foreign and rng.random() < 0.4:
                add(claim.replace(own[0], foreign[0]), (NEI,), "foreign_name")
            elif topics.neighbours[index]:
                other = sentences_of(papers[rng.choice(topics.neighbours[index])].text)
                add(claim, (NEI,), "other_paper", passage=window(other, _closest(other, claim), rng))
    return pairs
