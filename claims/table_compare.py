"""A claim that compares things in a table, checked by comparing their cells.

"S2S performs better than G2S-GGNN on BLEU" and "G2S-GGNN achieves the highest
BLEU" are about cells of one table: the things the claim names (row labels, or
column headers where the table puts its systems in columns), under the
measure it names. Their truth is a comparison of numbers, which the
cross-encoder reads no better than chance in a long table, so it is computed:
- things are found by their names written out in the claim (the longest name
  that fits wins: "MIL-ND" is not "MIL"; a cited work also by its first
  author's name), within the group of rows the claim names ("In LDC2017T10")
  when the table has groups;
- the measures are the ones the claim names (header words, language codes,
  abbreviations); a claim that names none is decided only when every measure
  agrees;
- "better" and "worse" mean lower for errors, perplexity, loss and the like;
- exactly one comparative word, with one thing before it and the others after
  it (or one thing and a superlative); a difference stated in points is
  computed too, and any other number the claim states must be one of the
  cells compared. Otherwise nothing is decided and the claim goes on to the
  numbers in prose and the cross-encoder.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import groupby

from claims.numbers import parse_quantities
from claims.passages import RowCells
from claims.table_cells import column_scores

# "more than one concept word" counts; "more than mBERT" compares.
_NOT_A_COUNT = r"(?!\s+(?:\d|one|two|three|four|five|six|seven|eight|nine|ten|a few|several|half|a\b))"
# Each comparative word: which way it points (+1: the first thing has more) and whether it speaks of quality
# ("better"), which turns round for a measure where lower is better.
COMPARATIVES = [
    (r"outperform(?:s|ed|ing)?|beats?|surpass(?:es|ed)?|superior to|improves? (?:up)?on|improves? over", +1, True),
    (r"better|stronger", +1, True),
    (r"underperform(?:s|ed)?|inferior to|falls? behind|lags? behind", -1, True),
    (r"worse|weaker", -1, True),
    (rf"higher|greater|larger|exceeds?|more than{_NOT_A_COUNT}", +1, False),
    (rf"lower|smaller|fewer|less than{_NOT_A_COUNT}", -1, False),
]
_SUPERLATIVES = [
    (r"best", +1, True),
    (r"worst", -1, True),
    (r"highest|largest|greatest|maximum", +1, False),
    (r"lowest|smallest|fewest|minimum", -1, False),
]
_PASSIVE = re.compile(r"^\w+ by\b", re.I)
NEGATION = re.compile(r"\b(?:not|never|fails? to|cannot|\w+n't)\b", re.I)
# A negation turns the comparison round only within its clause: "X, which does not use Y, outperforms Z" holds.
CLAUSE = re.compile(r"[,;:]|\b(?:which|while|whereas|but|although|though|because)\b", re.I)
# Words that make a comparison one no pair of cells settles: ties, ratios, ranks after the first, trends,
# significance, quantifiers, subsets of the rows, differences.
_UNSETTLED = re.compile(r"\b(?:comparable|similar|same|equal|on par|competitive|close|significant\w*|times|twice|"
                        r"doubl\w*|tripl\w*|halv\w*|half|\w+-?fold|second|third|runner-up|"
                        r"trend|increas\w*|decreas\w*|drops?|most|least|average|overall|all|each|every|both|always|"
                        r"generally|usually|often|among|except|excluding|non-\w+|"
                        # a gain is a difference of cells, not a cell; a difference in per cent may be relative
                        r"gains?|improvements?|differences?|boost|degradation)\b"
                        r"|by \d+(?:\.\d+)?\s*%|\d\s*%\s*(?:higher|lower|better|worse|more|less)", re.I)
_POINTS = re.compile(r"(\d+(?:\.\d+)?)\s*(?:points?|pp|absolute)\b", re.I)
_LOWER_IS_BETTER = re.compile(r"\b(?:error|err|wer|cer|ter|perplexity|ppl|loss|distance|mae|mse|rmse|latency|time)\b",
                              re.I)
_TOKEN = re.compile(r"[a-z0-9]+(?:@[a-z0-9]+)*")
_TAG = re.compile(r"</?\w+>|\[(?:BOLD|ITALIC|EMPTY)\]\s*")
# A number standing alone: "LDC2015E86" and "G2S" are names, not numbers.
_NUMBER = re.compile(r"(?<![A-Za-z0-9.])[-−]?(?:\d+(?:,\d{3})*(?:\.\d+)?|\.\d+)(?![A-Za-z0-9])")
# "Guo et al. (2019)", "Damonte and Cohen (2019)": a cited work, named in a claim by its first author.
_CITED = re.compile(r"([A-Z][\w-]+)\s+(?:et al\.?|and [A-Z][\w-]+)\s*,?\s*\(?(?:19|20)\d\d")


@dataclass(frozen=True)
class Cell:
    thing: str  # what is measured: a system, a setting
    measure: str  # under what: a column header, or a row's words where the table puts systems in columns
    group: str | None
    value: float
    row: RowCells  # the row the cell is in


@dataclass(frozen=True)
class Comparison:
    """What the table says of the claim's comparison: holds or not, and the cells read to say so."""

    holds: bool
    reason: str
    rows: tuple[RowCells, ...]  # the rows whose cells were compared, the claim's first thing's first
    values: tuple[float, ...] = ()  # the cells compared


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(_TAG.sub(" ", text).lower())


