"""The training loop of one phase (intermediate or target), resumable from its checkpoint."""

from __future__ import annotations

import io
import math
import pickle
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import torch

from replicate.device import synchronize
from replicate.errors import ReplicateError
from replicate.features import has_target, to_device
from replicate.precision import autocast, resolve
from synth import atomic


def lr_at(step: int, total: int, warmup: float, peak: float) -> float:
    """Linear warm-up over the first `warmup` share of steps, then linear decay to zero."""
    warm = max(1, int(total * warmup))
    if step < warm:
        return peak * (step + 1) / warm
    return peak * max(0.0, (total - step) / max(1, total - warm))


@dataclass
class PhaseData:
    task: str
    batches: list[dict]  # padded batches of one epoch (reshuffled per epoch by the caller's factory)


@dataclass
class PhaseStats:
    steps: int = 0
    tokens: int = 0  # real (non-pad) tokens seen
    seconds: float = 0.0
    losses: list[float] = field(default_factory=list)
    skipped: int = 0  # batches without a labelled target: nothing to learn, so never backpropagated
    best_dev: float | None = None  # English dev score of the kept weights, when selection ran


def make_optimizer(model: torch.nn.Module, hyper: dict, device: torch.device, precision: str) -> torch.optim.Optimizer:
    """AdamW without decay on biases and LayerNorms; fused on CUDA unless the run is plain fp32."""
    decay, no_decay = [], []
    for name, param in model.named_parameters():
        (no_decay if name.endswith("bias") or "LayerNorm" in name or "layer_norm" in name else decay).append(param)
    groups = [{"params": decay, "weight_decay": hyper["weight_decay"]}, {"params": no_decay, "weight_decay": 0.0}]
    fused = device.type == "cuda" and resolve(precision, device) != "fp32"
    return torch.optim.AdamW(groups, lr=hyper["learning_rate"], fused=fused, foreach=None if fused else True)


def selection_steps(epoch_lengths: list[int], total: int, every: int | None) -> set[int]:
    """The steps after which English dev is scored: each epoch's end, or (jiant's schedule) every `every` steps
    and the last step, whatever the epochs."""
    if every:
        return set(range(every, total + 1, every)) | {total}
    return {min(sum(epoch_lengths[: i + 1]), total) for i in range(len(epoch_lengths))} - {0}


