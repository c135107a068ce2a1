"""`synth train-verifier`: fit the combiner on labelled claim sets, calibrate it, score it on held-out claims.

Split (by a hash of dataset and claim id, never by label): 55% train, 25%
calibration, 20% test. The test split is never used for fitting anything.

- train: pairs (claim, labelled evidence) with the claim's label; (claim, the
  most similar passage that is not evidence) as NOT_ENOUGH_INFO; and, for
  supported claims whose numbers agree with their evidence, the claim with one
  number changed as REFUTED (numbers are checked by computation, and the
  combiner must learn what a computed conflict means).
- calibration: the full decision rule of claims.verify runs on each claim; an
  isotonic map per predicted label turns its raw score into P(verdict right).
- test: the same rule; accuracy, macro-F1, ECE and Brier per dataset, beside a
  baseline of a cosine-similarity threshold tuned on the train split.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import numpy as np
from rapidfuzz import fuzz, process, utils
from sklearn.isotonic import IsotonicRegression
from sklearn.linear_model import LogisticRegression

from claims.combiner import Combiner, Isotonic
from claims.embed import Embedder
from claims.evidence import cached_vectors
from claims.features import FEATURES, pair_features
from claims.errors import TrainingDataError
from claims.labelled import DataFile, LabelledClaim, read_claimdata
from claims.metrics import scores
from claims.nli import NLI_FEATURES, PairScorer
from claims.numbers import parse_quantities, perturb
from claims.records import LABELS
from claims.selfcheck import self_check
from claims.verify import Decision, decide
from synth.documents.extract import extract

Progress = Callable[[str, int, int], None]
SPLITS = {"train": (0, 55), "calibration": (55, 80), "test": (80, 100)}
CANDIDATES = 6


def split_of(claim: LabelledClaim) -> str:
    key = claim.split_key
    return next(name for name, (lo, hi) in SPLITS.items() if lo <= key < hi)


@dataclass
class Prepared:
    claim: LabelledClaim
    cosine: np.ndarray  # (passages,) cosine of the claim with each passage
    quantities: list
    perturbed: "Prepared | None" = None  # the claim with one number changed (supported numeric claims)
    nli: PairScorer | None = None
    nli_scores: dict[int, dict[str, float]] = field(default_factory=dict)

    def candidates(self) -> list[int]:
        """The passages the decision rule looks at: top cosine and top fuzzy matches, as in the evidence index."""
        by_cosine = np.argsort(-self.cosine, kind="stable")[:CANDIDATES].tolist()
        fuzzy = process.extract(self.claim.claim, self.claim.passages, scorer=fuzz.token_set_ratio,
                                processor=utils.default_process, limit=CANDIDATES)
        return sorted(set(by_cosine) | {index for _, _, index in fuzzy})

    def features(self, i: int):
        values, checks = pair_features(self.claim.claim, self.claim.passages[i], cosine=float(self.cosine[i]),
                                       claim_quantities=self.quantities)
        if self.nli is not None:
            if i not in self.nli_scores:  # score this claim's candidates in one batch
                wanted = sorted(set(self.candidates()) | set(self.claim.evidence) | {i})
                found = self.nli.score([self.claim.claim] * len(wanted), [self.claim.passages[j] for j in wanted])
                self.nli_scores.update(zip(wanted, found))
            values.update(self.nli_scores[i])
        return values, checks


def prepare(claims: list[LabelledClaim], embedder: Embedder, cache_dir: Path | None, progress: Progress,
            nli: PairScorer | None = None) -> list[Prepared]:
    quantities = {c.claim: parse_quantities(c.claim) for c in claims}
    changed = {c.claim: perturb(c.claim, quantities[c.claim][0]) for c in claims
               if c.label == "SUPPORTED" and quantities[c.claim]}
    texts = sorted({c.claim for c in claims} | {p for c in claims for p in c.passages} | set(changed.values()))
    progress("embedding texts", 0, len(texts))
    vectors = cached_vectors(texts, embedder, cache_dir)
    progress("embedding texts", len(texts), len(texts))
    row = {t: i for i, t in enumerate(texts)}

    def cosines(text: str, c: LabelledClaim) -> np.ndarray:
        return (vectors[[row[p] for p in c.passages]] @ vectors[row[text]]).astype(float)

    prepared = []
    for c in claims:
        item = Prepared(c, cosines(c.claim, c), quantities[c.claim], nli=nli)
        if c.claim in changed:
            text = changed[c.claim]
            variant = LabelledClaim(c.dataset, f"{c.id}-perturbed", text, "REFUTED", c.passages, c.evidence)
            item.perturbed = Prepared(variant, cosines(text, c), parse_quantities(text), nli=nli)
        prepared.append(item)
    return prepared


def perturbed_items(items: list[Prepared]) -> list[Prepared]:
    """Changed-number variants whose labelled evidence states the changed number otherwise (gold: REFUTED)."""
    out = []
    for item in items:
        variant = item.perturbed
        if variant is not None and any(variant.features(i)[0]["num_conflict"] for i in item.claim.evidence):
            out.append(variant)
    return out


def training_pairs(items: list[Prepared]) -> tuple[list[dict[str, float]], list[str]]:
    rows: list[dict[str, float]] = []
    labels: list[str] = []
    for item in items:
        c = item.claim
        evidence = set(c.evidence)
        for i in c.evidence:
            rows.append(item.features(i)[0])
            labels.append(c.label)
            variant = item.perturbed
            if variant is not None:
                changed = variant.features(i)[0]
                if changed["num_conflict"]:  # REFUTED only where computation finds the conflict
                    rows.append(changed)
                    labels.append("REFUTED")
        others = [i for i in np.argsort(-item.cosine, kind="stable") if i not in evidence]
        for i in others[: 1 if evidence else 2]:
            rows.append(item.features(int(i))[0])
            labels.append("NOT_ENOUGH_INFO")
    return rows, labels


def run_rule(combiner: Combiner, items: list[Prepared]) -> list[Decision]:
    """The verifier's decision rule on each claim."""
    decisions = []
    for item in items:
        rows = [item.features(i)[0] for i in item.candidates()]
        decisions.append(decide(combiner.proba(rows), rows))
    return decisions