def cell_value(text: str) -> float | None:
    """The cell's number: the first one, before any '±' spread or '+6.0%' difference."""
    match = _NUMBER.search(_TAG.sub(" ", text))
    return float(match.group().replace(",", "").replace("−", "-")) if match else None


def written_rows(passage: str) -> list[RowCells] | None:
    """The rows of a table written as one passage: caption, 'Columns: a | b', then one 'label | cells' line per
    row (SciTab's form, and the generated tables'). A row without a number heads the rows after it."""
    lines = passage.split("\n")
    if len(lines) < 3 or not lines[1].startswith("Columns: "):
        return None
    headers = [_TAG.sub("", h).strip() for h in lines[1][len("Columns: "):].split(" | ")]
    rows, group = [], None
    for line in lines[2:]:
        cells = [_TAG.sub("", c).strip() for c in line.split(" | ")]
        if len(cells) != len(headers):
            continue
        if all(cell_value(c) is None for c in cells[1:]):
            group = " ".join(dict.fromkeys(c for c in cells if c))
            continue
        rows.append(RowCells(label=cells[0], group=group, cells=tuple(zip(headers[1:], cells[1:]))))
    return rows


def table_cells(rows: list[RowCells]) -> tuple[list[Cell], list[Cell]]:
    """The table's numbers read both ways: things in rows measured under the columns, and things in columns
    measured under each row's words (its label and text cells, its group)."""
    by_rows, by_columns = [], []
    for row in rows:
        words = [row.label] + [text for _, text in row.cells if cell_value(text) is None and text] + [row.group or ""]
        description = " / ".join(w for w in words if w)
        for header, text in row.cells:
            value = cell_value(text)
            if value is not None and row.label:
                by_rows.append(Cell(row.label, header, row.group, value, row))
            if value is not None and header:
                by_columns.append(Cell(header, description, None, value, row))
    return by_rows, by_columns


def _forms(name: str) -> list[list[str]]:
    """Ways a claim writes a thing's name: whole, without its parenthesis, a cited work by its first author."""
    forms = [_tokens(name), _tokens(re.sub(r"\(.*?\)", "", name))]
    cited = _CITED.match(name)
    if cited:
        forms.append(_tokens(cited.group(1)))
    return [f for f in forms if f]


def _find(tokens: list[str], claim: list[str], taken: set[int]) -> int | None:
    n = len(tokens)
    for start in range(len(claim) - n + 1):
        if claim[start:start + n] == tokens and not taken.intersection(range(start, start + n)):
            return start
    return None