def train_phase(model: torch.nn.Module, epochs: list, hyper: dict, device: torch.device, checkpoint: Path | None,
                save_every: int = 200, log=lambda step, loss: None, select: Callable[[], float] | None = None,
                precision: str = "auto", log_every: int = 50, save_every_s: float = 600.0) -> PhaseStats:
    """Train on `epochs` (a list of epochs, each a list of (task, batch)); resume from `checkpoint` if present.

    bf16 autocast and fused AdamW on CUDA unless `precision` is "fp32"; one optimiser step per batch.
    Losses stay on the device and are read every `log_every` steps (and before each dev
    selection or checkpoint), so the GPU is not stalled once per step; a non-finite loss is
    reported with the step it happened at, and never saved. With `select` (a score on English
    dev data), the model is scored after each epoch (or every `select_every_steps`) and the
    best weights are kept:
    checkpoints are chosen on English only, never on target languages. Without `checkpoint`
    (benchmarks) nothing is written. A checkpoint is written every `save_every` steps once
    `save_every_s` seconds have passed since the last one, and at the end: XLM-R Large's
    checkpoint (weights and optimiser state) is ~6.7 GB, and one every 200 steps of a batch-4
    phase would cost the grid more time than its training.
    """
    schedule = [item for epoch in epochs for item in epoch]
    total = min(len(schedule), hyper.get("max_steps") or len(schedule))
    learnable = [has_target(batch) for _, batch in schedule]
    unlabelled = sorted({task for task, _ in schedule} - {task for (task, _), ok in zip(schedule, learnable) if ok})
    if unlabelled:
        raise ReplicateError(unlabelled[0], "no training example has a gold label; the train split must be labelled")
    ends = selection_steps([len(e) for e in epochs], total, hyper.get("select_every_steps"))
    optimizer = make_optimizer(model, hyper, device, precision)
    stats, start = PhaseStats(), 0
    best: dict = {"score": None, "state": None}
    if checkpoint is not None and checkpoint.is_file():
        state = load_checkpoint(checkpoint, device)
        try:
            model.load_state_dict(state["model"])
            optimizer.load_state_dict(state["optimizer"])
            start = state["step"]
            random.setstate(state["python_rng"])
            torch.set_rng_state(state["torch_rng"])
            best = state.get("best", best)
        except (RuntimeError, KeyError, ValueError) as exc:
            raise ReplicateError(checkpoint, f"unreadable checkpoint ({str(exc).splitlines()[0][:120]}); delete it to restart the phase") from exc
    model.train()
    pending: list[tuple[int, torch.Tensor]] = []  # (step, loss) of the steps not yet read back

    def read_losses(step: int) -> None:
        if not pending:
            return
        values = torch.stack([loss for _, loss in pending]).float().cpu().tolist()
        for (at, _), value in zip(pending, values):
            if not math.isfinite(value):
                raise ReplicateError(schedule[at][0], f"loss became {value} at step {at}; lower the learning rate")
        stats.losses.extend(values)
        pending.clear()
        log(step, values[-1])

    started = last_save = time.perf_counter()
    for step in range(start, total):
        for group in optimizer.param_groups:
            group["lr"] = lr_at(step, total, hyper["warmup_proportion"], hyper["learning_rate"])
        task, batch = schedule[step]
        if learnable[step]:
            stats.tokens += int(batch["attention_mask"].sum())  # counted on the host: no device sync
            batch = to_device(batch, device)
            with autocast(device, precision):
                loss, _ = model(task, batch)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), hyper["grad_clip"])
            optimizer.step()
            optimizer.zero_grad(set_to_none=True)
            stats.steps += 1
            pending.append((step, loss.detach()))
        else:  # its loss would be None (no labels) or NaN (every position ignored)
            stats.skipped += 1
        periodic = (step + 1) % save_every == 0 and time.perf_counter() - last_save >= save_every_s
        saving = checkpoint is not None and (periodic or step + 1 == total)
        selecting = select is not None and step + 1 in ends
        if (step + 1) % log_every == 0 or saving or selecting or step + 1 == total:
            read_losses(step)
        if selecting:
            score = select()
            model.train()
            if best["score"] is None or score > best["score"]:
                best = {"score": score, "state": {k: v.detach().cpu().clone() for k, v in model.state_dict().items()}}
        if saving:
            _save(checkpoint, model, optimizer, step + 1, best)
            last_save = time.perf_counter()
    synchronize(device)
    stats.seconds = time.perf_counter() - started
    if best["state"] is not None:
        model.load_state_dict(best["state"])
        stats.best_dev = best["score"]
    return stats


def kept_weights(state: dict) -> dict:
    """The weights a finished phase keeps: the ones chosen on English dev when selection ran, else the last."""
    best = state.get("best") or {}
    return best.get("state") or state["model"]


def load_checkpoint(path: Path, device: torch.device) -> dict:
    """A checkpoint written by this loop: model, optimizer, step and RNG states."""
    try:
        state = torch.load(path, map_location=device, weights_only=False)
    except (RuntimeError, EOFError, ValueError, pickle.UnpicklingError) as exc:
        raise ReplicateError(path, f"unreadable checkpoint ({str(exc).splitlines()[0][:120]}); delete it to restart the phase") from exc
    if not isinstance(state, dict) or "model" not in state:
        raise ReplicateError(path, "unreadable checkpoint (not one written by synth); delete it to restart the phase")
    return state


def _save(path: Path, model, optimizer, step: int, best: dict) -> None:
    buffer = io.BytesIO()
    torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict(), "step": step, "best": best,
                "python_rng": random.getstate(), "torch_rng": torch.get_rng_state()}, buffer)
    atomic.write_bytes(path, buffer.getvalue())
