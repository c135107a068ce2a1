"""Timing of the harness's own paths: `multitask_epochs` + `train_phase` for training, `predict` for evaluation."""

from __future__ import annotations

import functools
import gc
import time
from collections.abc import Callable
from dataclasses import dataclass
import torch

from replicate.bench.profiling import Profile, profile
from replicate.bench.workloads import PAD_ID, Workload
from replicate.device import peak_mb, reset_peak, synchronize
from replicate.evaluate import predict
from replicate.features import Feature, multitask_epochs
from replicate.model import MultiTaskModel
from replicate.tasks import get_task
from replicate.train import train_phase


@dataclass
class Measurement:
    tokens: int  # real (non-pad) tokens in the timed part
    seconds: float
    peak_memory_mb: float | None
    profile: Profile | None = None  # with --profile, evaluation only (a training step's is in the step breakdown)

    @property
    def tokens_per_s(self) -> float:
        return self.tokens / self.seconds if self.seconds > 0 else float("nan")


def harness_model(config, workload: Workload, device: torch.device, seed: int = 0, compile: bool = False) -> MultiTaskModel:
    from transformers import XLMRobertaModel

    torch.manual_seed(seed)
    with device:  # initialised where it runs: 560M random weights made on the CPU cost seconds per model
        model = MultiTaskModel(XLMRobertaModel(config, add_pooling_layer=False), [get_task(workload.task)])
    if compile:  # as a run config's `compile = true` does
        model.encoder = torch.compile(model.encoder)
    return model


def bench_hyper(batch_size: int, steps: int) -> dict:
    """The harness's target-task settings (jiant's defaults), stopped after `steps` optimiser steps."""
    return {"learning_rate": 1e-5, "warmup_proportion": 0.1, "weight_decay": 0.01, "grad_clip": 1.0,
            "epochs": 1, "batch_size": batch_size, "max_steps": steps}


def free_memory() -> None:
    """Called once a measured model is dropped, so the next measurement starts with the device's memory free."""
    gc.collect()
    if torch.cuda.is_available():
        torch.cuda.empty_cache()


def frees_memory(measure):
    """Runs free_memory when `measure` returns, by which time the models it made are no longer referenced."""
    @functools.wraps(measure)
    def wrapper(*args, **kwargs):
        try:
            return measure(*args, **kwargs)
        finally:
            free_memory()

    return wrapper


@frees_memory
def measure_harness(config, workload: Workload, features: list[Feature], batch_size: int, warmup: int,
                    device: torch.device, compile: bool = False, profiled: bool = False) -> Measurement:
    """Timed on the batches after the first `warmup`, once an untimed pass over all of them has built the kernels
    and allocator blocks of every batch shape (and compiled, if asked): a run sees each shape thousands of times, and
    a shape's first step on a GPU costs several times a later one's (measured on the H200)."""
    model = harness_model(config, workload, device, compile=compile)
    reset_peak(device)
    spec = get_task(workload.task)
    if workload.training:
        schedule = multitask_epochs([(spec, features)], bench_hyper(batch_size, len(features)), PAD_ID, seed=0)[0]
        train_phase(model, [schedule], bench_hyper(batch_size, len(schedule)), device, None)
        stats = train_phase(model, [schedule[warmup:]], bench_hyper(batch_size, len(schedule) - warmup), device, None)
        return Measurement(stats.tokens, stats.seconds, peak_mb(device))
    profile_as = f"{workload.name}, harness" if profiled else None
    return time_evaluation(lambda part: predict(model, spec, features[part], batch_size, PAD_ID, device),
                           features, batch_size, warmup, device, profile_as)


def time_evaluation(evaluate: Callable[[slice], object], features: list[Feature], batch_size: int, warmup: int,
                    device: torch.device, profile_as: str | None = None) -> Measurement:
    """`evaluate(part)` on all rows untimed (every batch shape's first pass), then timed on the rows after the first
    `warmup` batches; both paths use it. With `profile_as` (a name), the timed rows are then evaluated once
    more under the profiler."""
    split = warmup * batch_size
    evaluate(slice(0, None))
    synchronize(device)
    started = time.perf_counter()
    evaluate(slice(split, None))
    synchronize(device)
    measured = Measurement(sum(len(f.input_ids) for f in features[split:]), time.perf_counter() - started,
                           peak_mb(device))
    if profile_as:
        batches = -(-(len(features) - split) // batch_size)
        measured.profile = profile(profile_as, lambda: evaluate(slice(split, None)), 1, device, steps_per_call=batches)
    return measured