def _mentions(claim: list[str], names: list[str], taken: set[int]) -> dict[str, int]:
    """Each name the claim writes out, at its first word; longer forms first so that "MIL-ND" is not "MIL"."""
    found: dict[str, int] = {}
    forms = sorted(((f, name) for name in names for f in _forms(name)), key=lambda fn: -len(fn[0]))
    for tokens, name in forms:
        if name in found:
            continue
        at = _find(tokens, claim, taken)
        if at is not None:
            found[name] = at
            taken.update(range(at, at + len(tokens)))
    return found


def comparative_word(options, claim: str) -> tuple[int, bool, int, int] | None:
    """The one comparative (or superlative) word of the claim: its direction, whether it speaks of quality, and
    where it starts and ends; None when there is none or more than one."""
    hits = [(m, sign, quality) for pattern, sign, quality in options for m in re.finditer(rf"\b(?:{pattern})\b", claim, re.I)]
    if len(hits) != 1:
        return None
    match, sign, quality = hits[0]
    bounds = [0] + [m.end() for m in CLAUSE.finditer(claim) if m.end() <= match.start()]
    after = CLAUSE.search(claim, match.end())
    negations = NEGATION.findall(claim[bounds[-1]:after.start() if after else len(claim)])
    if len(negations) > 1:
        return None
    if negations:
        sign = -sign
    if _PASSIVE.search(claim[match.start():]):
        sign = -sign
    return sign, quality, match.start(), match.end()


def _signed(value: float, measure: str, quality: bool) -> float:
    """The value in the direction the comparison speaks of: better is lower for an error."""
    return -value if quality and _LOWER_IS_BETTER.search(measure) else value


def compare(claim: str, rows: list[RowCells]) -> Comparison | None:
    """Whether the table's cells bear out the claim's comparison; None when it makes none the cells can settle."""
    if not rows or _UNSETTLED.search(claim):
        return None
    comparative, superlative = comparative_word(COMPARATIVES, claim), comparative_word(_SUPERLATIVES, claim)
    if bool(comparative) == bool(superlative):
        return None
    for cells in table_cells(rows):
        result = _compare(claim, cells, comparative, superlative)
        if result is not None:
            return result if _states_only(claim, result.values) else None
    return None


def _states_only(claim: str, values: tuple[float, ...]) -> bool:
    """Does every number of the claim stand for a cell compared (its difference in points aside)? "G2S-GGNN
    reaches 29.87 BLEU, more than Guo et al." is not borne out by G2S-GGNN's 27.87 being more: its number
    is for the cells themselves to check, so the comparison alone decides nothing."""
    points = _POINTS.search(claim)
    for q in parse_quantities(claim):
        if _is_at(q, points):
            continue
        if q.role == "delta" or not any(q.low <= v <= q.high for v in values):
            return False
    return True


def _compare(claim: str, cells: list[Cell], comparative, superlative) -> Comparison | None:
    words = _tokens(claim)
    taken: set[int] = set()
    groups = _mentions(words, list(dict.fromkeys(c.group for c in cells if c.group)), taken)
    if len(groups) > 1:
        return None
    scope = [c for c in cells if not groups or c.group in groups]
    mentions = _mentions(words, list(dict.fromkeys(c.thing for c in scope)), taken)
    rest = [w for i, w in enumerate(words) if i not in taken]
    measures = list(dict.fromkeys(c.measure for c in scope))
    scores = column_scores(measures, rest)
    named = {m for m, s in zip(measures, scores) if s == max(scores) > 0} or set(measures)
    scope = [c for c in scope if c.measure in named]
    if comparative and len(mentions) >= 2:
        sign, quality, start, end = comparative
        before = len(_tokens(claim[:start]))
        first = [name for name, at in mentions.items() if at < before]
        others = [name for name, at in mentions.items() if at >= before]
        if len(first) != 1 or not others:
            return None
        return _pairwise(first[0], others, scope, sign, quality, _difference(claim))
    if superlative and len(mentions) == 1:
        sign, quality, _, _ = superlative
        return _extreme(next(iter(mentions)), scope, sign, quality)
    return None


