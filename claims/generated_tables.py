"""(table, claim) pairs made from generated results tables, labelled by computing the claim on the table.

A results table (models in rows, data sets or metrics in columns) is written
as a passage in both ways synth reads tables: whole, as the SciTab sets print
them ("Table 3: caption / Columns: ... / row | cell | ..."), and one row at a
time as claims.passages reads a row of a PDF table. Claims are the kinds of
statement papers make about their tables, each decided on the numbers:
- a cell's value ("X gets 71.3 on D"), right or with the number changed;
- a comparison of two rows on a column, which is best on a column, on how
  many columns one row beats another, and by how much;
- NOT_ENOUGH_INFO: the same claims about a row or column the table does not
  have, or a reason the table cannot show ("... because of its attention").
Every claim is true or false by computation on the table it is paired with,
so the labels are exact. Names come from the papers' own text, so training
never sees the names of the papers kept for calibration or measuring.
"""

from __future__ import annotations

import random

from claims.nli_data import NEI, REF, SUP, Pair, table_passage
from claims.subject import names

_METRICS = ("accuracy", "F1", "BLEU", "EM", "ROUGE-L", "precision", "recall", "AUC", "MAP", "METEOR")
_REASONS = ("because of its larger pre-training corpus", "thanks to the attention mechanism",
            "due to the additional training data", "since it uses character-level features",
            "which shows that pre-training matters most", "because it models long-range dependencies")
_TITLES = ("Results on the test sets", "Performance of all models", "Comparison with previous work",
           "Ablation study", "Main results", "Results on the development sets")

Claim = tuple[str, tuple[int, ...], str]  # text, target, how it was made
# Claims that compare rows: one row cannot decide them, so they are always paired with the whole table.
_ACROSS_ROWS = frozenset({"best", "best_named", "comparison", "comparison_lower", "count", "count_changed", "all",
                          "difference", "difference_changed"})


class _Table:
    def __init__(self, rng: random.Random, models: list[str], columns: list[str], metric: str, number: int):
        self.models, self.columns, self.metric, self.number = models, columns, metric, number
        decimals = rng.choice((1, 1, 2))
        base = rng.uniform(20, 90)
        self.values = [[round(min(99.9, max(1.0, base + rng.gauss(0, 6))), decimals) for _ in columns] for _ in models]
        self.caption = f"{rng.choice(_TITLES)} ({metric})."

    def cell(self, r: int, c: int) -> str:
        return f"{self.values[r][c]:g}"

    def whole(self) -> str:
        rows = [[m] + [self.cell(r, c) for c in range(len(self.columns))] for r, m in enumerate(self.models)]
        return table_passage(f"Table {self.number}: {self.caption}", ["Model", *self.columns], rows)

    def row(self, r: int) -> str:
        cells = ", ".join(f"{col} {self.cell(r, c)}" for c, col in enumerate(self.columns))
        return f"Table {self.number} ({self.caption.rstrip('.')}), {self.models[r]}: {cells}"


def _changed(value: float, rng: random.Random) -> str:
    delta = rng.choice((0.8, 1.5, 2.4, 3.7, 6.1)) * rng.choice((-1, 1))
    return f"{round(value + delta, 1):g}"


def _claims(t: _Table, rng: random.Random, foreign_model: str, foreign_column: str) -> list[Claim]:
    """Candidate claims of every kind about `t`, each with the label its numbers give it."""
    n_rows, n_cols = len(t.models), len(t.columns)
    r, o = rng.sample(range(n_rows), 2)
    c = rng.randrange(n_cols)
    a, b, col, v = t.models[r], t.models[o], t.columns[c], t.values[r][c]
    better = t.values[r][c] > t.values[o][c]
    wins = sum(t.values[r][j] > t.values[o][j] for j in range(n_cols))
    best = max(range(n_rows), key=lambda i: t.values[i][c])
    gap = round(abs(t.values[r][c] - t.values[o][c]), 1)
    wrong_count = rng.choice([k for k in range(n_cols + 1) if k != wins])
    out: list[Claim] = [
        (f"{a} achieves {t.cell(r, c)} {t.metric} on {col}.", (SUP,), "cell"),
        (f"{a} achieves {_changed(v, rng)} {t.metric} on {col}.", (REF,), "cell_changed"),
        (f"{a} outperforms {b} on {col}.", (SUP,) if better else (REF,), "comparison"),
        (f"{a} obtains a lower {t.metric} than {b} on {col}.", (REF,) if better else (SUP,), "comparison_lower"),
        (f"{t.models[best]} performs best on {col}.", (SUP,), "best"),
        (f"{a} performs best on {col}.", (SUP,) if best == r else (REF,), "best_named"),
        (f"{a} is better than {b} on {wins} of the {n_cols} columns.", (SUP,), "count"),
        (f"{a} is better than {b} on {wrong_count} of the {n_cols} columns.", (REF,), "count_changed"),
        (f"{a} beats {b} on every column.", (SUP,) if wins == n_cols else (REF,), "all"),
        (f"The gap between {a} and {b} on {col} is {gap:g} points.", (SUP,), "difference"),
        (f"The gap between {a} and {b} on {col} is {_changed(gap, rng).lstrip('-')} points.", (REF,), "difference_changed"),
        (f"{foreign_model} achieves {t.cell(r, c)} {t.metric} on {col}.", (NEI,), "foreign_row"),
        (f"{foreign_model} outperforms {b} on {col}.", (NEI,), "foreign_row_comparison"),
        (f"{a} achieves {t.cell(r, c)} {t.metric} on {foreign_column}.", (NEI,), "foreign_column"),
        (f"{a} {'outperforms' if better else 'trails'} {b} on {col} {rng.choice(_REASONS)}.", (NEI,), "reason"),
    ]
    return [claim for claim in out if not (claim[2] == "difference_changed" and claim[0].endswith(f" {gap:g} points."))]


def _row_of(claim: str, models: list[str], rng: random.Random) -> int:
    """The row a claim opens with, or any row for a claim about a model the table does not have."""
    return next((i for i, m in enumerate(models) if claim.startswith(m)), rng.randrange(len(models)))


def generate_tables(texts: list[str], *, tables: int, seed: int = 0, dataset: str = "generated_tables") -> list[Pair]:
    """One SUPPORTED, one REFUTED and one NOT_ENOUGH_INFO pair for each of `tables` generated tables."""
    pool = sorted({n for text in texts for n in names(text) if 2 <= len(n) <= 24})
    if len(pool) < 12:
        return []
    pairs: list[Pair] = []
    for number in range(tables):
        rng = random.Random(f"{seed}:table:{number}")
        n_rows, n_cols = rng.randint(3, 6), rng.randint(2, 6)
        picked = rng.sample(pool, n_rows + n_cols + 2)
        models, columns, (foreign_model, foreign_column) = picked[:n_rows], picked[n_rows:-2], picked[-2:]
        table = _Table(rng, models, columns, rng.choice(_METRICS), rng.randint(1, 9))
        claims = _claims(table, rng, foreign_model, foreign_column)
        for label in (SUP, REF, NEI):
            text, target, tag = rng.choice([c for c in claims if c[1] == (label,)])
            # Half the passages are the whole table, half the one row the claim is about, as synth reads a PDF's table.
            whole = rng.random() < 0.5 or tag in _ACROSS_ROWS
            passage = table.whole() if whole else table.row(_row_of(text, models, rng))
            pairs.append(Pair(passage, text, target, dataset, group=f"table-{number}", tags=(tag,)))
    return pairs
