"""The report's own Abstract and Results: what the papers read say about the question, each finding attributed.

A synthesis must answer the question it was asked, not repeat the source's
abstract. Findings are quoted, never restated, so no author's "we" becomes
the report's; each carries what the other papers made of it (supported,
contradicted, or not checkable against a second source), so the Abstract
cannot state as fact what the claim table marks as unchecked or refuted.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Mapping

import numpy as np
from rapidfuzz import fuzz

from claims.numbers import is_score
from claims.records import EVEN_ODDS
from claims.subject import opens_with_purpose
from synth.errors import InvalidIdError
from synth.papers.ids import parse_arxiv_id
from synth.reports.sidecar import ClaimRow, ReportPaper
from synth.reports.stance import STANCES, Stance, about_the_other_side, question_direction, stance

FINDINGS_IN_ABSTRACT = 4
FINDINGS_PER_GROUP = 5
KEY_NUMBERS = 6
QUESTION_SIMILARITY = 0.45  # cosine at which a claim is taken to bear on the research question
_QUOTED = 300  # a finding quoted in Results is cut here; the Abstract quotes its findings whole
_WORDS_BEFORE, _WORDS_AFTER = 6, 4  # of a key number's own sentence, quoted around it


def _owner(row: ClaimRow) -> str:
    """The paper a claim came from (the first part of its id: paper key / where / n), with its page when known."""
    page = row.claim.origin.page if row.claim.origin else None
    return _paper(row) + (f" p.{page}" if page else "")


def _paper(row: ClaimRow) -> str:
    return row.claim.id.split("/", 1)[0]


def _evidence_paper(row: ClaimRow) -> str:
    best = row.verdict.evidence[0] if row.verdict.evidence else None
    return (best.arxiv_id or best.paper_id) if best else "another paper"


def _quote(row: ClaimRow, width: int | None = _QUOTED) -> str:
    return f"“{row.claim.text if width is None else row.claim.display(width)}”"


def confidence_text(confidence: float) -> str:
    """A confidence to two places, or as many more (up to four) as keep it on its side of even odds: 0.4968 is
    "0.497", never the "0.50" a verdict called more likely wrong than right would then show."""
    for places in (2, 3, 4):
        text = f"{confidence:.{places}f}"
        if (float(text) < EVEN_ODDS) == (confidence < EVEN_ODDS):
            return text
    return f"{math.floor(confidence * 1e4) / 1e4:.4f}"  # within 0.00005 below even odds: cut, not rounded up


def standing(row: ClaimRow) -> str:
    """What the other papers made of a finding: "supported", "contradicted", "uncertain" (read so, but with a
    confidence below even odds: the verdict is more likely wrong than right, so no answer may rest on it) or
    "unchecked"."""
    v = row.verdict
    if v.label == "NOT_ENOUGH_INFO":
        return "unchecked"
    if v.confidence < EVEN_ODDS:
        return "uncertain"
    return "supported" if v.label == "SUPPORTED" else "contradicted"


def _status(row: ClaimRow) -> str:
    v = row.verdict
    verb = "support" if v.label == "SUPPORTED" else "contradict"
    shown = confidence_text(v.confidence)
    return {"supported": f"{_evidence_paper(row)} supports it (confidence {shown})",
            "contradicted": f"{_evidence_paper(row)} contradicts it (confidence {shown})",
            "uncertain": f"{_evidence_paper(row)} may {verb} it, but that verdict is more likely wrong "
                         f"than right (confidence {shown})",
            "unchecked": "no other paper read here confirms or contradicts it"}[standing(row)]


def is_result(claim) -> bool:
    """A claim that reports a result: a score, a change or a size (not a count like "two inputs"), or a comparison."""
    return any(_measure(q) for q in claim.quantities) or claim.kind == "comparative"


# What marks a sentence as a paper's finding rather than its plan, its set-up or its account of other work.
_STATED_FINDING = (r"we (?:find|found|show|showed|observe|observed|conclude|see|confirm)|(?:find|found|show|shows|showed) "
                   r"that|(?:results?|experiments?|analys[ie]s) (?:show|shows|demonstrate|indicate|suggest|reveal|confirm)")
_FINDING_CUE = re.compile(
    rf"\b(?:{_STATED_FINDING}|conclude|takeaways?|outperform\w*|surpass\w*|"
    r"we (?:can )?see|significant\w*|beneficial|necessary|essential|crucial|harm\w*|hurts?|breaks?|destroys?|"
    r"drops?|improv\w*|boost\w*|increas\w*|decreas\w*|lowers|lowered|rais\w*|gains?)\b", re.IGNORECASE)
# A plan ("We also present an analysis of the factors required to achieve these gains") is a finding only when it
# says what was found; a result word in it names what the plan is about.
_STATED = re.compile(rf"\b(?:{_STATED_FINDING})\b", re.IGNORECASE)
# "As the last step, we fine-tuned ...", "Using nine tasks, we evaluate ...": what is done, not what was found.
_DONE = re.compile(r"\bwe (?:fine-tune[ds]?|train(?:ed)?|use[ds]?|buil[dt]|follow(?:ed)?|adopt(?:ed)?|appl(?:y|ied)|"
                   r"cho+se|select(?:ed)?|r[au]n|conduct(?:ed)?|perform(?:ed)?|compare[ds]?|evaluate[ds]?|"
                   r"implement(?:ed)?)\b", re.IGNORECASE)
_RESULT_SECTION = re.compile(r"result|conclu|discussion|analys|ablation|finding|abstract|evaluation", re.IGNORECASE)
_OTHERS_WORK = r"related work|background|previous work|prior work|literature review"
_OTHERS_SECTION = re.compile(_OTHERS_WORK, re.IGNORECASE)
_ASIDE_SECTION = re.compile(rf"{_OTHERS_WORK}|set-?up|implementation|training details|hyper-?parameter|preliminar|notation",
                            re.IGNORECASE)
# "Conneau et al. (2020b) find that ...", "Wu and Dredze (2019) show ...": a cited work's finding, told by another paper.
_CITED_SUBJECT = re.compile(r"^[A-Z][\w'’\-]+(?: et al\.| (?:and|&) [A-Z][\w'’\-]+)?,? \(\d{4}[a-z]?\)")
# "A.1 Imitation learning data generation", "Appendix B": details behind the results, rarely a finding.
_APPENDIX = re.compile(r"(?:[Aa]ppendix|APPENDIX)\b|[A-H]\.\d")
_WHOLE = re.compile(r"[.!?][\"')\]”’]*$")  # a sentence ends so; a fragment cut at a break does not
_CITES = re.compile(r"\bet al\.|\([A-Z][^()]*\d{4}[a-z]?\)")
_SAME_FINDING = 75  # rapidfuzz token-set ratio at which two claims say the same thing (abstract and conclusion)
# Cosine of two findings' unit-length embeddings (all-MiniLM-L6-v2) from which they say the same thing in other words:
# in the bench's reports, restatements of one result scored 0.82-0.94 and different findings of one paper up to 0.80.
_SAME_MEANING = 0.81
Vectors = Mapping[str, np.ndarray]  # claim id -> its unit-length sentence embedding


def finding_weight(claim, similarity: float) -> float:
    """How well a claim answers the question: its closeness, raised for results and stated findings, lowered for
    plans, set-up, and other papers' work (a sentence citing them, or a related-work section)."""
    text = claim.text
    section = claim.origin.section if claim.origin else None
    cue = bool(_FINDING_CUE.search(text))
    # A measured result outweighs a general statement closer to the question's wording ("improving 15.7% for
    # Swahili" against "leads to significant gains" when the question asks about low-resource languages).
    weight = similarity + 0.2 * is_result(claim) + 0.12 * cue
    if in_results_section(claim):
        weight += 0.05
    if section and (_ASIDE_SECTION.search(section) or _APPENDIX.match(section)):
        weight -= 0.2
    if _CITES.search(text):
        weight -= 0.15
    if _plan_or_method(text):
        weight -= 0.15
    return weight


