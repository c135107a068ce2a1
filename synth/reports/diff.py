"""`synth diff`: claim-table regressions between two report sidecars, for CI.

Claims are matched by id, else by text (rapidfuzz token-sort ratio >= 90).
A regression is a verdict that flips, a confidence that drops by more than
`max_drop`, or a claim that disappears; added claims are listed, not failed.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

from pydantic import ValidationError
from rapidfuzz import fuzz

from claims.errors import ClaimInputError
from synth.reports.sidecar import ClaimRow, ReportSidecar

MATCH_THRESHOLD = 90.0


@dataclass
class Change:
    claim: str
    kind: str  # unchanged, improved, lower (within max_drop), flipped, dropped, removed, added
    old: ClaimRow | None
    new: ClaimRow | None

    @property
    def regression(self) -> bool:
        return self.kind in {"flipped", "dropped", "removed"}

    def describe(self) -> str:
        if self.old and self.new:
            o, n = self.old.verdict, self.new.verdict
            return f"{o.label} {o.confidence:.2f} -> {n.label} {n.confidence:.2f}"
        row = self.old or self.new
        return f"{row.verdict.label} {row.verdict.confidence:.2f}"


def load_sidecar(path: Path) -> ReportSidecar:
    try:
        return ReportSidecar.model_validate_json(path.read_bytes())
    except FileNotFoundError as exc:
        raise ClaimInputError(path, "file not found") from exc
    except ValidationError as exc:
        detail = exc.errors()[0]
        raise ClaimInputError(path, f"not a report sidecar ({'.'.join(map(str, detail['loc'])) or 'file'}: {detail['msg']})") from exc


def diff_reports(old: ReportSidecar, new: ReportSidecar, max_drop: float = 0.1) -> list[Change]:
    remaining = list(new.claims)
    changes: list[Change] = []
    for before in old.claims:
        after = next((r for r in remaining if r.claim.id == before.claim.id), None)
        if after is None:
            scored = [(fuzz.token_sort_ratio(before.claim.text, r.claim.text), r) for r in remaining]
            best = max(scored, key=lambda s: s[0], default=(0.0, None))
            after = best[1] if best[0] >= MATCH_THRESHOLD else None
        if after is None:
            changes.append(Change(before.claim.text, "removed", before, None))
            continue
        remaining.remove(after)
        o, n = before.verdict, after.verdict
        if o.label != n.label:
            kind = "flipped"
        elif o.confidence - n.confidence > max_drop:
            kind = "dropped"
        elif (shown := round(n.confidence, 2) - round(o.confidence, 2)) > 0:  # as printed, to two decimals
            kind = "improved"
        elif shown < 0:
            kind = "lower"  # but by no more than max_drop: shown, not failed
        else:
            kind = "unchanged"
        changes.append(Change(after.claim.text, kind, before, after))
    changes += [Change(r.claim.text, "added", None, r) for r in remaining]
    return changes


def junit_xml(changes: list[Change], name: str = "synth claim table") -> str:
    """One test case per claim; regressions are failures."""
    suite = ElementTree.Element("testsuite", name=name, tests=str(len(changes)),
                                failures=str(sum(c.regression for c in changes)))
    for change in changes:
        case = ElementTree.SubElement(suite, "testcase", classname="synth.claims", name=change.claim[:200])
        if change.regression:
            failure = ElementTree.SubElement(case, "failure", message=f"{change.kind}: {change.describe()}")
            failure.text = change.claim
        else:
            ElementTree.SubElement(case, "system-out").text = f"{change.kind}: {change.describe()}"
    return ElementTree.tostring(suite, encoding="unicode", xml_declaration=True) + "\n"
