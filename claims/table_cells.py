"""A claim's number against the table cell it is about: the cell at the claim's row and column.

"BiLSTM-max gets 70.4 on French" is about one cell: the row labelled
BiLSTM-max, the column headed fr. A row is the claim's when the claim names
every word of its label (citation years and "et al." aside); a column is the
claim's when the claim names each level of its header that tells it apart from
the other columns ("DE / F1" needs German and F1 when P and R sit beside it);
language codes stand for their languages and abbreviations for their words.
When no single column is named, nothing is compared: the claim could mean any.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from claims.numbers import agrees, compatible, counts_things, parse_quantities, tolerance
from claims.passages import RowCells
from claims.records import NumberCheck, Quantity
from claims.subject import LANGUAGE_CODES
from claims.text import ASIDE, stem

# "Recall@20" and "F1" are one word each; "Recall@20" is not "Recall".
_WORD = re.compile(r"[a-z0-9]+(?:[.@][a-z0-9]+)*\.?")
_NOT_A_NAME = frozenset({"et", "al", "al.", "and", "the", "with", "of", "on", "w/o", "w", "o"})
# Where the words stated with one of a claim's numbers end.
_BREAK = re.compile(r"[,;]|\b(?:and|but|while|whereas)\b", re.IGNORECASE)
_ABBREVIATIONS = {"avg": "average", "acc": "accuracy", "w/o": "without"}


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def _stems(text: str) -> set[str]:
    return {stem(w.rstrip(".")) for w in _words(text)}


def _named(level: str, claim_stems: set[str], claim_words: list[str]) -> bool:
    """Does the claim name this header level (a word, a language by its code, an abbreviation)? A level of three
    words or more is named by all but one: a claim says "Kendall's tau word-order score" of the column "Kendall's Tau
    Distance", its own word for the measure."""
    code = LANGUAGE_CODES.get(level.strip().lower())
    if code is not None:
        return stem(code.lower()) in claim_stems or level.strip().lower() in claim_stems
    words = [w for w in _words(level) if w not in _NOT_A_NAME]
    if not words:
        return False
    unnamed = 0
    for word in words:
        bare = word.rstrip(".")
        full = _ABBREVIATIONS.get(bare)
        if stem(bare) in claim_stems or (full and stem(full) in claim_stems):
            continue
        if word.endswith(".") and any(w.startswith(bare) for w in claim_words):
            continue  # "Acc." for accuracy
        unnamed += 1
    return unnamed == 0 or (len(words) >= 3 and unnamed == 1)


def label_words(label: str) -> list[str]:
    return [w.rstrip(".") for w in _words(label) if w not in _NOT_A_NAME and not re.fullmatch(r"(?:19|20)\d\d[a-z]?", w)]


def _initials(text: str) -> set[str]:
    """The initials of each run of two to four words: a label's "RW" is named by "re-weighted", "CE" by "cross
    entropy"."""
    words = _words(text)
    return {"".join(w[0] for w in words[i:i + k]) for k in range(2, 5) for i in range(len(words) - k + 1)}


def _names_words(words: list[str], claimed: set[str]) -> bool:
    # A label's clipped word is named by the word it clips ("overparam" by "overparameterized"), a language's code
    # by the language ("hi" by Hindi).
    return bool(words) and all(stem(w) in claimed or (len(w) >= 5 and any(c.startswith(w) for c in claimed))
                               or stem(LANGUAGE_CODES.get(w, "").lower()) in claimed for w in words)


# Greek letters head the columns of hyper-parameter sweeps ("α | Crawler Recall | Crawler Actions"); claims spell them.
_GREEK = dict(zip("αβγδεηθκλμρστφω", "alpha beta gamma delta epsilon eta theta kappa lambda mu rho sigma tau phi omega"
                  .split()))


