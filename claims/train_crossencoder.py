"""Fine-tuning the cross-encoder: length-grouped batches, a loss that respects each set's labels, resumable.

The loss of a pair is -log P(target | allowed): the probability mass on the
labels that count as right, renormalised over the labels its set can tell
apart. A checkpoint (weights, optimiser, schedule, step) is written atomically
every `checkpoint_every` steps; a rerun with the same settings and data
continues from it and gives the same batches in the same order.
"""

from __future__ import annotations

import hashlib
import io
import json
import math
import random
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

from claims.nli_data import Pair
from synth import atomic

Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class TrainSettings:
    epochs: float = 1.0
    batch_size: int = 32
    learning_rate: float = 4e-5
    warmup: float = 0.06
    max_length: int = 160
    seed: int = 13
    checkpoint_every: int = 200
    precision: str = "fp32"  # what forward passes autocast to: "fp32" or "bf16" (training_precision resolves "auto")


def batches(lengths: list[int], batch_size: int, seed: int, epochs: float) -> list[list[int]]:
    """Index batches of similar length: shuffled, grouped in pools of 50 batches sorted by length, batch order shuffled."""
    rng = random.Random(seed)
    out: list[list[int]] = []
    whole, part = int(epochs), epochs - int(epochs)
    for epoch in range(whole + (1 if part > 0 else 0)):
        order = list(range(len(lengths)))
        rng.shuffle(order)
        if epoch == whole:
            order = order[: int(len(order) * part)]
        pool = batch_size * 50
        epoch_batches = []
        for start in range(0, len(order), pool):
            chunk = sorted(order[start:start + pool], key=lambda i: lengths[i])
            epoch_batches += [chunk[i:i + batch_size] for i in range(0, len(chunk), batch_size)]
        rng.shuffle(epoch_batches)
        out += epoch_batches
    return out


def masked_loss(logits, targets, allowed):
    """Mean of -log(sum P(target) / sum P(allowed)); targets and allowed are (n, 3) 0/1 masks."""
    import torch

    neg = torch.finfo(logits.dtype).min
    in_allowed = logits.masked_fill(allowed == 0, neg)
    in_target = logits.masked_fill(targets == 0, neg)
    return (torch.logsumexp(in_allowed, dim=1) - torch.logsumexp(in_target, dim=1)).mean()


def _mask(labels: tuple[int, ...]) -> list[float]:
    return [1.0 if i in labels else 0.0 for i in range(3)]


def data_digest(pairs: list[Pair], settings: TrainSettings) -> str:
    h = hashlib.sha256(json.dumps(asdict(settings), sort_keys=True).encode())
    for p in pairs:
        h.update(f"{p.premise}\x1f{p.claim}\x1f{p.target}\x1f{p.allowed}\x1e".encode())
    return h.hexdigest()


def _rng_states(device: str) -> dict:
    """The generators a step draws from: dropout draws from the device's own, not the CPU's, on a GPU."""
    import torch

    states = {"rng": torch.get_rng_state()}
    if torch.device(device).type == "cuda":
        states["cuda_rng"] = torch.cuda.get_rng_state(device)
    return states


def _set_rng_states(states: dict, device: str) -> None:
    import torch

    torch.set_rng_state(states["rng"])
    # A run begun on another kind of device goes on with this one's generator as it stands.
    if torch.device(device).type == "cuda" and "cuda_rng" in states:
        torch.cuda.set_rng_state(states["cuda_rng"], device)


def train(pairs: list[Pair], work: Path, settings: TrainSettings, *, device: str = "cpu",
          progress: Progress = lambda *a: None, start: tuple | None = None):
    """The fine-tuned model; `work` holds the checkpoint that lets an interrupted run continue. `start` is the
    (model, tokenizer) to fine-tune, by default MiniLM with a fresh 3-way head."""
    import torch

    from claims.crossencoder import base_model, tokenizer

    torch.manual_seed(settings.seed)
    model, tok = start if start is not None else (base_model(), tokenizer())
    model = model.to(device)
    encoded = tok([p.premise for p in pairs], [p.claim for p in pairs], truncation="longest_first",
                  max_length=settings.max_length)
    lengths = [len(ids) for ids in encoded["input_ids"]]
    plan = batches(lengths, settings.batch_size, settings.seed, settings.epochs)
    targets = torch.tensor([_mask(p.target) for p in pairs])
    allowed = torch.tensor([_mask(p.allowed) for p in pairs])

    params = [p for p in model.parameters() if p.requires_grad]
    # foreach: one fused update over all tensors, several times faster on CPU than the per-tensor loop.
    optimizer = torch.optim.AdamW(params, lr=settings.learning_rate, weight_decay=0.01, foreach=True)
    warmup = max(1, int(len(plan) * settings.warmup))
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda s: min((s + 1) / warmup, max(0.0, (len(plan) - s) / max(1, len(plan) - warmup))))

    digest = data_digest(pairs, settings)
    checkpoint = work / "checkpoint.pt"
    step = 0
    if checkpoint.is_file():
        # Read to the CPU: the generators' states must be CPU tensors; weights and optimiser state are copied onto
        # the device by load_state_dict.
        state = torch.load(checkpoint, map_location="cpu", weights_only=True)
        if state["digest"] == digest:
            model.load_state_dict(state["model"])
            optimizer.load_state_dict(state["optimizer"])
            schedule.load_state_dict(state["schedule"])
            step = int(state["step"])
            _set_rng_states(state, device)

    model.train()
    progress("training cross-encoder", step, len(plan))
    running = math.nan
    while step < len(plan):
        rows = plan[step]
        batch = tok.pad({"input_ids": [encoded["input_ids"][i] for i in rows],
                         "token_type_ids": [encoded["token_type_ids"][i] for i in rows],
                         "attention_mask": [encoded["attention_mask"][i] for i in rows]}, return_tensors="pt").to(device)
        with torch.autocast(torch.device(device).type, dtype=torch.bfloat16, enabled=settings.precision == "bf16"):
            logits = model(**batch).logits
        loss = masked_loss(logits.float(), targets[rows].to(device), allowed[rows].to(device))
        loss.backward()
        torch.nn.utils.clip_grad_norm_(params, 1.0)
        optimizer.step()
        schedule.step()
        optimizer.zero_grad(set_to_none=True)
        step += 1
        running = loss.item() if math.isnan(running) else 0.98 * running + 0.02 * loss.item()
        progress(f"training cross-encoder (loss {running:.3f})", step, len(plan))
        if step % settings.checkpoint_every == 0 or step == len(plan):
            buffer = io.BytesIO()
            torch.save({"digest": digest, "step": step, "model": model.state_dict(), "optimizer": optimizer.state_dict(),
                        "schedule": schedule.state_dict(), **_rng_states(device)}, buffer)
            atomic.write_bytes(checkpoint, buffer.getvalue())
    return model.eval()
