"""One run = one seed of a config: (intermediate) -> target fine-tuning on English -> zero-shot evaluation.

The run folder holds a checkpoint per phase and a marker when a phase is done,
so an interrupted run resumes; results and the run's status (done / failed
with its error) go to results.sqlite.
"""

from __future__ import annotations

import copy
import hashlib
import platform
import random
import subprocess
from importlib import metadata
from pathlib import Path

import numpy as np
import torch

from replicate.config import RunConfig, evaluation_split
from replicate.device import peak_mb
from replicate.errors import ReplicateError
from replicate.evaluate import gold_missing, majority_share, predict, score
from replicate.features import featurize, multitask_epochs
from replicate.model import MultiTaskModel, load_encoder, model_shape
from replicate.metrics import bucc_f1
from replicate.results import Results
from replicate.retrieval import best_threshold, embed, margin_candidates, tatoeba_accuracy
from replicate.tasks import get_task
from replicate.train import kept_weights, load_checkpoint, train_phase

COLLAPSE_SHARE = 0.95  # a target head predicting one class this often on English test data has collapsed


def _environment() -> tuple[str, dict, str | None]:
    device = torch.cuda.get_device_name(0) if torch.cuda.is_available() else f"cpu ({platform.processor() or platform.machine()})"
    packages = {p: metadata.version(p) for p in ("torch", "transformers") if _installed(p)}
    try:
        commit = subprocess.run(["git", "rev-parse", "HEAD"], capture_output=True, text=True, timeout=5,
                                cwd=Path(__file__).parent).stdout.strip() or None
    except (OSError, subprocess.SubprocessError):
        commit = None
    return device, packages, commit


def _installed(package: str) -> bool:
    try:
        metadata.version(package)
        return True
    except metadata.PackageNotFoundError:
        return False


def _retrieve(spec, encoder, tokenizer, config: RunConfig, language: str, device: torch.device) -> dict[str, float]:
    hyper = config.hyper_for(spec.name)

    def vectors(pairs) -> np.ndarray:
        return embed(encoder, tokenizer, [s for _, s in pairs], layer=hyper["layer"], max_length=hyper["max_length"],
                     batch_size=64, device=device)

    split = evaluation_split(spec.layout, config.eval_split)
    (scored,) = spec.read(config.data_dir, split, language)
    if spec.name == "tatoeba":
        return tatoeba_accuracy(vectors(scored.source), vectors(scored.target))

    def mined(example) -> list[tuple[str, str, float]]:
        found = margin_candidates(vectors(example.source), vectors(example.target))
        return [(example.source[i][0], example.target[j][0], score) for i, j, score in found]

    # The threshold is tuned on dev gold pairs; on dev, BUCC's dev score is that tuned F1, as in XTREME's dev runs.
    (dev,) = spec.read(config.data_dir, "val", language)
    for example, name in ((dev, "val"), (scored, split)):
        if not example.gold:  # XTREME's download deletes BUCC's test gold: F1 against nothing would read as 0
            raise ReplicateError(spec.path(config.data_dir, name, language),
                                 f"bucc2018 {name} data for {language} has no gold pairs; it cannot be scored or tuned on")
    dev_pairs = mined(dev)
    threshold = best_threshold(dev_pairs, set(dev.gold))
    pairs = dev_pairs if split == "val" else mined(scored)
    predicted = [f"{s}\t{t}" for s, t, score in pairs if score >= threshold]
    return bucc_f1([f"{s}\t{t}" for s, t in sorted(scored.gold)], predicted) | {"threshold": threshold}


def _english_dev(spec, model, tokenizer, config: RunConfig, hyper: dict, pad: int, device: torch.device):
    """A scorer on the task's English dev split, or None when there is none (then the last epoch is kept)."""
    if not spec.selects_on_english_dev(config.data_dir):
        return None
    examples = spec.read(config.data_dir, "val", "en")[: hyper.get("select_examples")]
    features = featurize(spec, tokenizer, examples, hyper["max_length"])

    def scorer() -> float:
        scores = score(spec, examples, features, predict(model, spec, features, hyper["batch_size"], pad, device), "en")
        return scores.get("f1", scores.get("accuracy", 0.0))

    return scorer


def _seed_phase(seed: int, name: str) -> None:
    """Seed every generator from the run's seed and the phase's name.

    A phase then draws its new heads and its dropout the same way whether the
    phases before it ran in this process or were loaded from disk, so a resumed
    run gives the results of an uninterrupted one.
    """
    derived = int(hashlib.sha256(f"{seed}:{name}".encode()).hexdigest()[:8], 16)
    torch.manual_seed(derived)
    random.seed(derived)
    np.random.seed(derived)


def _load_done(model: MultiTaskModel, checkpoint: Path, device: torch.device) -> bool:
    """Load a finished phase's kept weights; False when its checkpoint is gone (then the phase runs again)."""
    if not checkpoint.is_file():
        return False
    try:
        model.load_state_dict(kept_weights(load_checkpoint(checkpoint, device)))
    except RuntimeError as exc:  # another model's weights (shapes or names differ)
        raise ReplicateError(checkpoint, f"checkpoint does not fit this run's model ({str(exc).splitlines()[0][:120]}); "
                                         "delete it to restart the phase") from exc
    return True


