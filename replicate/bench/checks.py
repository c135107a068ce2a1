"""Is the fast path still the same computation? Two checks run beside every benchmark.

1. Training: the harness's fast path (bf16 autocast, fused AdamW on CUDA) and the plain fp32
   path (no autocast, foreach AdamW) start from the same weights and see the same batches;
   their losses must agree step by step within LOSS_TOLERANCE. Dropout is off in both, so
   they differ only in arithmetic.
2. Evaluation: predictions with length-grouped dynamic padding (what `predict` does) and
   with every row padded to the maximum length in input order must give the same score.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch

from replicate.bench.harness import bench_hyper, free_memory, frees_memory, harness_model
from replicate.bench.workloads import PAD_ID, Workload
from replicate.evaluate import predict
from replicate.features import Feature, multitask_epochs
from replicate.tasks import get_task
from replicate.train import train_phase

# bf16 keeps 8 significant bits: per-op rounding of ~0.4% compounds through the layers, and a
# loss near ln(3) then moves by a few hundredths at most; a broken path (wrong mask, dropped
# gradient, stale optimiser state) moves it by tenths within a few steps.
LOSS_TOLERANCE = 0.05


@dataclass
class LossAgreement:
    fast: list[float]
    reference: list[float]
    tolerance: float = LOSS_TOLERANCE

    @property
    def max_difference(self) -> float:
        return max(abs(a - b) for a, b in zip(self.fast, self.reference))

    @property
    def passed(self) -> bool:
        return len(self.fast) == len(self.reference) > 0 and self.max_difference <= self.tolerance


@dataclass
class EvalAgreement:
    workload: str
    examples: int
    identical: int  # examples whose prediction is the same under both batchings
    score_grouped: float
    score_padded: float

    @property
    def passed(self) -> bool:
        return self.score_grouped == self.score_padded


def _without_dropout(model: torch.nn.Module) -> torch.nn.Module:
    for module in model.modules():
        if isinstance(module, torch.nn.Dropout):
            module.p = 0.0
    return model


def loss_agreement(config, workload: Workload, features: list[Feature], batch_size: int, steps: int,
                   device: torch.device, compile: bool = False) -> LossAgreement:
    """The fast path as benchmarked (compiled too, if asked) against the plain fp32 eager path."""
    spec = get_task(workload.task)
    hyper = bench_hyper(batch_size, steps)
    schedule = multitask_epochs([(spec, features)], hyper, PAD_ID, seed=0)[0][:steps]
    losses = {}
    for precision in ("bf16", "fp32"):  # bf16 on CPU too, so the check means something without a GPU
        model = _without_dropout(harness_model(config, workload, device, seed=0, compile=compile and precision == "bf16"))
        losses[precision] = train_phase(model, [schedule], hyper, device, None, precision=precision).losses
        del model
        free_memory()
    return LossAgreement(losses["bf16"], losses["fp32"])


def _comparable(prediction, head: str):
    """The decision a score is computed from: a label, or a (start, end) token pair within the real tokens."""
    if head != "span_extraction":
        return prediction
    return int(prediction[:, 0].argmax()), int(prediction[:, 1].argmax())


@frees_memory
def eval_agreement(config, workload: Workload, features: list[Feature], batch_size: int,
                   device: torch.device, compile: bool = False) -> EvalAgreement:
    spec = get_task(workload.task)
    model = harness_model(config, workload, device, seed=0, compile=compile)
    found = {}
    for grouped in (True, False):
        predictions = predict(model, spec, features, batch_size, PAD_ID, device, group_by_length=grouped,
                              pad_to=None if grouped else workload.max_length)
        found[grouped] = [_comparable(p, workload.head) for p in predictions]
    gold = [tuple(f.label) if isinstance(f.label, tuple) else f.label for f in features]

    def score(decisions: list) -> float:
        return 100.0 * sum(d == g for d, g in zip(decisions, gold)) / len(gold)

    return EvalAgreement(workload.name, len(features), sum(a == b for a, b in zip(found[True], found[False])),
                         score(found[True]), score(found[False]))
