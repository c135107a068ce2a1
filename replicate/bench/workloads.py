"""Benchmark workloads on XLM-R shapes (random weights): model sizes, inputs, and what a token costs.

Inputs are synthetic token ids whose lengths are drawn from real task inputs
(replicate/data/bench_lengths.json). FLOPs per real token follow Kaplan et al. 2020 /
PaLM (arXiv 2204.02311, App. B): training = 6 * N_non_embedding + 12 * layers * hidden * T
(T: the workload's mean real length), evaluation a third of that. MFU divides achieved
FLOP/s by the device's bf16 ceiling measured in the same run (replicate/bench/ceiling.py), only on CUDA.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from replicate.features import Feature
from replicate.tasks import get_task

PRESETS = {
    "xlmr-large": dict(hidden_size=1024, num_hidden_layers=24, num_attention_heads=16, intermediate_size=4096, vocab_size=250002),
    "xlmr-base": dict(hidden_size=768, num_hidden_layers=12, num_attention_heads=12, intermediate_size=3072, vocab_size=250002),
    "tiny": dict(hidden_size=64, num_hidden_layers=2, num_attention_heads=2, intermediate_size=256, vocab_size=1000),
}
FORMULA = ("FLOPs per real token = 6 * N_non_embedding + 12 * layers * hidden * T for training (T: mean real tokens "
           "per row), a third of that for evaluation; MFU = real tokens/s * FLOPs per token / the bf16 ceiling measured in the same run (an 8192^3 bf16 "
           "matrix product)")
PAD_ID = 1  # XLM-R's <pad>
LENGTHS_FILE = Path(__file__).parent.parent / "data" / "bench_lengths.json"


@dataclass(frozen=True)
class Workload:
    name: str
    head: str  # "pair_classification" or "span_extraction"
    max_length: int
    training: bool

    @property
    def task(self) -> str:
        """A registered task with this head: its spec gives the harness's head and label count."""
        return "xnli" if self.head == "pair_classification" else "squad_v1"

    @property
    def lengths_key(self) -> str:
        return "pair" if self.head == "pair_classification" else "span"


WORKLOADS = {w.name: w for w in (
    Workload("train-pair-128", "pair_classification", 128, True),
    Workload("train-pair-256", "pair_classification", 256, True),
    Workload("train-span-384", "span_extraction", 384, True),
    Workload("eval-pair-128", "pair_classification", 128, False),
    Workload("eval-span-384", "span_extraction", 384, False),
)}


def non_embedding_params(config) -> int:
    """Parameters of the transformer layers (attention, feed-forward, LayerNorms), without embeddings."""
    h, f = config.hidden_size, config.intermediate_size
    per_layer = (4 * h * h + 4 * h) + (2 * h * f + f + h) + 2 * (2 * h)
    return config.num_hidden_layers * per_layer


def flops_per_token(config, seq_len: float, training: bool) -> float:
    """6 * N_non_embedding + 12 * layers * hidden * T for a training step; a third of it for a forward pass."""
    forward_backward = 6 * non_embedding_params(config) + 12 * config.num_hidden_layers * config.hidden_size * seq_len
    return forward_backward if training else forward_backward / 3


def mfu(tokens_per_s: float, per_token: float, ceiling: float | None) -> float | None:
    """None without a measured ceiling (off CUDA)."""
    return tokens_per_s * per_token / ceiling if ceiling else None


@lru_cache(maxsize=1)
def _length_samples() -> dict[str, list[int]]:
    record = json.loads(LENGTHS_FILE.read_text(encoding="utf-8"))
    return {"pair": record["pair"], "span": record["span"]}


def lengths(kind: str, n: int, max_length: int, seed: int = 0) -> list[int]:
    """`n` token counts drawn (with replacement) from real inputs of that kind, cut at `max_length`."""
    rng = np.random.default_rng(seed)
    drawn = rng.choice(np.array(_length_samples()[kind]), size=n, replace=True)
    return np.minimum(drawn, max_length).tolist()


def encoder_config(preset: str, max_length: int):
    from transformers import XLMRobertaConfig

    return XLMRobertaConfig(**PRESETS[preset], max_position_embeddings=max(max_length, 512) + 2, pad_token_id=PAD_ID,
                            bos_token_id=0, eos_token_id=2, attn_implementation="sdpa")


def synthetic_features(config, workload: Workload, n: int, seed: int = 0) -> list[Feature]:
    """Random ids framed by <s> ... </s>, with random labels in the head's format."""
    rng = np.random.default_rng(seed)
    labels = len(get_task(workload.task).labels)
    out = []
    for length in lengths(workload.lengths_key, n, workload.max_length, seed):
        ids = [0, *rng.integers(5, config.vocab_size, size=length - 2).tolist(), 2]
        if workload.head == "span_extraction":
            start = int(rng.integers(1, length - 1))
            label = (start, int(min(length - 2, start + rng.integers(0, 5))))
        else:
            label = int(rng.integers(0, labels))
        out.append(Feature(ids, label))
    return out