def in_results_section(claim) -> bool:
    """Under a heading of results, analysis, ablation, discussion or conclusions (or in the abstract)."""
    section = claim.origin.section if claim.origin else None
    return bool(section and _RESULT_SECTION.search(section))


def _plan_or_method(text: str) -> bool:
    """What a paper set out to do or did ("We investigate ...", "we fine-tuned ..."), with no finding stated."""
    return (opens_with_purpose(text) and not _STATED.search(text)) or bool(_DONE.search(text) and not _FINDING_CUE.search(text))


def worth_reporting(claim) -> bool:
    """A whole sentence that states something its paper found: not a fragment cut at a page or column break
    ("Furthermore, when one entity is mapped"), nor a plan or an account of what was done with no result in it, nor
    an account of other papers' work (under a related-work heading, or with a cited work as its subject)."""
    text = claim.text.strip()
    section = claim.origin.section if claim.origin else None
    if (section and _OTHERS_SECTION.search(section)) or _CITED_SUBJECT.match(text):
        return False
    return bool(_WHOLE.search(text)) and (is_result(claim) or not _plan_or_method(text))


def findings(rows: list[ClaimRow]) -> list[ClaimRow]:
    """Claims that bear on the question, best answer first (whatever their standing, which each one states)."""
    bearing = [r for r in rows if r.bears_on_question and r.verdict.checkable]
    return sorted(bearing, key=lambda r: -finding_weight(r.claim, r.question_similarity))