@dataclass(frozen=True)
class Difference:
    """A difference in points a claim states, as the range claims.numbers reads it, and in words."""

    low: float
    high: float
    words: str


def _is_at(quantity, points: re.Match | None) -> bool:
    """Is this the quantity claims.numbers reads where the claim states its difference in points?"""
    return points is not None and quantity.unit == "points" and quantity.span[0] <= points.start() < quantity.span[1]


def _difference(claim: str) -> Difference | None:
    """The difference in points the claim states: "roughly 13 points" holds of a gap of 13.2, "by more than 2
    points" of any gap over 2, as the numbers are read everywhere (claims.numbers)."""
    points = _POINTS.search(claim)
    if not points:
        return None
    stated = next((q for q in parse_quantities(claim) if _is_at(q, points)), None)
    value = float(points.group(1))
    if stated is None or stated.comparator == "=":
        margin = 0.011 + 0.005 * value
        return Difference(value - margin, value + margin, f"by {value:g} points")
    if stated.high == float("inf"):
        return Difference(stated.low, stated.high, f"by {stated.low:g} points or more")
    if stated.low == float("-inf"):
        return Difference(stated.low, stated.high, f"by at most {stated.high:g} points")
    return Difference(stated.low, stated.high, f"by about {value:g} points")


def _places(scope: list[Cell]):
    """The cells compared with each other: one measure, one group."""
    key = lambda c: (c.measure, c.group or "")  # noqa: E731
    return [list(cells) for _, cells in groupby(sorted(scope, key=key), key=key)]


def _where(cell: Cell) -> str:
    return f"under {cell.measure!r}" + (f" ({cell.group})" if cell.group else "")


def _pairwise(first: str, others: list[str], scope: list[Cell], sign: int, quality: bool,
              points: Difference | None) -> Comparison | None:
    outcomes, shown, read = set(), [], []
    for place in _places(scope):
        mine = [c for c in place if c.thing == first]
        for other in others:
            theirs = [c for c in place if c.thing == other]
            if len(mine) != 1 or len(theirs) != 1 or mine[0].value == theirs[0].value:
                continue
            a, b = mine[0], theirs[0]
            gap = (_signed(a.value, a.measure, quality) - _signed(b.value, b.measure, quality)) * sign
            holds = gap > 0 and (points is None or points.low <= gap <= points.high)
            outcomes.add(holds)
            shown.append(f"{first} {a.value:g} vs {other} {b.value:g} {_where(a)}")
            read += [a, b]
    if len(outcomes) != 1:
        return None
    holds = outcomes.pop()
    way = ("better" if sign > 0 else "worse") if quality else ("higher" if sign > 0 else "lower")
    by = f" {points.words}" if points is not None else ""
    return _read(holds, f"table cells {'; '.join(shown[:4])}: {first} is {'' if holds else 'not '}{way}{by}", read)


def _extreme(thing: str, scope: list[Cell], sign: int, quality: bool) -> Comparison | None:
    outcomes, shown, read = set(), [], []
    for place in _places(scope):
        mine = [c for c in place if c.thing == thing]
        rivals = [c for c in place if c.thing != thing]
        if len(mine) != 1 or not rivals:
            continue
        best = max(rivals, key=lambda c: _signed(c.value, c.measure, quality) * sign)
        outcomes.add(_signed(mine[0].value, best.measure, quality) * sign >= _signed(best.value, best.measure, quality) * sign)
        shown.append(f"{thing} {mine[0].value:g} vs {best.thing} {best.value:g} {_where(best)}")
        read += [mine[0], best]
    if len(outcomes) != 1:
        return None
    holds = outcomes.pop()
    way = ("best" if sign > 0 else "worst") if quality else ("highest" if sign > 0 else "lowest")
    return _read(holds, f"table cells {'; '.join(shown[:4])}: {thing} is {'' if holds else 'not '}the {way}", read)


def _read(holds: bool, reason: str, cells: list[Cell]) -> Comparison:
    return Comparison(holds, reason, tuple(dict.fromkeys(c.row for c in cells)), tuple(c.value for c in cells))