def _key(row: RowCells) -> tuple[str, str] | None:
    """A row without a label is named by its first cell where that holds a lone number: the setting its other cells
    were measured at ("α 2.0: Crawler Recall 0.8063, Crawler Actions 785.5"). (header, number) or None."""
    if row.label.strip() or not row.cells or not re.fullmatch(r"[-+]?\d[\d,]*(?:\.\d+)?", row.cells[0][1].strip()):
        return None
    return row.cells[0][0].strip(), row.cells[0][1].strip()


def row_label(row: RowCells) -> str:
    """What names the row: its label, or for a row without one, its first cell's header (a Greek letter spelled out)
    and number."""
    key = _key(row)
    return row.label if key is None else f"{_GREEK.get(key[0], key[0])} {key[1]}"


def row_named(label: str, claim: str, others: Iterable[str] = ()) -> bool:
    """Does the claim name the row: every word of its label, or its leading number as an ID ("model 17" for the row
    "17 lang-pos;shift-special;no-random;overparam", whose other words then name it too)? Not when it names a longer
    label of the same table (`others`) holding every word of this one: "Google Scholar is the weakest" names the
    row Google Scholar, not the row Google."""
    words = label_words(label)
    if len(words) > 1 and words[0].isdigit():
        if re.search(rf"\b(?:model|id|row|system|setting|variant)\s+{words[0]}\b", claim, re.IGNORECASE):
            return True
        words = words[1:]
    claimed = _stems(claim) | _initials(claim)
    if _written_together(label, claim):
        return _not_a_longer_label(label, words, claim, others)
    # A label's aside in parentheses is another name for the row ("Standard Configuration ("Small model")"): the
    # words outside it name the row too, unless another row is labelled by them, alone or with another aside (then
    # the aside tells the rows apart: "PaSa-7b-Selector (Reason First)" beside "PaSa-7b-Selector", "En/De mixed
    # (RW)" beside "En/De mixed (CE)").
    outside = label_words(ASIDE.sub(" ", label)) if ASIDE.search(label) else []
    if not _names_words(words, claimed):
        if not _names_words(outside, claimed) or any(label_words(ASIDE.sub(" ", o)) == outside
                                                     for o in others if o != label):
            return False
    return _not_a_longer_label(label, words, claim, others) and not _scattered(label, claim, others)


def in_named_block(claim: str, row: RowCells, table: list[RowCells]) -> bool:
    """Is the row in the block of its table the claim names, where it names one? A table may repeat its rows under
    each of several things ("Llama3-8B, ICL, CAA, PIXEL(Ours), Qwen2-7B, ICL, CAA, PIXEL(Ours)"): each block opens
    with the row before its first repeated label, and a claim about PIXEL on Qwen2-7B is not about PIXEL's row under
    Llama3-8B."""
    labels = [row_label(r) for r in table]
    first = next((label for label in labels if labels.count(label) > 1), None)
    heads = [k - 1 for k, label in enumerate(labels) if label == first and k > 0]
    if len(heads) < 2 or row not in table or any(labels.count(labels[h]) > 1 for h in heads):
        return True
    named = [h for h in heads if row_named(labels[h], claim, labels)]
    position = table.index(row)
    own = max((h for h in heads if h <= position), default=None)
    return not named or own in named


def _not_a_longer_label(label: str, words: list[str], claim: str, others: Iterable[str]) -> bool:
    """No longer label of the table holding every word of this one is named too, unless the claim writes this one
    together and the longer only by words scattered over it."""
    mine, claimed, together = set(words), _stems(claim) | _initials(claim), _together(label, claim)
    return not any(mine < set(label_words(longer)) and _names_words(label_words(longer), claimed)
                   and not (together and not _together(longer, claim)) for longer in others)