def _scores(row: ClaimRow) -> set[float]:
    return {q.value for q in row.claim.quantities if is_score(q)}


def restates(a: ClaimRow, b: ClaimRow, vectors: Vectors | None = None) -> bool:
    """Do two findings say the same thing: nearly the same words, or (given their sentence embeddings) the same
    meaning in other words within one paper ("PaSa outperforms all baselines" in its abstract, results and
    conclusion; two papers finding the same thing are two findings); never when they state different scores
    (the same sentence about two data sets reports two results)."""
    mine, theirs = _scores(a), _scores(b)
    if mine and theirs and not mine & theirs:
        return False
    if fuzz.token_set_ratio(a.claim.text, b.claim.text) >= _SAME_FINDING:
        return True
    if vectors is None or a.claim.id not in vectors or b.claim.id not in vectors or _paper(a) != _paper(b):
        return False
    return float(vectors[a.claim.id] @ vectors[b.claim.id]) >= _SAME_MEANING


def distinct(rows: list[ClaimRow], limit: int, vectors: Vectors | None = None) -> list[ClaimRow]:
    """The first `limit` rows that do not restate one taken before them."""
    out: list[ClaimRow] = []
    for row in rows:
        if not any(restates(row, o, vectors) for o in out):
            out.append(row)
        if len(out) == limit:
            break
    return out


def summary(question: str, source: ReportPaper, papers: list[ReportPaper], rows: list[ClaimRow],
            vectors: Vectors | None = None) -> str:
    """The Abstract: the question, what was read, the findings on it with their standing, and the tally."""
    full = sum(p.text == "full_text" for p in [source, *papers])
    total = 1 + len(papers)
    source_name = source.arxiv_id or source.paper_id
    extent = "all in full text" if full == total else "all from their abstracts" if full == 0 else \
        f"{full} of the {total} in full text, the others from their abstracts"
    reads = f"It reads {source_name} ({source.title}) and {len(papers)} related papers, {extent}."
    parts = [f"This report asks: {question.strip()}"]
    found = findings(rows)
    if not found:
        parts += [reads, "None of the claims extracted from them bears directly on the question, so the papers read "
                         "here give no answer to it."]
        return " ".join(parts)
    read = stances(found, source.paper_id, question)
    quoted = found
    if read is not None:
        parts.append(_direction_sentence(found, read))  # the answer first
        quoted = _evidence_order(found, read)
    parts.append(reads)
    for row in distinct(quoted, FINDINGS_IN_ABSTRACT, vectors):
        parts.append(f"{_owner(row)} states {_quote(row, None)}; {_status(row)}.")
    count = Counter(standing(r) for r in found)
    supported, uncertain = count["supported"], count["uncertain"]
    # The claim table marks an uncertain verdict ✓ or × too: said here, lest the count read as contradicting it.
    doubtful = (f"; {uncertain} {'is' if uncertain == 1 else 'are'} marked ✓ or × in the claim table with a "
                f"confidence below {EVEN_ODDS}, more likely wrong than right" if uncertain else "")
    # One supported finding beside fourteen unchecked ones does not carry the answer: the larger part does.
    rests = "the supported ones" if supported > count["unchecked"] else "them as their authors state them"
    at_least = f" with a confidence of at least {EVEN_ODDS}" if uncertain else ""
    parts.append(f"Of the {len(found)} findings on the question, {supported} {'is' if supported == 1 else 'are'} "
                 f"supported and {count['contradicted']} contradicted by another paper read here{at_least}{doubtful}; "
                 f"{count['unchecked']} could not be checked against a second source, so the answer rests on {rests}.")
    return " ".join(parts)


def on_question(row: ClaimRow, source: str) -> bool:
    """Is the finding's result an answer? The source paper was chosen for the question, so each of its findings
    is; another paper's only when its claim is as close to the question as a claim without a result must be (a
    related paper's "+0.3% on English GLUE tasks" is its result, not an answer)."""
    return _unversioned(_paper(row)) == _unversioned(source) or row.question_similarity >= QUESTION_SIMILARITY


def _unversioned(paper: str) -> str:
    """A paper's key without its version: claim ids name a full text by the version read ("2501.10120v1/p8/..."),
    the report its source by the id asked for."""
    try:
        return parse_arxiv_id(paper).base
    except InvalidIdError:  # a local PDF's content key
        return paper


