"""Quality dimensions of a report, computed from its verdicts, each with its formula and counts."""

from __future__ import annotations

from synth.reports.sidecar import ClaimRow, Dimension

SCORE_FORMULA = "10 x mean of the dimensions that could be measured (evidence_strength, citation_grounding, numerical_consistency, reproducibility_status)"


def _ratio(numerator: float, denominator: int, basis: str) -> Dimension:
    if denominator == 0:
        return Dimension(value=None, basis=f"{basis}: nothing to measure (0 claims)")
    return Dimension(value=round(numerator / denominator, 4), basis=f"{basis}: {numerator:g} / {denominator}")


def quality(rows: list[ClaimRow]) -> tuple[dict[str, Dimension], float | None]:
    verdicts = [r.verdict for r in rows]
    supported = [v for v in verdicts if v.label == "SUPPORTED"]
    grounded = [v for v in supported if v.evidence and v.evidence[0].page is not None]
    numeric = [v for v in verdicts if any(n.agrees is not None for n in v.numbers)]
    consistent = [v for v in numeric if all(n.agrees is not False for n in v.numbers)]
    replicated = [v for v in verdicts if v.replication and v.replication.get("status") in ("REPRODUCED", "NOT_REPRODUCED")]
    reproduced = [v for v in replicated if v.replication.get("status") == "REPRODUCED"]
    dims = {
        "evidence_strength": _ratio(round(sum(v.confidence for v in supported), 4), len(verdicts),
                                    "sum of the calibrated confidence of SUPPORTED verdicts / claims"),
        "citation_grounding": _ratio(len(grounded), len(verdicts),
                                     "SUPPORTED claims whose best evidence is a quote with a page in a full text / claims"),
        "numerical_consistency": _ratio(len(consistent), len(numeric),
                                        "numeric claims whose aligned numbers all agree / numeric claims with an aligned number"),
        "reproducibility_status": _ratio(len(reproduced), len(replicated),
                                         "claims REPRODUCED by replication runs / claims checked against runs"),
    }
    measured = [d.value for d in dims.values() if d.value is not None]
    score = round(10 * sum(measured) / len(measured), 1) if measured else None
    return dims, score