def _isotonic(raw: np.ndarray, correct: np.ndarray) -> Isotonic:
    if len(raw) < 2 or len(set(raw.tolist())) < 2:
        rate = float(correct.mean()) if len(correct) else 0.5
        return Isotonic(x=[0.0, 1.0], y=[rate, rate])
    # Never 0 or 1: a few hundred calibration claims cannot show certainty.
    iso = IsotonicRegression(y_min=0.01, y_max=0.99, out_of_bounds="clip").fit(raw, correct)
    return Isotonic(x=[float(v) for v in iso.X_thresholds_], y=[float(v) for v in iso.y_thresholds_])


def calibrate(decisions: list[Decision], gold: list[str], min_samples: int = 30) -> dict[str, Isotonic]:
    """An isotonic map per model-decided label with enough samples; otherwise the Laplace-smoothed hit rate.

    A computed number check ("numeric:" and "aligned:" keys) is right or wrong
    regardless of the combiner's probability, so its confidence is its observed
    hit rate.
    """
    raw = np.array([d.raw for d in decisions])
    correct = np.array([LABELS[d.label] == g for d, g in zip(decisions, gold)], dtype=float)
    keys = list(LABELS) + [f"{path}:{label}" for path in ("numeric", "aligned") for label in LABELS[:2]]
    maps = {}
    for key in keys:
        mask = np.array([d.calibration_key == key for d in decisions], dtype=bool)
        if mask.sum() >= min_samples and ":" not in key:
            maps[key] = _isotonic(raw[mask], correct[mask])
        else:
            rate = (correct[mask].sum() + 1) / (mask.sum() + 2)
            maps[key] = Isotonic(x=[0.0, 1.0], y=[float(rate), float(rate)])
    return maps


def cosine_baseline(train: list[Prepared], test: list[Prepared]) -> tuple[float, list[str]]:
    """SUPPORTED when the best passage's cosine clears a threshold tuned on train, else NOT_ENOUGH_INFO."""
    def predict(items, t):
        return ["SUPPORTED" if item.cosine.max() >= t else "NOT_ENOUGH_INFO" for item in items]

    gold = [i.claim.label for i in train]
    best = max(np.linspace(0.2, 0.95, 31), key=lambda t: scores(gold, predict(train, t), np.ones(len(train)))["macro_f1"])
    return float(best), predict(test, best)


def ml_selfcheck(pdf_dir: Path, combiner: Combiner, embedder: Embedder, cache_dir: Path | None,
                 nli: PairScorer | None = None) -> tuple[dict[str, list[tuple[Decision, str]]], list[DataFile]]:
    """Numeric self-check decisions on ML papers, half the PDFs for calibration and half held out.

    The labelled sets are biomedical and never quote a paper verbatim, so the
    computed-number path is calibrated on ML papers checking their own numbers.
    """
    pdfs = sorted(pdf_dir.glob("*.pdf"), key=lambda p: hashlib.sha256(p.read_bytes()).hexdigest())
    if not pdfs:
        raise TrainingDataError(pdf_dir, "no PDFs for the numeric self-check")
    out: dict[str, list[tuple[Decision, str]]] = {"calibration": [], "test": []}
    files = []
    for n, path in enumerate(pdfs):
        data = path.read_bytes()
        document = extract(data, subject=str(path), paper_id=path.stem[:40], max_pages=10_000).document
        checked = self_check(document, combiner, embedder, cache_dir=cache_dir, nli=nli)
        for item in checked:
            v = item.verdict
            if v.decided_by != "none":
                decision = Decision(0, LABELS.index(v.label), float(v.raw_score), v.decided_by)
                out["calibration" if n % 2 == 0 else "test"].append((decision, item.gold))
        files.append(DataFile(path, hashlib.sha256(data).hexdigest(), len(checked)))
    return out, files