def stances(rows: list[ClaimRow], source: str, question: str) -> dict[str, Stance | None] | None:
    """Claim id -> where the finding stands on the question (None: no direction stated, not an answer, or another
    work's result the sentence cites: "could drop significantly ... (Koehn and Knowles, 2017)"); None when the
    question is not a yes/no question of direction."""
    direction = question_direction(question)
    if direction is None:
        return None
    return {r.claim.id: stance(direction, r.claim.text)
            if on_question(r, source) and not _CITES.search(r.claim.text) and not about_the_other_side(question, r.claim.text)
            else None for r in rows}


def _listed(title: str, members: list[ClaimRow], note) -> str:
    shown = "; ".join(f"{_owner(r)}: {_quote(r)} ({note(r)})" for r in members[:FINDINGS_PER_GROUP])
    more = f"; and {len(members) - FINDINGS_PER_GROUP} more" if len(members) > FINDINGS_PER_GROUP else ""
    return f"{title} ({len(members)}): {shown}{more}."


def _standing_note(row: ClaimRow) -> str:
    return f"{standing(row)}, {confidence_text(row.verdict.confidence)}"


def _quoted_cues(read: Stance) -> str:
    return ", ".join(f"“{w}”" for w in read.cues)


def _cue_note(read: Stance, row: ClaimRow) -> str:
    return f"{_quoted_cues(read)}; {_standing_note(row)}"


_STANDINGS = (("supported", "Supported by another paper"), ("contradicted", "Contradicted by another paper"),
              ("uncertain", f"Read as supported or contradicted, but with a confidence below {EVEN_ODDS}"),
              ("unchecked", "Not checkable against a second source"))


def _standing_on(found: list[ClaimRow], read: dict[str, Stance | None], label: str) -> list[ClaimRow]:
    """The findings read as `label` ("for", "against", "mixed") on the question."""
    return [r for r in found if read[r.claim.id] is not None and read[r.claim.id].label == label]


def _cited_cues(members: list[ClaimRow], read: dict[str, Stance | None]) -> str:
    """Each paper once, with the words of direction that placed its first finding (2105.00572: “improving”)."""
    first: dict[str, str] = {}
    for row in members:
        first.setdefault(_paper(row), _quoted_cues(read[row.claim.id]))
    return "; ".join(f"{paper}: {words}" for paper, words in first.items())


def _direction_sentence(found: list[ClaimRow], read: dict[str, Stance | None]) -> str:
    """One sentence: how many findings speak for the question, against it, or both, and from which papers."""
    groups = [(len(members), words, _cited_cues(members, read))
              for label, words in zip(STANCES, ("for it", "against it", "both ways"))
              if (members := _standing_on(found, read, label))]
    if not groups:
        return f"None of the {len(found)} findings states a direction on the question."
    (n, words, papers), *others = groups
    told = [f"{n} of the {len(found)} findings {'speaks' if n == 1 else 'speak'} {words} ({papers})",
            *(f"{n} {words} ({papers})" for n, words, papers in others)]
    rest = len(found) - sum(read[r.claim.id] is not None for r in found)
    listed = ", ".join(told[:-1]) + (" and " if len(told) > 1 else "") + told[-1]
    return (f"In short, {_lean(found, read)}: read by their words of direction, {listed}"
            + (f"; {rest} {'states' if rest == 1 else 'state'} no direction on it." if rest else "."))


def _leaning(found: list[ClaimRow], read: dict[str, Stance | None]) -> str | None:
    """The side ("for" or "against") the findings' directions favour, or None: one side only when it outnumbers
    the other twice over and the findings that say both."""
    n = {label: len(_standing_on(found, read, label)) for label in STANCES}
    for side, other in (("for", "against"), ("against", "for")):
        if n[side] > 2 * n[other] and n[side] > n["mixed"]:
            return side
    return None


def _lean(found: list[ClaimRow], read: dict[str, Stance | None]) -> str:
    return {"for": "the findings read here lean towards yes", "against": "the findings read here lean towards no",
            None: "the findings read here are divided"}[_leaning(found, read)]


def _evidence_order(found: list[ClaimRow], read: dict[str, Stance | None]) -> list[ClaimRow]:
    """The findings in the order the Abstract quotes them after its answer: those for the side it leans to, with
    the first finding of the other side in the last place the Abstract has (an answer shows what speaks against
    it), then the findings that say both, then those that take no side (background, another task's result)."""
    first = _leaning(found, read) or "for"
    second = "against" if first == "for" else "for"
    leading, opposing = _standing_on(found, read, first), _standing_on(found, read, second)
    cut = FINDINGS_IN_ABSTRACT - 1 if opposing else len(leading)
    ordered = [*leading[:cut], *opposing[:1], *leading[cut:], *opposing[1:], *_standing_on(found, read, "mixed")]
    return ordered + [r for r in found if read[r.claim.id] is None]