def _together(label: str, claim: str) -> bool:
    """Does the claim write the label's words near each other, as a name is written, in any order and with a few
    words between ("the WhoIsHarryPotter unlearned LLaMA2-7B" for the row "LLaMA2-7B WhoIsHarryPotter")? Words
    named otherwise than as written (initials, a clipped word) are not placed."""
    claimed = [stem(w) for w in label_words(claim)]
    wanted = {stem(w) for w in label_words(label)}
    placed = wanted & set(claimed)
    at = [i for i, w in enumerate(claimed) if w in wanted]
    # The narrowest stretch of the claim that holds every placed word, against the name's length and three more.
    return not at or min(j - i for i in at for j in at if j >= i and set(claimed[i:j + 1]) >= placed) < len(wanted) + 3


def _scattered(label: str, claim: str, others: Iterable[str]) -> bool:
    """Are the label's words named only far apart in the claim, where the label of another row, all of whose words
    are this one's, is written together: "LLM Language Few-shot (3) reaches ... on the Unseen item subset" names the
    row "LLM Language Few-shot (3)", not "LLM Item+Language Few-shot (3)"."""
    mine = set(label_words(label))
    shorter = [other for other in others if set() < set(label_words(other)) < mine]
    return not _together(label, claim) and any(_together(other, claim) for other in shorter)


