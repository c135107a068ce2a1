"""The decision rule: candidate passages and their cross-encoder probabilities -> one verdict and how it was reached.

The same function runs in calibration, measurement and use:
1. numbers ("numeric"): a passage that names all of the claim's subject terms
   and states a number of the same measure (unit, role, words around it)
   settles the claim by computation: numbers that all agree support it (unless
   the cross-encoder reads a contradiction, e.g. a flipped direction), a
   conflicting number refutes it, however little the cross-encoder reads the
   passage as bearing on the claim (it reads a claim that restates a passage's
   numbers in other words, or changes one of them, as unrelated). A passage
   stating neither value of a setting the claim changes ("from three to five")
   is about another change, and its numbers decide nothing.
   A table row's number is compared only as the cell at the row and column the
   claim names (claims.table_cells); that match is exact, so it needs no
   reading by the cross-encoder;
2. comparisons ("comparison"): a claim that compares things a table lists
   ("X outperforms Y on BLEU", "X is best") is decided by their cells
   (claims.table_compare), whatever the cross-encoder reads;
3. another name ("subject"): a passage in prose that states another name between the same words as one of the
   claim's ("the Old Testament" for the New), or another subject before the same words of a clause, in a paper
   that states the claim's name elsewhere or said of the claim's subject, which the passage names
   (claims.name_swap), or another name near the same words ("uses the Gensim toolkit to embed answers" / "employs
   the spaCy toolkit to convert the answer") where no passage read states the claim's name and the passage names
   another of the claim's terms, refutes the claim however the cross-encoder reads it
   (it reads the shared words) and whatever numbers agree; a conflicting number refutes it first; so does a
   sentence in prose comparing the claim's two things the other way round, stating its words with two
   things exchanged, giving the claim's thing the other direction of its measure, the other order in time
   between the same words ("after the query date" / "prior to the query date"), saying of two things what the
   claim says of them the other way round, or (about the claim's subject) making an exception the claim does not
   make ("all languages except NL"), changing the claim's measure the other way ("increases thyroid volume" /
   "a reduction in thyroid volume"), turning a word round by a negating prefix ("UCP1-dependent" /
   "UCP1-independent"), naming another thing what a superlative picks out ("the strongest baseline was X" /
   "the strongest baseline, Y") or putting the measure ahead in the setting the claim puts behind ("better with
   layer-8 ... than with layer-0" / "better on layer 0") ("comparison",
   claims.comparison_order);
4. the cross-encoder ("model"): among passages about the claim's subject (a name
   the paper gives to a thing of its own, "We call this smaller model BERT-small",
   counts as named where a passage leaves it unsaid: the cross-encoder reads that
   passage after the sentence giving the name), the most decisive one decides by
   its reading: SUPPORTED or REFUTED, whichever is more probable, once that
   probability reaches the commit threshold (fitted
   on the calibration claims: the cross-encoder abstains too readily on
   paraphrased real claims for "most probable label" to be the rule), else
   NOT_ENOUGH_INFO; a reading that cannot be the claim's verdict (a
   contradiction from prose that states no number of the claim's measure, or
   from a row that states the claim's numbers in cells it does not name;
   support where the claim ranks results, "gave the best results", and the
   passage in prose ranks and compares nothing) is passed over for the next
   most decisive passage about the subject, and abstains only where no other
   passage commits; a passage about the
   claim's subject with another name in place of one of the claim's
   ("based on the Qwen2.5-7b" for "based on Llama-3-8B") counts only when it
   is read as contradicting the claim;
5. otherwise NOT_ENOUGH_INFO: "subject" when only a passage about something
   else looked decisive, "model" when no passage bears on the claim. But a
   passage that only leaves some of the claim's names unsaid, names nothing
   the claim does not, and comes from a paper read whole that states those
   names elsewhere is about the claim's subject, as is a row whose label the
   claim words otherwise but which names nothing the claim does not: its
   reading decides, by step 4's rules ("the dataset" for the paper's
   ContraSciView, "CIFAR10 ResNet-18 Seed" for "the ResNet-18 Seed zoo
   trained on CIFAR-10"). And where
   that passage, in prose, leaves unsaid only names its paper, read whole,
   states nowhere, and the cross-encoder reads it as contradicting the claim,
   the claim put a name of its own where the paper says something else:
   REFUTED ("subject").
The raw score behind each path is what its calibration map turns into the
probability that the verdict is right.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import partial

import numpy as np

from claims.comparison_order import (better_elsewhere, changed_otherwise, denied, excepted, exchanged, negated_word,
                                     opposite_order, picked_otherwise, reversal, swapped, turned)
from claims.extract import comparative
from claims.name_swap import NameSwap, name_swap, near_swap
from claims.nli_data import NEI, REF, SUP
from claims.numbers import (align, compatible, counts_things, digits_written, listed_counts, nearest_reading,
                           parse_quantities, same_number, uncross, written_otherwise)
from claims.paper_names import PaperContext
from claims.passages import RowCells
from claims.records import LABELS, NumberCheck, Quantity
from claims.subject import SubjectMatch, about_its_paper, named_otherwise, names_term, same_subject, subject_terms
from claims.table_cells import align_cells, in_named_block, label_words, row_label, row_named
from claims.table_compare import cell_value, compare
from claims.text import content_words
from synth.documents.sentences import split_sentences

# Commit to SUPPORTED or REFUTED when its probability reaches this; the card holds the fitted value.
COMMIT = 0.5
# A name this close before a passage's number says whose number it is ("as BERT-base (i.e., hidden size: 768").
_OWNER_CHARS = 60
# What a number is stated on right after it ("22.98% on AutoScholarQuery"); closed by a comma, in a list of results
# ("2.89% on CIFAR-100, "), it is that number's, not the next one's (a number's, not a digit in "GPT-4").
_OWNER_AFTER = r"(?:on|for|in)\s+([^,;]{1,40}?)"
_OWNED = re.compile(rf"(?<![\w\-])\d\S*\s+{_OWNER_AFTER},")


@dataclass
class Decision:
    best: int  # index of the deciding (or, for NOT_ENOUGH_INFO, the most relevant) passage
    label: str
    raw: float
    path: str  # "numeric", "comparison", "model" or "subject"
    reason: str
    numbers: list[NumberCheck] = field(default_factory=list)
    compared: tuple[RowCells, ...] = ()  # for a comparison in a table, the rows whose cells it read

    @property
    def key(self) -> str:
        return f"{self.path}:{self.label}"


def reading(p: np.ndarray, commit: float) -> int:
    """The label a passage's probabilities (LABELS order) read as: the likelier of SUPPORTED and REFUTED once
    it reaches `commit`, else NOT_ENOUGH_INFO."""
    label = SUP if p[SUP] >= p[REF] else REF
    return label if p[label] >= commit else NEI


def _numbers(claim: str, claim_quantities: list[Quantity], passage: str) -> list[NumberCheck]:
    """The claim's numbers aligned with the passage's, leaving out a passage number stated of another thing."""
    return uncross(align(claim_quantities, _passage_numbers(claim, passage), set(content_words(passage))), claim, passage)


def _stated(passage: str) -> list[Quantity]:
    """Every number a passage states: those it writes, and the counts of the things it lists."""
    return parse_quantities(passage) + listed_counts(passage)


def _passage_numbers(claim: str, passage: str) -> list[Quantity]:
    """The passage's numbers but those it states of a thing it names in place of the claim's."""
    heads = _item_heads(passage)
    # Commas between the pieces: a head and the words after it are not one name before another ("RealScholarQuery,
    # PaSa-7b" is no maker and its product, claims.subject.named_otherwise).
    return [e for e in _stated(passage)
            if not named_otherwise(f"{_head_of(heads, e.span[0])}, {_just_before(passage, e.span[0])}, "
                                   f"{_just_after(passage, e.span[1])}", claim)]


def _paired_amiss(claim: str, decision: Decision | None, checked: list[tuple[int, list[NumberCheck]]],
                  passages: list[str]) -> bool:
    """Does a refutation by numbers pair the claim's number with another thing's, where a passage checked states the
    claim's own value and pairs it with none of the claim's numbers ("mean=0.89, std=0.02" read as 0.89 against 0.02;
    an odds ratio of Baseline 2 where the next passage gives Baseline 1's as the claim does)? A passage value paired
    with another of the claim's numbers is no sign: where two values are swapped ("A 45, B 60" for "A 60, B 45"), each
    is the other claim number's, and a refutation found stands."""
    if decision is None or decision.label != "REFUTED":
        return False
    conflict = next(c for c in decision.numbers if c.agrees is False)
    for j, checks in checked:
        paired = {c.evidence.span for c in checks if c.evidence is not None and c.claim.span != conflict.claim.span}
        if any(same_number(conflict.claim, e) and e.span not in paired for e in _passage_numbers(claim, passages[j])):
            return True
    return False


# A sentence's head: a list item's or definition's ("WMT-News: A parallel corpus ... that contains 18 languages"), or
# the setting it opens with ("For RealScholarQuery, PaSa-7b outperforms Google by 37.78%").
_HEAD = re.compile(r"\W*(?:([^:]{1,40}?):|(?:For|On|In)\s+([^,]{1,40}?),)\s")


def _item_heads(text: str) -> list[tuple[int, int, str]]:
    """(start, end, head) of each sentence that opens with a head naming whose numbers it states, however far back
    from them it is."""
    out = []
    for start, end in split_sentences(text):
        head = _HEAD.match(text[start:end])
        if head:
            out.append((start, end, head.group(1) or head.group(2)))
    return out


def _head_of(heads: list[tuple[int, int, str]], position: int) -> str:
    return next((head for start, end, head in heads if start <= position < end), "")


def _just_before(text: str, start: int) -> str:
    """The whole words in the _OWNER_CHARS characters before `start`, from the last "and", ";", sentence end or
    thing an earlier number is stated on ("22.98% on AutoScholarQuery and 32.21%", "2.89% on CIFAR-100, 3.37%":
    AutoScholarQuery and CIFAR-100 name the number before)."""
    window = text[max(0, start - _OWNER_CHARS):start]
    if start > _OWNER_CHARS:
        window = window.split(" ", 1)[1] if " " in window else ""
    owned = [m.end() for m in _OWNED.finditer(window)]
    return re.split(r"\band\b|;|\.\s", window[owned[-1] if owned else 0:])[-1]


def _just_after(text: str, end: int) -> str:
    """What a number is stated "on", "for" or "in" right after it, up to the next "and", comma or sentence end
    ("a decrease of 22.98% on AutoScholarQuery and 32.21% on RealScholarQuery": RealScholarQuery names the second)."""
    owner = re.match(rf"\s*{_OWNER_AFTER}(?=\s+and\b|[,;]|\.(?:\s|$)|$)", text[end:end + _OWNER_CHARS])
    return owner.group(1) if owner else ""


def _shown_numbers(claim: str, quantities: list[Quantity], passage: str, row: RowCells | None,
                   others: list[str]) -> list[NumberCheck]:
    if not quantities:
        return []
    return align_cells(claim, quantities, row, others) if row is not None else _numbers(claim, quantities, passage)


def _unmeasured(quantities: list[Quantity], passage: str, worded: bool = False) -> list[Quantity]:
    """The claim's numbers of which a passage not read as a table states nothing of the same measure. A
    contradiction read there is read into what the passage leaves out ("took about 6 hours on 8 H100 GPUs" against
    a passage that states the GPUs and no time): numbers are computed, and there is nothing to compute with. A
    number of another value that the passage may state of that measure in other words (with `worded`: "a mini-batch
    size of 21" for "25 examples per mini-batch") leaves the contradiction read standing; the same value so stated
    is no number the contradiction is read from. A table's cells are read by their own rules."""
    if not quantities:
        return []
    stated = _stated(passage)
    return [q for q in quantities if not any(compatible(q, e) or (worded and written_otherwise(q, e)
                                                                  and not same_number(q, e)) for e in stated)]


# A count the claim takes as given ("averaged over the three datasets", "all six models"): a few things it finds
# something of, named as a set. A claim that miscounts them says so of a passage that counts them.
_GIVEN_BEFORE = re.compile(r"\b(?:the|all|both|these|those|its|their)\s+$", re.I)
_GIVEN_MOST = 12


def _given_counts(claim: str, quantities: list[Quantity]) -> list[Quantity]:
    """The claim's numbers that count a set of things it takes as given, not what it finds."""
    return [q for q in quantities if q.unit and counts_things(q) and q.role == "absolute" and q.value.is_integer()
            and 1 < q.value <= _GIVEN_MOST and _GIVEN_BEFORE.search(claim[:q.span[0]])]


def _checked_numbers(claim: str, quantities: list[Quantity], given: list[Quantity], passage: str) -> list[NumberCheck]:
    """The claim's numbers aligned with a passage's (_numbers), but for a count taken as given that the passage states
    nothing of the same measure of: the passage is about what the claim finds of those things, not their number."""
    uncounted = _unmeasured(given, passage)
    return _numbers(claim, [q for q in quantities if q not in uncounted], passage)


# "most" and "least" rank only before an adjective ("the most robust"), and count otherwise ("most languages").
# Results ranked, not things described: "the largest post-marketing study to date", "the greatest effort" describe.
_RANKS = re.compile(r"\b(?:best|worst|highest|lowest)\b", re.I)
_RANKED = re.compile(rf"{_RANKS.pattern}|\b(?:largest|smallest|strongest|weakest|greatest|fewest|most|least|better|worse|"
                     r"than|compared (?:to|with)|vs\.?|versus|outperform\w*|surpass\w*|exceed\w*|beats?|top|optimal|"
                     r"superior|inferior|improv\w*|gains?|drops?)\b", re.I)


def _unranked(claim: str, passage: str) -> bool:
    """Does the claim rank results ("gave the best results", "the highest F1") where the passage, read as prose,
    ranks and compares nothing? Then what the passage supports is at most the claim without its ranking ("lower
    n (0, 3, 6) layers frozen" is no "freezing 6 layers gave the best results")."""
    return bool(_RANKS.search(claim)) and not _RANKED.search(passage)


def _in_row(quantities: list[Quantity], row: RowCells) -> bool:
    """Whether every number the claim states is one of the row's cells, as written."""
    cells = {cell_value(text) for _, text in row.cells} | {cell_value(row.label)}
    return bool(quantities) and all(q.value in cells for q in quantities)


def _shown(checks: list[NumberCheck]) -> str:
    return "; ".join(f"claim {c.claim.text!r} vs evidence {c.evidence.text!r} ({c.why})" for c in checks if c.evidence is not None)


def _in_table(match: SubjectMatch, labels: list[str]) -> SubjectMatch:
    """A row's match with the claim's subject, less the claim's names that other rows of its table are labelled by."""
    missing = tuple(t for t in match.missing if not any(names_term(t, label) for label in labels))
    return replace(match, missing=missing, about=match.about or not missing)


def _meant(cells: list[tuple[int, list[NumberCheck]]], rows: list[RowCells | None]) -> list[tuple[int, list[NumberCheck]]]:
    """Of the rows the claim names, whose cells are compared, the ones it means where they disagree. Rows of one table
    with one label are one thing at several settings ("17 ...: Epochs 100" and "Epochs 250"): where every number the
    claim states is one of them's cells, the setting it states is that row's, and the others are other settings.
    Rows of several tables: the one whose longer label the claim names ("Fine-tune on En/De mixed (RW)" of an ablation
    table over "mBERT fine-tune" of the main results, for "fine-tuning on mixed En/De data with the re-weighted
    loss")."""
    if len({all(c.agrees for c in checks) for _, checks in cells}) < 2:
        return cells
    # Rows each checking numbers of the claim's own ("PaSa-7b reaches 0.5146 precision, whereas ChatGPT obtains
    # 0.2280"): parts of the claim, not readings of the same numbers; a part that conflicts refutes it.
    stated = [{c.claim.span for c in checks} for _, checks in cells]
    if all(a.isdisjoint(b) for k, a in enumerate(stated) for b in stated[k + 1:]):
        return [(i, checks) for i, checks in cells if not all(c.agrees for c in checks)]
    def thing(i: int) -> tuple:
        row = rows[i]
        return row.table, tuple(h for h, _ in row.cells), row_label(row)
    agreed = {thing(i) for i, checks in cells if all(c.agrees for c in checks)}
    cells = [(i, checks) for i, checks in cells if all(c.agrees for c in checks) or thing(i) not in agreed]
    if len({rows[i].table for i, _ in cells}) < 2:
        return cells
    longest = max(len(label_words(row_label(rows[i]))) for i, _ in cells)
    return [(i, checks) for i, checks in cells if len(label_words(row_label(rows[i]))) == longest]


def _setting(claim: str, quantities: list[Quantity]) -> set[tuple[int, int]]:
    """The spans of the two values of a setting the claim changes ("raising the exploration depth from three to
    five increases recall by over 5%"). A passage that states neither is about another change ("running the Crawler
    twice increased recall by 3.34%"): its numbers neither support nor refute the claim."""
    for a, b in zip(quantities, quantities[1:]):
        if re.search(r"\bfrom\s+$", claim[:a.span[0]]) and re.fullmatch(r"\s+to\s+", claim[a.span[1]:b.span[0]]):
            return {a.span, b.span}
    return set()


# A time or training budget a comparison is made at ("more effective after 26 weeks of treatment than ...", "after 3
# epochs X outperforms Y"): the setting the claim compares in, not what it finds. A passage stating it agrees with
# the setting and says nothing yet of the comparison.
_AT = re.compile(r"\b(?:after|at|within|over|during)\s+(?:the\s+first\s+)?$", re.I)
_BUDGETS = frozenset({"second", "minute", "hour", "day", "week", "month", "epoch", "step", "iteration", "update"})


def _compared_at(claim: str, quantities: list[Quantity]) -> list[Quantity]:
    """The claim's numbers that are the setting of the comparison it makes, where it makes one."""
    if not comparative(claim):
        return []
    return [q for q in quantities if q.unit in _BUDGETS and _AT.search(claim[:q.span[0]])]


# A number joined to its word by a dash ("two-level HPS", "a 64-core node", "two-dimensional problems", "5-fold")
# names a kind of thing; two texts about one method name it alike whatever they find of it, so it agreeing supports
# nothing. A different one ("4-bit" against "8-bit") still refutes.
_COMPOUND = re.compile(r"[\w.]+-[A-Za-z]")


def _names_alike(check: NumberCheck) -> bool:
    return bool(check.agrees and check.evidence and _COMPOUND.match(check.claim.text)
                and _COMPOUND.match(check.evidence.text))


def _by_numbers(probs: np.ndarray, relevance: np.ndarray, checked: list[tuple[int, list[NumberCheck]]],
                veto: bool = True, telling: bool = False) -> Decision | None:
    """The first passage, most relevant first, whose aligned numbers all agree supports the claim, unless
    (with `veto`) the cross-encoder reads a contradiction, which (with `telling`) a number written with three digits
    or more among them outweighs; else the most relevant one with a conflicting number refutes it."""
    conflicting: tuple[int, list[NumberCheck]] | None = None
    for i, checks in checked:
        # Two texts state "17,944 question-answer pairs" or "43.8%" alike by chance rarely, "two directions" or "8%"
        # often: where such a number agrees, the contradiction read is the cross-encoder's misreading of the rest.
        # Either text may write it so ("a factor of ten thousand" against "104").
        written = [max(digits_written(c.claim.text), digits_written(c.evidence.text if c.evidence else ""))
                   for c in checks]
        vetoed = veto and int(np.argmax(probs[i])) == REF and not (telling and any(n >= 3 for n in written))
        # Support needs every number of the claim found and equal: "a gamma of 2 worked best among 1 to 5" is not
        # supported by "values from 1 to 5 ... 4 works best" because 1 and 5 agree.
        if checks and all(c.agrees for c in checks) and not all(map(_names_alike, checks)) and not vetoed:
            return Decision(i, "SUPPORTED", float(relevance[i]), "numeric", "numbers agree: " + _shown(checks), checks)
        if conflicting is None and any(c.agrees is False for c in checks):
            conflicting = (i, checks)
    if conflicting is None:
        return None
    i, checks = conflicting
    c = next(c for c in checks if c.agrees is False)
    stated, found = nearest_reading(c.claim, c.evidence)
    reason = (f"the claim states {c.claim.text!r} where the evidence states {c.evidence.text!r} "
              f"(difference {abs(stated.value - found.value):g}, tolerance {c.tolerance:g}; {c.why})")
    return Decision(i, "REFUTED", float(relevance[i]), "numeric", reason, checks)


def _by_comparison(claim: str, terms: list[str], passages: list[str], contexts: list[str],
                   tables: list[list[RowCells] | None], relevance: np.ndarray, order: list[int]) -> Decision | None:
    """The claim's comparison of things in a table ("X outperforms Y on BLEU", "X is best"), computed from the
    cells of the first table, most relevant first, that is about the claim's subject."""
    for i in order:
        table = tables[i]
        # Most claims compare nothing: the comparison (cheap, and None at once for them) before the subject check,
        # which joins the whole table's text.
        result = compare(claim, table) if table else None
        if result is None:
            continue
        text = "\n".join([passages[i]] + [" ".join([r.group or "", r.label, *(f"{h} {t}" for h, t in r.cells)])
                                          for r in table])
        if same_subject(terms, text, contexts[i]).about:
            return Decision(i, "SUPPORTED" if result.holds else "REFUTED", float(relevance[i]), "comparison",
                            result.reason, compared=result.rows)
    return None


def _of_the_subject(swap: NameSwap, terms: list[str], match: SubjectMatch) -> bool:
    """Is a name the paper never states swapped for a name (a system, a tool, a dataset) said of the claim's subject,
    which the passage names ("static fastText embeddings" of knn-replace's, "based on the Qwen2.5-7b" of PaSa-7b)?
    Then the claim misstates what the paper chose. A name swapped for the claim's subject itself (the paper says
    nothing of "GPT-2"), or words that are no name ("namely" for "including"), are not."""
    return (bool(terms) and terms[0] not in match.missing and not names_term(terms[0], swap.claim_name)
            and bool(subject_terms(swap.claim_name) or subject_terms(swap.passage_name)))


def _by_name_swap(claim: str, terms: list[str], passages: list[str], rows: list[RowCells | None],
                  matches: list[SubjectMatch], papers: list[PaperContext | None], order: list[int]) -> Decision | None:
    """REFUTED by the first passage in prose, most relevant first, that states another name in place of one of the
    claim's (claims.name_swap), is about the claim's subject but for that name, and is from a paper that states the
    claim's name elsewhere (it chose the other one), or says the other name of the claim's subject (`_of_the_subject`).
    A name the paper never states, put in the place of the claim's subject, is another paper's, and the passage says
    nothing about it. Failing that, by the first whose sentence states another name near the same words as one of
    the claim's ("FactChecker uses the Gensim toolkit to embed answers" / "FactChecker employs the spaCy toolkit to
    convert the answer"), where no passage read states the claim's name and the passage names another of its terms."""
    for i in order:
        paper = papers[i]
        if rows[i] is not None or paper is None:
            continue
        swap = name_swap(claim, passages[i])
        if (swap is not None and (paper.states(swap.claim_name) or _of_the_subject(swap, terms, matches[i])
                                  or about_its_paper(claim) and not swap.opening)
                and all(names_term(term, swap.claim_name) for term in matches[i].missing)):
            return Decision(i, "REFUTED", swap.shared, "subject", swap.reason)
    # Near the same words only: a looser match, so no passage read may state the claim's name (where one does, that
    # passage is about it, and the name near these words may be another thing the paper also used), and the passage
    # must name a term of the claim's besides it: about the claim's subject, not only sharing its words.
    for i in order:
        if rows[i] is not None or papers[i] is None:
            continue
        swap = near_swap(claim, passages[i])
        if (swap is not None and not any(names_term(swap.claim_name, p) for p in passages)
                and (about_its_paper(claim) or any(not names_term(term, swap.claim_name) for term in terms))
                and all(names_term(term, swap.claim_name) for term in matches[i].missing)):
            return Decision(i, "REFUTED", swap.shared, "subject", swap.reason)
    return None


def _by_reversal(claim: str, passages: list[str], rows: list[RowCells | None], about: list[bool],
                 papers: list[PaperContext | None], order: list[int]) -> Decision | None:
    """REFUTED by the first passage in prose, most relevant first, that compares the claim's two things the other
    way round (claims.comparison_order), or, `about` the claim's subject (its names, or but names its paper gives its
    own things), states the claim's finding the other way by one of the rules that need that subject."""
    for i in order:
        if rows[i] is not None:
            continue
        in_paper = partial(negated_word, paper=papers[i].texts() if papers[i] is not None else ())
        rules = (reversal, swapped, turned, opposite_order, exchanged) + (
            (excepted, changed_otherwise, in_paper, picked_otherwise, better_elsewhere, denied) if about[i] else ())
        found = next((r for rule in rules if (r := rule(claim, passages[i])) is not None), None)
        if found is not None:
            return Decision(i, "REFUTED", found.shared, "comparison", found.reason)
    return None


def decide(claim: str, quantities: list[Quantity], passages: list[str], probs: np.ndarray,
           rows: list[RowCells | None] | None = None, papers: list[PaperContext | None] | None = None,
           commit: float = COMMIT, tables: list[list[RowCells] | None] | None = None) -> Decision:
    """The verdict for a claim from its candidate passages and their (n, 3) probabilities in LABELS order;
    `rows` gives the cells of the passages that are table rows, `tables` all rows of the table a passage is
    from (or is), `papers` what each passage's paper names around it (claims.paper_names; None for a passage
    given alone), `commit` the probability at which the cross-encoder's
    reading commits to SUPPORTED or REFUTED."""
    return decide_at(claim, quantities, passages, probs, rows, papers, (commit,), tables)[0]


def decide_at(claim: str, quantities: list[Quantity], passages: list[str], probs: np.ndarray,
              rows: list[RowCells | None] | None = None, papers: list[PaperContext | None] | None = None,
              commits: tuple[float, ...] = (COMMIT,), tables: list[list[RowCells] | None] | None = None) -> list[Decision]:
    """The verdict (decide) at each of `commits`. Only the cross-encoder's reading depends on the threshold, so
    what comes before it is done once: fitting the threshold tries fifteen on thousands of claims."""
    found = _settled(claim, quantities, passages, probs, rows, papers, tables)
    return [found] * len(commits) if isinstance(found, Decision) else [found(commit) for commit in commits]


def _settled(claim: str, quantities: list[Quantity], passages: list[str], probs: np.ndarray,
             rows: list[RowCells | None] | None, papers: list[PaperContext | None] | None,
             tables: list[list[RowCells] | None] | None) -> Decision | partial:
    """The decision where numbers, a comparison or another name settle the claim; else the cross-encoder's reading
    (_by_reading) waiting for its commit threshold."""
    if probs.ndim != 2 or probs.shape != (len(passages), 3) or not passages:
        raise ValueError(f"expected (n>0, 3) probabilities for n passages, got {probs.shape} and {len(passages)}")
    rows = rows or [None] * len(passages)
    setting_of_comparison = _compared_at(claim, quantities)
    quantities = [q for q in quantities if q not in setting_of_comparison]
    terms = subject_terms(claim)
    papers = papers or [None] * len(passages)
    contexts = [paper.naming(terms, passage) if paper else "" for paper, passage in zip(papers, passages)]
    matches: list[SubjectMatch] = [same_subject(terms, p, c) for p, c in zip(passages, contexts)]
    tables = tables or [None] * len(passages)
    labels = [[row_label(r) for r in table] if table else [] for table in tables]
    # A table row is about the claim only when the claim names its row; its caption is about every row, and a thing
    # the claim sets against it is named by its own row of the table ("PaSa-7b ..., whereas ChatGPT ...").
    matches = [m if row is None else _in_table(m, others) if row_named(row_label(row), claim, others)
               else SubjectMatch(False, (row_label(row),)) for m, row, others in zip(matches, rows, labels)]
    # Passages that leave unsaid only names their paper gives its own things ("We call this smaller model BERT-small").
    own = [bool(m.missing) and not m.swapped and paper is not None and all(paper.defines(t) for t in m.missing)
           for m, paper in zip(matches, papers)]
    relevance = 1.0 - probs[:, NEI]
    by_relevance = [int(i) for i in np.argsort(-relevance, kind="stable")]

    compared = _by_comparison(claim, terms, passages, contexts, tables, relevance, by_relevance)
    if quantities:
        # The cell at the row and column the claim names is the same measure of the same thing by construction,
        # so it goes first; the loose alignment of numbers in prose only when no cell is named.
        cells = [(i, align_cells(claim, quantities, rows[i], labels[i])) for i in by_relevance
                 if rows[i] is not None and (not matches[i].missing or own[i])
                 and in_named_block(claim, rows[i], tables[i] or [])]
        # A row that leaves unsaid only names the paper gives its own things may support, never refute, as in prose.
        cells = _meant([(i, checks) for i, checks in cells if checks and all(c.agrees is not None for c in checks)
                        and (not own[i] or all(c.agrees for c in checks))], rows)
        if len({all(c.agrees for c in checks) for _, checks in cells}) == 1:  # rows the claim names that disagree: neither
            # A cell cannot settle a comparison ("76.9 on German, more than mBERT"): the comparison of the cells
            # guards it where the table holds both things, else the cross-encoder's reading does (of a long row,
            # no check on one cell).
            decision = _by_numbers(probs, relevance, cells, veto=comparative(claim) and compared is None)
            decision = None if _paired_amiss(claim, decision, cells, passages) else decision
            if decision is not None and decision.label == "SUPPORTED" and compared is not None:
                if compared.label == "REFUTED":
                    return compared
                return replace(decision, reason=f"{decision.reason}; {compared.reason}", compared=compared.compared)
            if decision is not None:
                return decision
    if compared is not None:
        return compared
    swapped = (_by_name_swap(claim, terms, passages, rows, matches, papers, by_relevance)
               or _by_reversal(claim, passages, rows, [m.about or o for m, o in zip(matches, own)], papers,
                               by_relevance))
    given = _given_counts(claim, quantities)
    if quantities:
        setting = _setting(claim, quantities)
        prose = [(i, checks) for i in by_relevance if rows[i] is None and not matches[i].missing
                 for checks in [_checked_numbers(claim, quantities, given, passages[i])]
                 if not setting or any(c.evidence is not None for c in checks if c.claim.span in setting)]
        # A claim that compares keeps the veto: its numbers may agree and its comparison still be the wrong way round.
        decision = _by_numbers(probs, relevance, prose, telling=not comparative(claim))
        decision = None if _paired_amiss(claim, decision, prose, passages) else decision
        if decision is None:
            # A name the paper gives its own model or data ("We call this smaller model BERT-small"), and then leaves
            # unsaid: its passages' numbers may support a claim about it, all agreeing; never refute one.
            found = _by_numbers(probs, relevance, [(i, _checked_numbers(claim, quantities, given, passages[i]))
                                                   for i in by_relevance if rows[i] is None and own[i]])
            decision = found if found is not None and found.label == "SUPPORTED" else None
        # Numbers that agree do not outweigh another name in the claim's name's place ("the first 10k sentences of
        # the Old Testament" for the New) or a comparison the other way round; a number that conflicts refutes the
        # claim either way.
        if decision is not None and not (decision.label == "SUPPORTED" and swapped is not None):
            return decision
    if swapped is not None:
        return swapped
    return partial(_by_reading, claim, quantities, given, passages, probs, rows, tables, labels, matches, own, papers,
                   by_relevance[0])


def _read(claim: str, quantities: list[Quantity], given: list[Quantity], passage: str, p: np.ndarray,
          row: RowCells | None, table: list[RowCells] | None, labels: list[str], best: int, label: int) -> Decision:
    """The verdict one committed reading gives; NOT_ENOUGH_INFO where it cannot be the claim's (a contradiction
    with no number of the claim's measure to compare, support for a ranking the passage does not state)."""
    in_prose = row is None and not table  # not read as a table: no cells to compute with
    owed = [q for q in quantities if q not in given]  # a count taken as given is no number the passage owes
    unmeasured = _unmeasured(owed, passage, worded=True) if label == REF and in_prose else []
    if unmeasured:
        return Decision(best, "NOT_ENOUGH_INFO", float(p[label]), "numeric",
                        f"the cross-encoder reads a contradiction, but the passage states no number of the measure of "
                        f"{', '.join(repr(q.text) for q in unmeasured)}: nothing to compare")
    if label == REF and row is not None and _in_row(quantities, row):
        return Decision(best, "NOT_ENOUGH_INFO", float(p[label]), "numeric",
                        "the cross-encoder reads a contradiction, but the row states every number of the claim "
                        "in cells the claim does not name: nothing to compare")
    if label == SUP and in_prose and _unranked(claim, passage):
        return Decision(best, "NOT_ENOUGH_INFO", float(p[label]), "model",
                        "the cross-encoder reads the passage as supporting the claim, but the claim ranks what the "
                        "passage does not: no best or worst, no comparison there")
    shown = _shown_numbers(claim, quantities, passage, row, labels)
    return Decision(best, LABELS[label], float(p[label]), "model",
                    f"the cross-encoder reads the passage as {'supporting' if label == SUP else 'contradicting'} "
                    f"the claim (p={p[label]:.2f})", shown)


def _never_stated(names: list[str], row: RowCells | None, table: list[RowCells] | None,
                  paper: PaperContext | None) -> bool:
    """Whether the names a passage in prose leaves unsaid are stated nowhere in its paper, read whole: the claim
    puts a name of its own where the paper says something else. A name the paper states elsewhere makes the passage
    about another thing; one an abstract leaves unsaid, the pages may state."""
    return (bool(names) and row is None and not table and paper is not None and paper.read_whole()
            and not any(paper.states(name) for name in names))


def _unsaid_here(claim: str, names: list[str], passage: str, paper: PaperContext | None) -> bool:
    """Whether a passage is about the claim's subject though it leaves some of the claim's names unsaid: its paper,
    read whole, states each of them elsewhere, and the passage names nothing the claim does not. A paper names its
    dataset once and then writes "our dataset"; a table's row is labelled "CIFAR10 ResNet-18 Seed" where the claim
    says "the ResNet-18 Seed zoo trained on CIFAR-10"."""
    return (paper is not None and paper.read_whole() and all(paper.states(name) for name in names)
            and not named_otherwise(passage, claim))


def _by_reading(claim: str, quantities: list[Quantity], given: list[Quantity], passages: list[str], probs: np.ndarray,
                rows: list[RowCells | None], tables: list[list[RowCells] | None], labels: list[list[str]],
                matches: list[SubjectMatch], own: list[bool], papers: list[PaperContext | None], most_relevant: int,
                commit: float) -> Decision:
    """Steps 4 and 5 of the module's docstring: the most decisive reading of a passage about the claim's subject."""
    decisive = probs[:, [SUP, REF]].max(axis=1)
    readings = [reading(p, commit) for p in probs]
    aside: Decision | None = None
    # A passage about the claim's subject that states another name in place of one of the claim's contradicts it
    # when the cross-encoder reads it so; it never supports it.
    while about := [i for i in range(len(passages)) if matches[i].about
                    or (matches[i].swapped and readings[i] == REF) or (own[i] and rows[i] is None)]:
        best = max(about, key=lambda i: decisive[i])
        label = readings[best]
        if label == NEI:
            break
        decision = _read(claim, quantities, given, passages[best], probs[best], rows[best], tables[best],
                         labels[best], best, label)
        if decision.label != "NOT_ENOUGH_INFO":
            return decision
        # A reading that cannot be the claim's verdict says nothing of the claim: the next passage about its subject
        # decides, and the reading's abstention stands only where no other passage commits.
        aside = aside or decision
        decisive[best], readings[best] = 0.0, NEI
    if aside is not None:
        return aside
    elsewhere = [i for i in range(len(passages)) if not matches[i].about and readings[i] != NEI]
    top_about = max((decisive[i] for i in about), default=0.0)
    if elsewhere and max(decisive[i] for i in elsewhere) > top_about:
        i = max(elsewhere, key=lambda j: decisive[j])
        names = [name for name in matches[i].missing if name]
        missing = ", ".join(names)
        if readings[i] == REF and _never_stated(names, rows[i], tables[i], papers[i]):
            return Decision(i, "REFUTED", float(probs[i, REF]), "subject",
                            f"the paper never states {missing}, and the passage about the rest of the claim "
                            f"contradicts it (p={probs[i, REF]:.2f})")
        if _unsaid_here(claim, names, passages[i], papers[i]):
            decision = _read(claim, quantities, given, passages[i], probs[i], rows[i], tables[i], labels[i], i,
                             readings[i])
            why = (f"the row is labelled {missing}, which names nothing the claim does not" if rows[i] is not None
                   else f"the passage leaves {missing} unsaid, but names nothing else, and its paper states "
                        f"{'it' if len(names) == 1 else 'them'} elsewhere")
            return replace(decision, reason=f"{decision.reason}; {why}")
        return Decision(i, "NOT_ENOUGH_INFO", float(decisive[i]), "subject",
                        f"the most decisive passage is not about {missing}" if missing
                        else "the most decisive passage is a table row the claim does not name")
    return Decision(most_relevant, "NOT_ENOUGH_INFO", float(1.0 - top_about if about else 1.0 - decisive.max()), "model",
                    "no passage about the claim supports or contradicts it")
