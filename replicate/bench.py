"""Throughput of training and evaluation steps on synthetic batches of real shapes (random weights).

FLOPs per real token follow Kaplan et al. 2020 / PaLM (arXiv 2204.02311, App. B):
training = 6 * N_non_embedding + 12 * layers * hidden * T (attention), evaluation a third
of that. MFU divides achieved FLOP/s by the device's measured bf16 ceiling, only on CUDA.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
import torch

PRESETS = {
    "xlmr-large": dict(hidden_size=1024, num_hidden_layers=24, num_attention_heads=16, intermediate_size=4096, vocab_size=250002),
    "xlmr-base": dict(hidden_size=768, num_hidden_layers=12, num_attention_heads=12, intermediate_size=3072, vocab_size=250002),
    "tiny": dict(hidden_size=64, num_hidden_layers=2, num_attention_heads=2, intermediate_size=256, vocab_size=1000),
}
H100_BF16_PEAK = 800e12  # measured dense bf16 ceiling of the H100 used by this project (see issue 6)


@dataclass
class BenchRow:
    what: str
    tokens_per_s: float  # real (non-pad) tokens
    flops_per_token: float
    mfu: float | None
    peak_memory_mb: float | None


def lengths(n: int, max_length: int, seed: int = 0) -> list[int]:
    """Sequence lengths like NLI pairs: log-normal around 40 tokens, clipped to [8, max_length] (a stated stand-in)."""
    rng = np.random.default_rng(seed)
    return np.clip(rng.lognormal(mean=np.log(40), sigma=0.5, size=n).astype(int), 8, max_length).tolist()


def flops_per_token(config, seq_len: float, training: bool) -> float:
    """6 * N_non_embedding + 12 * layers * hidden * T for a training step; a third of it for a forward pass."""
    forward_backward = 6 * non_embedding_params(config) + 12 * config.num_hidden_layers * config.hidden_size * seq_len
    return forward_backward if training else forward_backward / 3


def non_embedding_params(config) -> int:
    """Parameters of the transformer layers (attention, feed-forward, LayerNorms), without embeddings."""
    h, f = config.hidden_size, config.intermediate_size
    per_layer = (4 * h * h + 4 * h) + (2 * h * f + f + h) + 2 * (2 * h)
    return config.num_hidden_layers * per_layer


def run_bench(preset: str, steps: int, batch_size: int, max_length: int, device: torch.device) -> list[BenchRow]:
    from transformers import XLMRobertaConfig, XLMRobertaModel

    from replicate.features import Feature, collate

    config = XLMRobertaConfig(**PRESETS[preset], max_position_embeddings=max_length + 2, pad_token_id=1)
    model = XLMRobertaModel(config, add_pooling_layer=False).to(device)
    head = torch.nn.Linear(config.hidden_size, 3).to(device)
    optimizer = torch.optim.AdamW([*model.parameters(), *head.parameters()], lr=1e-5, fused=device.type == "cuda")
    rng = np.random.default_rng(0)
    sizes = lengths(steps * batch_size, max_length)
    batches = []
    for b in range(steps):
        rows = sizes[b * batch_size : (b + 1) * batch_size]
        features = [Feature(rng.integers(5, config.vocab_size, size=n).tolist(), int(rng.integers(0, 3))) for n in sorted(rows)]
        batches.append(collate(features, pad_id=1))
    if device.type == "cuda":
        torch.cuda.reset_peak_memory_stats()
    rows = []
    for training in (True, False):
        model.train(training)
        tokens, started = 0, None
        for step, batch in enumerate(batches):
            if step == 1:  # the first step compiles kernels and warms caches: not timed
                if device.type == "cuda":
                    torch.cuda.synchronize()
                started, tokens = time.perf_counter(), 0
            batch = {k: v.to(device) for k, v in batch.items()}
            autocast = torch.autocast(device.type, dtype=torch.bfloat16, enabled=device.type == "cuda")
            with autocast, torch.set_grad_enabled(training):
                states = model(input_ids=batch["input_ids"], attention_mask=batch["attention_mask"]).last_hidden_state
                loss = torch.nn.functional.cross_entropy(head(states[:, 0]).float(), batch["labels"])
            if training:
                loss.backward()
                optimizer.step()
                optimizer.zero_grad(set_to_none=True)
            tokens += int(batch["attention_mask"].sum())
        if device.type == "cuda":
            torch.cuda.synchronize()
        seconds = time.perf_counter() - started if started else float("nan")
        per_token = flops_per_token(config, float(np.mean(sizes)), training)
        speed = tokens / seconds
        mfu = speed * per_token / H100_BF16_PEAK if device.type == "cuda" else None
        peak = torch.cuda.max_memory_allocated() / 2**20 if device.type == "cuda" else None
        rows.append(BenchRow(f"{preset} {'train' if training else 'eval'} (pair classification, max {max_length})",
                             speed, per_token, mfu, peak))
    return rows
