"""Numeric claims about X-STILTs (arXiv 2005.13013) checked against replication runs.

A claim is mapped to experiment cells (which intermediate setting, which
target, absolute score or gain over the baseline) and each cell is looked up
in results.sqlite through `replicate.cells`. Status: REPRODUCED (within
tolerance), NOT_REPRODUCED (outside it, both values shown), NOT_RUN (no runs;
the command that produces them), NOT_COMPARABLE (the runs are not like the
paper's: another model, toy data or capped training; the value is shown, not
judged), or NOT_APPLICABLE with the reason the claim cannot be mapped. Tolerance: 2 x the seed standard deviation when there are
at least 3 seeds, else a stated default.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from claims.numbers import parse_quantities
from replicate.cells import Cell, measure
from replicate.report import load_paper_numbers
from replicate.tasks import TASKS

PAPER = "2005.13013"
DEFAULT_TOLERANCE = 1.0  # points, when fewer than 3 seeds give no spread to derive one from
GRID_COMMAND = "synth replicate grid configs/xstilts.toml --results {results}"
_NAMES = [  # (pattern, task); longer names first so 'SQuAD v1.1' wins over 'SQuAD'
    (r"ANLI\+?", "anli_plus"), (r"MNLI", "mnli"), (r"QQP", "qqp"), (r"SQuAD\s*v?1\.1", "squad_v1"),
    (r"SQuAD\s*v?2\.0", "squad_v2"), (r"SQuAD", "squad_v2"), (r"HellaSwag", "hellaswag"), (r"CCG", "ccg"),
    (r"Cosmos\s*QA", "cosmosqa"), (r"CommonsenseQA|CSQA", "commonsenseqa"), (r"XNLI", "xnli"), (r"PAWS-?X", "pawsx"),
    (r"UD-?POS|POS tagging", "udpos"), (r"PAN-?X|WikiANN|NER", "panx"), (r"XQuAD", "xquad"), (r"MLQA", "mlqa"),
    (r"TyDiQA(?:-GoldP)?", "tydiqa"), (r"BUCC", "bucc2018"), (r"Tatoeba", "tatoeba"),
]
INTERMEDIATE = tuple(t for t, spec in TASKS.items() if spec.role == "intermediate" and t != "mlm")


@dataclass
class Mapping:
    cells: list[tuple[Cell, float]] = field(default_factory=list)  # (cell, claimed value)
    reason: str | None = None  # why the claim maps to no cell
    notes: list[str] = field(default_factory=list)


def _mentions(text: str) -> list[str]:
    found: list[tuple[int, str]] = []
    taken: list[tuple[int, int]] = []
    for pattern, task in _NAMES:
        for match in re.finditer(rf"\b(?:{pattern})(?![\w-])", text):
            if not any(a <= match.start() < b for a, b in taken):
                taken.append(match.span())
                found.append((match.start(), task))
    return [task for _, task in sorted(found)]


def map_claim(text: str) -> Mapping:
    # Scores and gains: numbers in digits, in points or percent (a word like 'single' is not a score).
    quantities = [q for q in parse_quantities(text) if q.unit in (None, "points", "%") and any(c.isdigit() for c in q.text)]
    if not quantities:
        counts = [q.text for q in parse_quantities(text)]
        why = f"states only counts ({', '.join(counts)}), facts of the setup rather than measurements" if counts else \
            "states no number to check against runs"
        return Mapping(reason=why)
    tasks = _mentions(text)
    intermediates = [t for t in tasks if TASKS[t].role == "intermediate"]
    targets = [t for t in tasks if TASKS[t].role == "target"]
    delta = any(q.role == "delta" for q in quantities) or bool(re.search(r"improv|gain|boost|better", text, re.I))
    quantity = "delta" if delta else "absolute"
    mapping = Mapping()
    if re.search(r"best[- ]perform\w* (?:models?|settings?) for each target|best[- ]per[- ]target", text, re.I):
        settings: list = ["best"]
    elif re.search(r"multi-?task", text, re.I):
        settings = [tuple(intermediates) if len(intermediates) > 1 else INTERMEDIATE]
        if not intermediates:
            mapping.notes.append(f"multi-task over all {len(INTERMEDIATE)} intermediate tasks of the paper")
    elif intermediates:
        settings = [(t,) for t in intermediates]
    else:
        return Mapping(reason="names no intermediate task or setting (baseline, multi-task, best per target)")
    if "squad_v2" in intermediates and re.search(r"\bSQuAD\b(?!\s*v?\d)", text):
        mapping.notes.append("bare 'SQuAD' read as SQuAD v2.0")
    target_names = targets or (["avg"] if re.search(r"XTREME|target[- ]tasks?|average", text, re.I) else [])
    if not target_names and quantity == "delta":
        target_names = ["avg"]
        mapping.notes.append("no target named: read as the gain averaged over the target tasks")
    if not target_names:
        return Mapping(reason="names no target task (nor XTREME or an average over targets)")
    if len(settings) == len(quantities) and len(target_names) == 1:
        pairs = [(s, target_names[0], q) for s, q in zip(settings, quantities)]
    elif len(settings) == 1 and len(target_names) == len(quantities):
        pairs = [(settings[0], t, q) for t, q in zip(target_names, quantities)]
    elif len(settings) == 1 and len(target_names) == 1 and len(quantities) >= 1:
        pairs = [(settings[0], target_names[0], quantities[0])]
    else:
        return Mapping(reason=f"{len(quantities)} numbers for {len(settings)} settings and {len(target_names)} targets: "
                              "cannot tell which number is which cell")
    mapping.cells = [(Cell(setting, target, quantity), q.value) for setting, target, q in pairs]
    mapping.notes += _version_notes(mapping.cells)
    return mapping


def _version_notes(cells: list[tuple[Cell, float]]) -> list[str]:
    """Which abstract version states a best-per-target gain: v1 (May 2020) and v2 (AACL 2020) differ."""
    claims = (load_paper_numbers().model_extra or {}).get("abstract_claims", {})
    key = "best_per_target_gain_over_xlmr_large_xtreme_points"
    notes = []
    for cell, value in cells:
        if cell.setting != "best" or cell.quantity != "delta":
            continue
        for version, other in (("v1", "v2"), ("v2", "v1")):
            stated = claims.get(version, {}).get(key)
            if stated is not None and abs(stated - value) < 0.05:
                notes.append(f"{value:g} points is the {version} abstract's number ({claims[version]['source']}); "
                             f"{other} states {claims.get(other, {}).get(key)}")
    return notes


def check(text: str, results: Path) -> dict:
    """The Verdict's `replication` record for a claim about 2005.13013, against a results database."""
    mapping = map_claim(text)
    if mapping.reason:
        return {"status": "NOT_APPLICABLE", "reason": mapping.reason, "cells": [], "notes": mapping.notes}
    cells = []
    for cell, claimed in mapping.cells:
        measured = measure(results, cell)
        if measured is None:
            cells.append({"cell": cell.describe(), "expected": claimed, "status": "NOT_RUN"})
            continue
        spread = measured.std if measured.n >= 3 and measured.std is not None else None
        tolerance = 2 * spread if spread is not None else DEFAULT_TOLERANCE
        status = "REPRODUCED" if abs(measured.mean - claimed) <= tolerance else "NOT_REPRODUCED"
        record = {"cell": cell.describe(), "expected": claimed, "measured": round(measured.mean, 3),
                  "std": measured.std, "n": measured.n, "split": measured.split, "tolerance": round(tolerance, 3),
                  "tolerance_basis": "2 x seed std (n >= 3)" if spread is not None else f"default {DEFAULT_TOLERANCE} points (fewer than 3 seeds)",
                  "run_ids": list(measured.run_ids), "status": status}
        if measured.unlike_paper:
            record |= {"status": "NOT_COMPARABLE", "reason": f"not comparable with the paper's runs: {measured.unlike_paper}"}
        cells.append(record)
    statuses = {c["status"] for c in cells}
    status = next((s for s in ("NOT_REPRODUCED", "NOT_RUN", "NOT_COMPARABLE") if s in statuses), "REPRODUCED")
    record = {"status": status, "cells": cells, "notes": mapping.notes}
    if status == "NOT_COMPARABLE":
        record["reason"] = next(c["reason"] for c in cells if c["status"] == "NOT_COMPARABLE")
    if "NOT_RUN" in statuses:
        record["command"] = GRID_COMMAND.format(results=results)
    return record