def run_seed(config: RunConfig, seed: int, results: Results, log=lambda message: None) -> str:
    run_id = config.run_id(seed)
    if results.status(run_id) == "done":
        log(f"{run_id}: already done, skipped")
        return run_id
    run_dir = config.output_dir / run_id
    hardware, packages, commit = _environment()
    # What the run was made of, so that a claim about the paper is compared only with runs like the paper's.
    recorded = config.model_dump(mode="json") | {"seed": seed, "model_shape": model_shape(config.model)}
    results.start(run_id, seed, recorded, hardware, packages, commit)
    try:
        stats = _run(config, seed, run_dir, results, run_id, log)
    except Exception as exc:
        results.finish(run_id, "failed", error=f"{type(exc).__name__}: {exc}")
        raise
    trained = stats["tokens"] and stats["seconds"]  # phases loaded from an earlier run measure nothing
    results.finish(run_id, "done", tokens_per_s=stats["tokens"] / stats["seconds"] if trained else None,
                   peak_memory_mb=stats["peak_mb"])
    return run_id


def _run(config: RunConfig, seed: int, run_dir: Path, results: Results, run_id: str, log) -> dict:
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    encoder, tokenizer = load_encoder(config.model)
    pad = tokenizer.pad_token_id
    totals = {"tokens": 0, "seconds": 0.0}

    def phase(name: str, specs: list) -> MultiTaskModel:
        _seed_phase(seed, name)
        model = MultiTaskModel(copy.deepcopy(encoder), specs, pretrained=config.model).to(device)
        for task in model.fresh_lm_heads:
            log(f"{name}: {config.model} holds no pretrained LM head; {task} trains a new one")
        if config.compile and device.type == "cuda":
            model.encoder = torch.compile(model.encoder)
        data = []
        for spec in specs:
            hyper = config.hyper_for(spec.name)
            examples = spec.read(config.data_dir, "train", "en")[: hyper.get("max_examples")]
            results.add(run_id, seed, "train", spec.name, "en", {"examples": float(len(examples))})
            data.append((spec, featurize(spec, tokenizer, examples, hyper["max_length"])))
        hyper = config.hyper_for(specs[0].name)
        done = run_dir / f"{name}.done"
        checkpoint = run_dir / f"{name}.pt"
        if done.is_file():
            if _load_done(model, checkpoint, device):
                log(f"{name}: done earlier, loaded")
                return model
            done.unlink()
            log(f"{name}: its checkpoint is gone; training it again")
        select = _english_dev(specs[0], model, tokenizer, config, hyper, pad, device) if len(specs) == 1 else None
        stats = train_phase(model, multitask_epochs(data, hyper, pad, seed), hyper, device, checkpoint, select=select,
                            log=lambda step, loss: log(f"{name} step {step + 1} loss {loss:.4f}"))
        if stats.best_dev is not None:
            log(f"{name}: kept the weights with English dev score {stats.best_dev:.2f}")
        done.write_text("done\n")
        totals["tokens"] += stats.tokens
        totals["seconds"] += stats.seconds
        return model

    if config.intermediate:
        # With the data folder: a task whose labels come from its data (CCG's supertags) gets its label set.
        trained = phase("intermediate", [get_task(t, config.data_dir) for t in config.intermediate])
        # A compiled encoder wraps the original module (state-dict keys gain '_orig_mod.').
        encoder.load_state_dict(getattr(trained.encoder, "_orig_mod", trained.encoder).state_dict())
    for target in config.targets:
        spec = get_task(target, config.data_dir)
        if spec.head == "retrieval":  # no training: the (intermediate-trained) encoder as it is
            for language in config.languages.get(target, list(spec.languages)):
                results.add(run_id, seed, "target", target, language,
                            _retrieve(spec, encoder.to(device), tokenizer, config, language, device))
            continue
        model = phase(f"target-{target}", [spec])
        hyper = config.hyper_for(target)
        for language in config.languages.get(target, list(spec.languages)):
            split = evaluation_split(spec.layout, config.eval_split)
            if split == "val" and not spec.path(config.data_dir, "val", language).exists() \
                    and spec.path(config.data_dir, "test", language).exists():
                # XTREME ships no dev set for some languages (UD-POS: Thai, Tagalog, Yoruba...): a dev average
                # leaves them out rather than mixing in a test score.
                log(f"warning: {target} has no dev data for {language} ({spec.path(config.data_dir, 'val', language)}); "
                    'left out of the dev scores (eval_split = "test" scores it)')
                continue
            examples = spec.read(config.data_dir, split, language)
            missing = gold_missing(spec, examples)
            if missing:
                raise ReplicateError(spec.path(config.data_dir, split, language),
                                     f"{target} {split} data for {language} has no gold labels ({missing}); it cannot be "
                                     "scored: evaluate on dev (eval_split = \"dev\") or give labelled files")
            features = featurize(spec, tokenizer, examples, hyper["max_length"])
            predictions = predict(model, spec, features, hyper["batch_size"], pad, device)
            scores = score(spec, examples, features, predictions, language)
            if language == "en" and spec.head != "span_extraction":
                share = majority_share(predictions)
                scores["majority_share"] = 100.0 * share
                if share >= COLLAPSE_SHARE:
                    log(f"warning: {target} collapsed to one class on English ({share:.0%} of predictions)")
            results.add(run_id, seed, "target", target, language, scores)
    return {**totals, "peak_mb": peak_mb(device)}