def results_paragraphs(rows: list[ClaimRow], source: str, question: str) -> list[str]:
    """The Results beyond the counts: findings on the question grouped by where they stand on it (for a yes/no
    question of direction), then by what the other papers made of them, and the key numbers (`source`: the source
    paper's key)."""
    found = findings(rows)
    if not found:
        return ["None of the extracted claims bears directly on the research question."]
    read = stances(found, source, question)
    how = "; where each stands on it is read from its words of direction, quoted after it" if read is not None else ""
    # A reader took "(unchecked, 0.75)" for a confidence in the finding itself.
    paragraphs = [f"{len(found)} claims bear on the research question{how}. After each comes what the other papers "
                  "read here make of it and the confidence of that verdict, the probability that it is right (for an "
                  "unchecked finding, that no paper read here decides it)."]
    if read is not None:
        for label in STANCES:
            members = _standing_on(found, read, label)
            if members:
                paragraphs.append(_listed(label.capitalize(), members, lambda r: _cue_note(read[r.claim.id], r)))
        undirected = [r for r in found if read[r.claim.id] is None]
        if undirected:
            paragraphs.append(_listed("No direction on the question stated", undirected, _standing_note))
    for kind, title in _STANDINGS:
        members = [r for r in found if standing(r) == kind]
        # With stances, every finding's standing is given above and the unchecked are only counted below.
        if members and not (read is not None and kind == "unchecked"):
            paragraphs.append(_listed(title, members, lambda r: confidence_text(r.verdict.confidence)))
    unchecked = sum(standing(r) == "unchecked" for r in found)
    if read is not None and unchecked:
        paragraphs.append(f"{unchecked} of the {len(found)} could not be checked against a second source.")
    numbers = key_numbers(found, source)
    if numbers:
        paragraphs += ["Key numbers on the question, each quoted in its own sentence's words:", numbers_table(numbers)]
    return paragraphs


def numbers_table(numbers: list[tuple[str, str, str]]) -> str:
    """The key numbers as a Markdown table: the words around each number, its paper (and page), its standing."""
    lines = ["| Number | Paper | Standing |", "| --- | --- | --- |"]
    lines += [f"| “{_cell(words)}” | {paper} | {kind} |" for words, paper, kind in numbers]
    return "\n".join(lines)


def _cell(text: str) -> str:
    """Text for a Markdown table cell: a '|' in it escaped, as Markdown escapes it."""
    return text.replace("|", r"\|")


def key_numbers(found: list[ClaimRow], source: str) -> list[tuple[str, str, str]]:
    """The scores and changes stated by findings on the question (`on_question`): the claim's words around them,
    its paper and page, and its standing (not sizes: "104 languages" or "a 7B LLM" says what was studied, not what
    was found)."""
    out = []
    shown: set[float] = set()
    for row in found:
        if not on_question(row, source):
            continue
        measures = [q for q in row.claim.quantities if is_score(q)] if is_result(row.claim) else []
        values = {q.value for q in measures}
        # A result restated elsewhere in the paper (abstract and results) is one key number, listed once.
        if not measures or shown & values:
            continue
        shown |= values
        out.append((_around(row.claim.text, measures[:3]), _owner(row), standing(row)))
        if len(out) == KEY_NUMBERS:
            break
    return out


def _around(text: str, quantities) -> str:
    """The claim's own words around its numbers (a few before, fewer after): what each number is, quoted verbatim."""
    start, end = min(q.span[0] for q in quantities), max(q.span[1] for q in quantities)
    if end - start > _QUOTED:
        start, end = quantities[0].span
    before = text[:start].split(" ")
    after = text[end:].split(" ")
    head = "… " + " ".join(before[-_WORDS_BEFORE:]) if len(before) > _WORDS_BEFORE else text[:start]
    tail = " ".join(after[:_WORDS_AFTER + 1]).rstrip(",;:") + " …" if len(after) > _WORDS_AFTER + 1 else text[end:]
    return (head + text[start:end] + tail).strip().rstrip(",;:")


def _measure(quantity) -> bool:
    """A score, a change or a size worth a line; not an enumeration's "(1)" or a small count like "three" (nor
    "three lower-level tasks", which the parser reads as a change)."""
    return is_score(quantity) or quantity.decimals > 0 or (quantity.unit is not None and quantity.value >= 10)