def train_verifier(root: Path, embedder: Embedder, *, pdfs: Path | None = None, cache_dir: Path | None = None,
                   nli: PairScorer | None = None, command: str = "", progress: Progress = lambda *a: None) -> Combiner:
    claims, files = read_claimdata(root)
    items = prepare(claims, embedder, cache_dir, progress, nli)
    names = list(FEATURES) + (list(NLI_FEATURES) if nli is not None else [])
    by_split = {name: [i for i in items if split_of(i.claim) == name] for name in SPLITS}

    progress("fitting combiner", 0, 1)
    rows, labels = training_pairs(by_split["train"])
    x = np.array([[r[f] for f in names] for r in rows])
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale == 0] = 1.0
    model = LogisticRegression(C=1.0, max_iter=5000, class_weight="balanced").fit((x - mean) / scale, labels)
    order = [list(model.classes_).index(label) for label in LABELS]
    uncalibrated = {label: Isotonic(x=[0.0, 1.0], y=[0.0, 1.0]) for label in LABELS}
    draft = Combiner(features=names, labels=list(LABELS), mean=mean.tolist(), scale=scale.tolist(),
                     coef=model.coef_[order].tolist(), intercept=model.intercept_[order].tolist(),
                     calibration=uncalibrated, embedder=embedder.name)
    progress("fitting combiner", 1, 1)

    progress("calibrating", 0, 1)
    calibration_items = by_split["calibration"] + perturbed_items(by_split["calibration"])
    gold_cal = [i.claim.label for i in calibration_items]
    decisions_cal = run_rule(draft, calibration_items)
    selfcheck: dict[str, list[tuple[Decision, str]]] = {"calibration": [], "test": []}
    if pdfs is not None:
        selfcheck, pdf_files = ml_selfcheck(pdfs, draft, embedder, cache_dir, nli)
        files += pdf_files
    decisions_cal += [d for d, _ in selfcheck["calibration"]]
    gold_cal += [g for _, g in selfcheck["calibration"]]
    combiner = draft.model_copy(update={"calibration": calibrate(decisions_cal, gold_cal)})
    progress("calibrating", 1, 1)

    progress("scoring held-out claims", 0, 1)
    natural = by_split["test"]
    changed = perturbed_items(natural)
    test = natural + changed
    decisions = run_rule(combiner, test)
    predicted = [LABELS[d.label] for d in decisions]
    confidence = np.array([combiner.confidence(d.calibration_key, d.raw) for d in decisions])
    threshold, baseline = cosine_baseline(by_split["train"], test)
    groups = {d: [i.claim.dataset == d for i in natural] + [False] * len(changed) for d in sorted({i.claim.dataset for i in natural})}
    groups["all"] = [True] * len(natural) + [False] * len(changed)
    groups["numeric_perturbations"] = [False] * len(natural) + [True] * len(changed)
    report = {}
    for dataset, mask in groups.items():
        gold = [i.claim.label for i, m in zip(test, mask) if m]
        pick = lambda seq: [v for v, m in zip(seq, mask) if m]  # noqa: E731
        report[dataset] = {
            "verifier": scores(gold, pick(predicted), np.array(pick(confidence))),
            "cosine_baseline": scores(gold, pick(baseline), np.ones(len(gold))),
            "gold_labels": dict(Counter(gold)),
        }
    if selfcheck["test"]:
        held = selfcheck["test"]
        report["ml_numeric_selfcheck"] = {
            "verifier": scores([g for _, g in held], [LABELS[d.label] for d, _ in held],
                               np.array([combiner.confidence(d.calibration_key, d.raw) for d, _ in held])),
            "gold_labels": dict(Counter(g for _, g in held)),
        }
    progress("scoring held-out claims", 1, 1)
    training = {
        "command": command,
        "nli": nli.name if nli is not None else None,
        "trained_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "data": [{"file": f"{f.path.parent.name}/{f.path.name}", "sha256": f.sha256, "rows": f.rows} for f in files],
        "split": {"rule": "sha256(dataset:claim id) % 100: train < 55 <= calibration < 80 <= test",
                  **{name: len(v) for name, v in by_split.items()}},
        "training_pairs": dict(Counter(labels)),
        "cosine_baseline_threshold": round(threshold, 3),
        "held_out": report,
    }
    return combiner.model_copy(update={"training": training})
