"""Where a training step's time goes: forward + backward, gradient clipping, and the optimiser step.

MFU counts the model's FLOPs only, but each step also clips and updates every parameter (XLM-R Large: 559M, 257M of
them in the embedding matrix), which streams memory whatever the batch. The split says how much of a step that is,
and what MFU the forward and backward passes reach on their own.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import torch

from replicate.bench.harness import bench_hyper, frees_memory, harness_model
from replicate.bench.profiling import Profile, profile
from replicate.bench.workloads import PAD_ID, Workload
from replicate.device import synchronize
from replicate.features import Feature, multitask_epochs, to_device
from replicate.precision import autocast
from replicate.tasks import get_task
from replicate.train import make_optimizer

PHASES = ("forward_backward", "clip", "optimizer")


@dataclass
class StepBreakdown:
    workload: str
    steps: int
    tokens: int  # real tokens in the timed steps
    milliseconds: dict[str, float]  # mean per step, by phase
    profile: Profile | None = None  # with --profile

    @property
    def step_ms(self) -> float:
        return sum(self.milliseconds.values())


class _Clock:
    """Marks between a step's phases: CUDA events (no sync inside the step, so the GPU's own timeline is read), or
    host time off CUDA, where work is done when a call returns."""

    def __init__(self, device: torch.device):
        self.cuda = device.type == "cuda"
        self.steps: list[list] = []

    def start_step(self) -> None:
        self.steps.append([])

    def mark(self) -> None:
        if self.cuda:
            event = torch.cuda.Event(enable_timing=True)
            event.record()
            self.steps[-1].append(event)
        else:
            self.steps[-1].append(time.perf_counter())

    def mean_intervals_ms(self) -> list[float]:
        """Per phase, the mean over steps of the time between consecutive marks."""
        if self.cuda:
            torch.cuda.synchronize()
            per_step = [[a.elapsed_time(b) for a, b in zip(m, m[1:])] for m in self.steps]
        else:
            per_step = [[1000 * (b - a) for a, b in zip(m, m[1:])] for m in self.steps]
        return [sum(column) / len(column) for column in zip(*per_step)]


@frees_memory
def step_breakdown(config, workload: Workload, features: list[Feature], batch_size: int, warmup: int,
                   device: torch.device, compile: bool = False, profiled: bool = False) -> StepBreakdown:
    """The harness's step (bf16 autocast, its optimiser and clipping, as train_phase runs them), split into phases;
    timed as measure_harness is: after an untimed pass over all batches, on those after the first `warmup`. With
    `profiled`, the timed steps run once more under the profiler."""
    model = harness_model(config, workload, device, compile=compile)
    model.train()
    hyper = bench_hyper(batch_size, len(features))
    optimizer = make_optimizer(model, hyper, device, "auto")
    schedule = multitask_epochs([(get_task(workload.task), features)], hyper, PAD_ID, seed=0)[0]

    def step(task: str, batch: dict, mark: Callable[[], None]) -> None:
        batch = to_device(batch, device)
        mark()
        with autocast(device, "auto"):
            loss, _ = model(task, batch)
        loss.backward()
        mark()
        torch.nn.utils.clip_grad_norm_(model.parameters(), hyper["grad_clip"])
        mark()
        optimizer.step()
        optimizer.zero_grad(set_to_none=True)
        mark()

    for task, batch in schedule:
        step(task, batch, lambda: None)
    clock = _Clock(device)
    tokens = 0
    for task, batch in schedule[warmup:]:
        tokens += int(batch["attention_mask"].sum())
        clock.start_step()
        step(task, batch, clock.mark)
    synchronize(device)
    split = StepBreakdown(workload.name, len(clock.steps), tokens, dict(zip(PHASES, clock.mean_intervals_ms())))
    if profiled:
        again = iter(schedule[warmup:])
        split.profile = profile(f"{workload.name}, harness step", lambda: step(*next(again), lambda: None),
                                len(schedule) - warmup, device)
    return split
