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

from replicate.errors import ReplicateError
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
    best_dev: float | None = None  # English dev score of the kept epoch, when selection ran


def _optimizer(model: torch.nn.Module, hyper: dict, device: torch.device) -> torch.optim.Optimizer:
    decay, no_decay = [], []
    for name, param in model.named_parameters():
        (no_decay if name.endswith("bias") or "LayerNorm" in name or "layer_norm" in name else decay).append(param)
    groups = [{"params": decay, "weight_decay": hyper["weight_decay"]}, {"params": no_decay, "weight_decay": 0.0}]
    return torch.optim.AdamW(groups, lr=hyper["learning_rate"], fused=device.type == "cuda")


def train_phase(model: torch.nn.Module, epochs: list, hyper: dict, device: torch.device, checkpoint: Path,
                save_every: int = 200, log=lambda step, loss: None, select: Callable[[], float] | None = None) -> PhaseStats:
    """Train on `epochs` (a list of epochs, each a list of (task, batch)); resume from `checkpoint` if present.

    bf16 autocast on CUDA, fp32 on CPU; one optimiser step per batch (the batch is the effective batch).
    With `select` (a score on English dev data), the model is scored after each epoch and the best
    epoch's weights are kept: checkpoints are chosen on English only, never on target languages.
    """
    schedule = [item for epoch in epochs for item in epoch]
    total = min(len(schedule), hyper.get("max_steps") or len(schedule))
    ends = {min(sum(len(e) for e in epochs[: i + 1]), total) for i in range(len(epochs))}
    optimizer = _optimizer(model, hyper, device)
    stats, start = PhaseStats(), 0
    best: dict = {"score": None, "state": None}
    if checkpoint.is_file():
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
    started = time.perf_counter()
    for step in range(start, total):
        for group in optimizer.param_groups:
            group["lr"] = lr_at(step, total, hyper["warmup_proportion"], hyper["learning_rate"])
        task, batch = schedule[step]
        batch = {k: v.to(device) if torch.is_tensor(v) else v for k, v in batch.items()}
        with torch.autocast(device.type, dtype=torch.bfloat16, enabled=device.type == "cuda"):
            loss, _ = model(task, batch)
        if not math.isfinite(loss.item()):
            raise ReplicateError(task, f"loss became {loss.item()} at step {step}; lower the learning rate")
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), hyper["grad_clip"])
        optimizer.step()
        optimizer.zero_grad(set_to_none=True)
        stats.steps += 1
        stats.tokens += int(batch["attention_mask"].sum())
        stats.losses.append(loss.item())
        log(step, loss.item())
        if select is not None and step + 1 in ends:
            score = select()
            model.train()
            if best["score"] is None or score > best["score"]:
                best = {"score": score, "state": {k: v.detach().cpu().clone() for k, v in model.state_dict().items()}}
        if (step + 1) % save_every == 0 or step + 1 == total:
            _save(checkpoint, model, optimizer, step + 1, best)
    stats.seconds = time.perf_counter() - started
    if best["state"] is not None:
        model.load_state_dict(best["state"])
        stats.best_dev = best["score"]
    return stats


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