def _compact(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def _written_together(label: str, claim: str) -> bool:
    """Does the claim write a model's name that the label writes with other spaces and hyphens ("Llama3-8b-Instruct"
    for the row "Llama 3 8B Instruct", "Qwen3-8B" for "Qwen38B", a hyphen the PDF's text lost)? Only names of
    letters and digits: words alone are named word by word."""
    joined = _compact(label)
    if len(joined) < 4 or not re.search(r"[a-z]", joined) or not re.search(r"\d", joined):
        return False
    tokens = [_compact(re.sub(r"'s$", "", t)) for t in claim.split()]
    return any("".join(tokens[i:j]) == joined for i in range(len(tokens)) for j in range(i + 1, min(i + 5, len(tokens) + 1)))


def column_scores(headers: list[str], claim_words: list[str]) -> list[int]:
    """For each column, how many of the header levels that tell it apart from the others the claim names."""
    claim_stems = {stem(w.rstrip(".")) for w in claim_words}
    levels = [[lv.strip() for lv in header.split(" / ") if lv.strip()] for header in headers]
    common = set.intersection(*(set(lv) for lv in levels)) if levels else set()
    return [sum(_named(level, claim_stems, claim_words) for level in lv if level not in common) for lv in levels]


def claimed_column(row: RowCells, claim: str, own: list[str] | None = None) -> int | None:
    """The one column whose distinguishing header levels the claim names, if exactly one; with `own` (the words
    stated with one of the claim's numbers), the one those words name best, the whole claim breaking a tie.

    The words that name the row are spent on it: the R of "XLM-R" does not name a column headed R (recall).
    """
    label = set(_words(row_label(row)))
    if len(row.cells) == 1:
        return 0
    headers = [header for header, _ in row.cells]
    whole = column_scores(headers, [w for w in _words(claim) if w not in label])
    tied = list(range(len(headers)))
    if own is not None:
        scores = column_scores(headers, [w for w in own if w not in label])
        if max(scores) == 0:
            return None
        tied = [i for i, score in enumerate(scores) if score == max(scores)]
    best = max(whole[i] for i in tied)
    named = [i for i in tied if whole[i] == best]
    return named[0] if len(named) == 1 and (best > 0 or own is not None) else None


def _own_text(claim: str, quantity: Quantity, spans: list[tuple[int, int]], after_only: bool = False) -> str:
    """The text stated with one number of the claim: its clause, up to a clause break or another number either
    side ("a precision of 0.2280 | and a recall of 0.2007"), and the words its statement holds ("0.1102 Recall@20");
    with `after_only`, from the number on ("accuracies of .61 | for German and .54 for Hindi")."""
    start, end = quantity.span
    left = max([0] + [e for s, e in spans if e <= start] + [m.end() for m in _BREAK.finditer(claim, 0, start)])
    right = min([len(claim)] + [s for s, e in spans if s >= end] + [m.start() for m in _BREAK.finditer(claim, end)])
    return claim[start if after_only else left:right]


def _own_words(claim: str, quantity: Quantity, spans: list[tuple[int, int]], after_only: bool = False) -> list[str]:
    return _words(_own_text(claim, quantity, spans, after_only))


# Metrics a table reports and a claim's number states, by family and cutoff or variant: "Recall@10" is (recall, 10),
# "NDCG@10" (ndcg, 10), "ROUGE-L" (rouge, l). Short names count only as papers write them, in capitals: "map" and
# "em" are words too.
_METRIC_WORDS = re.compile(r"\b(accuracy|acc|precision|recall|f-?score|f-?measure|ndcg|mrr|auroc|auc|bleu|rouge|meteor|"
                           r"chrf|perplexity)(?:\s*[@-]\s*(\d+|lsum|l)\b)?", re.IGNORECASE)
_METRIC_NAMES = re.compile(r"\b(F1|EM|MAP|mAP|WER|CER|PPL|HR|Hits?)(?:\s*[@-]\s*(\d+|L)\b)?(?![\w@])"
                           r"|\b(P|R)@(\d+)\b")  # a lone P or R is a letter; P@10 a precision, R-1 a ROUGE
_FAMILIES = {"acc": "accuracy", "fscore": "f1", "f-score": "f1", "fmeasure": "f1", "f-measure": "f1",
             "ppl": "perplexity", "hits": "hit", "hr": "hit", "auroc": "auc", "p": "precision", "r": "recall"}


def metrics(text: str) -> set[tuple[str, str | None]]:
    """The metrics a text names, as (family, cutoff or variant)."""
    found = set()
    for pattern in (_METRIC_WORDS, _METRIC_NAMES):
        for m in pattern.finditer(text):
            name, cut = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
            found.add((_FAMILIES.get(name.lower(), name.lower()), cut.lower() if cut else None))
    return found


def _of_another_measure(own: str, header: str, row: RowCells) -> bool:
    """Does the claim's number state a metric that the cell's table does not report, where the table names its
    metrics? "a Recall@10 of 0.42" is no reading of a table of NDCG@10, however the rows and columns match."""
    claimed = metrics(own)
    reported = metrics(" ".join(filter(None, (header, row.label, row.group, row.table))))
    if not claimed or not reported:
        return False
    return not any(family == other and (cut is None or cutoff is None or cut == cutoff)
                   for family, cut in claimed for other, cutoff in reported)


def _cell_check(q: Quantity, row: RowCells, column: int, own: str) -> NumberCheck | None:
    """The claim's number against the row's cell in `column`, if the cell holds a number it can be compared with
    and is of the measure the claim's number states (`own`: the words stated with it)."""
    header, text = row.cells[column]
    if _of_another_measure(own, header, row):
        return None
    values = [v for v in parse_quantities(text) if v.role == "absolute"]
    # A bare number in a cell takes its measure from the header, so "71.4 accuracy" may meet it; a count of things
    # ("four target languages") only in a row or under a header that names them ("total step | 250").
    bare = (values and values[0].unit is None and q.role == "absolute"
            and not (counts_things(q) and stem(q.unit or "") not in _stems(f"{header} {row_label(row)}")))
    if not values or not (compatible(q, values[0]) or bare):
        return None
    cell = values[0]
    why = f"table cell at row {row_label(row)!r}, column {header!r}"
    return NumberCheck(claim=q, evidence=cell, tolerance=tolerance(q, cell), agrees=agrees(q, cell), why=why)


# Where a claim sets one thing's numbers against another's: "PaSa-7b reaches 0.5146 precision ..., whereas ChatGPT
# obtains 0.2280 precision ...".
_SET_AGAINST = re.compile(r";|\b(?:whereas|while|compared (?:to|with)|against|versus|vs\.?)\b", re.IGNORECASE)


def _of_the_row(claim: str, quantities: list[Quantity], label: str, others: Iterable[str]) -> list[Quantity]:
    """The claim's numbers stated of this row, where it sets the numbers of rows of the table against each other:
    those of the parts that name the row, when another part names another row and not this one."""
    cuts = [0] + [m.start() for m in _SET_AGAINST.finditer(claim)] + [len(claim)]
    parts = [(a, b) for a, b in zip(cuts, cuts[1:]) if b > a]
    if len(parts) < 2:
        return quantities
    mine = [(a, b) for a, b in parts if row_named(label, claim[a:b], others)]
    theirs = [(a, b) for a, b in parts if (a, b) not in mine
              and any(o != label and row_named(o, claim[a:b], others) for o in others)]
    if not mine or not theirs:
        return quantities
    return [q for q in quantities if any(a <= q.span[0] < b for a, b in mine)]


def _outside_the_name(claim: str, quantities: list[Quantity], label: str) -> list[Quantity]:
    """The claim's numbers but those written inside the row's name where the claim names the row: the 7B of "Zephyr
    7B", the 13B of "Llama 2 13B Chat", a size that tells models apart, not one of the row's cells."""
    words = _words(label)
    if not any(w[:1].isdigit() for w in words):
        return quantities
    # With or without separators, as row_named finds it: "Llama2 13B-Chat" names the row "Llama 2 13B Chat".
    written = re.compile(r"\b" + r"\W*".join(map(re.escape, words)) + r"\b", re.IGNORECASE)
    names = [(m.start(), m.end()) for m in written.finditer(claim)]
    return [q for q in quantities if not any(a <= q.span[0] < b for a, b in names)]


def align_cells(claim: str, quantities: list[Quantity], row: RowCells, others: Iterable[str] = ()) -> list[NumberCheck]:
    """The claim's number checked against the cell at its row and column; empty when either is not named. A claim
    stating several numbers of the row ("a precision of 0.2280 and a recall of 0.2007") has each checked against the
    column its own clause names, and nothing checked unless every one names a column of its own. `others`: the labels
    of the other rows of the row's table."""
    label = row_label(row)
    if not row_named(label, claim, others):
        return []
    key = _key(row)
    if key is not None:  # the number that names the row is not one of its cells' to check
        value = float(key[1].replace(",", ""))
        quantities = [q for q in quantities if not q.low <= value <= q.high]
    quantities = _of_the_row(claim, _outside_the_name(claim, quantities, label), label, others)
    column = claimed_column(row, claim)
    spans = [q.span for q in quantities]
    if column is not None:
        checks = [check for q in quantities
                  if (check := _cell_check(q, row, column, _own_text(claim, q, spans))) is not None]
        # Numbers of several rows ("ran for 500 total steps, with the policy frozen for the first 50"): the row is
        # the one number's whose own clause names it, where the others' clauses name none of its columns ("a
        # precision of 0.2280 and a precision of 0.2007" still states two numbers of one cell).
        if len(checks) > 1:
            own = {id(c): _own_words(claim, c.claim, spans) for c in checks}
            mine = [c for c in checks if row_named(label, " ".join(own[id(c)]), others)]
            headers = [header for header, _ in row.cells]
            if all(max(column_scores(headers, own[id(c)])) == 0 for c in checks if c not in mine):
                checks = mine
        if len(checks) == 1:
            return checks
    stated = [q for q in quantities if q.role == "absolute"]
    if len(stated) < 2:
        return []
    checks = []
    for q in stated:
        # The words right after a number name its column first ("of .61 for German and .54 for Hindi"); where they
        # name none, its whole clause does.
        column = claimed_column(row, claim, _own_words(claim, q, spans, after_only=True))
        if column is None:
            column = claimed_column(row, claim, _own_words(claim, q, spans))
        check = _cell_check(q, row, column, _own_text(claim, q, spans)) if column is not None else None
        if check is None:
            return []
        checks.append(check)
    return checks if len({c.why for c in checks}) == len(checks) else []
