"""What a measured step does on the host and on the device, from torch.profiler: kernel launches per step and the
time the device's kernels are busy, against the step's wall time.

A step whose kernels are busy for a fraction of its wall time is bound by the host (launching kernels one by one),
not by the device's arithmetic or memory; the H200 run (docs/performance.md) pointed there without counting it.
The profiler's own overhead inflates host time, so a step's wall time is read from the unprofiled measurement and
the kernels' busy time from the profiled one. Each profile keeps its table of the top operators (by their own device
time on CUDA; elsewhere by host time including what they call, so the phases of a step, the backward pass's functions
and the optimizer's update, head the table instead of being scattered over its many small operators);
`synth replicate bench --profile FILE` writes them to one file.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import torch

from replicate.device import synchronize

# Runtime and driver calls that put one kernel on the device's queue.
LAUNCHES = frozenset({"cudaLaunchKernel", "cudaLaunchKernelExC", "cuLaunchKernel", "cuLaunchKernelEx"})
ROWS = 30


@dataclass
class Profile:
    what: str  # e.g. "train-pair-128, harness step"
    steps: int  # steps (or evaluation batches) profiled
    launches_per_step: float | None  # None off CUDA
    kernels_ms_per_step: float | None  # the device's kernels busy, per step; None off CUDA
    table: str  # the top operators, as torch.profiler prints them


def profile(what: str, run: Callable[[], None], calls: int, device: torch.device, steps_per_call: int = 1) -> Profile:
    """`run()` called `calls` times under torch.profiler (after the caller's warm-up), each call `steps_per_call`
    steps (an evaluation call runs every batch)."""
    from torch.autograd import DeviceType
    from torch.profiler import ProfilerActivity
    from torch.profiler import profile as torch_profile

    cuda = device.type == "cuda"
    activities = [ProfilerActivity.CPU, *([ProfilerActivity.CUDA] if cuda else [])]
    synchronize(device)
    with torch_profile(activities=activities) as prof:
        for _ in range(calls):
            run()
        synchronize(device)
    events = prof.key_averages()
    steps = calls * steps_per_call
    sort = "self_device_time_total" if cuda else "cpu_time_total"
    launches = kernels_ms = None
    if cuda:
        launches = sum(e.count for e in events if e.key in LAUNCHES) / steps
        kernels_ms = sum(e.self_device_time_total for e in events if e.device_type == DeviceType.CUDA) / 1000 / steps
    return Profile(what, steps, launches, kernels_ms, events.table(sort_by=sort, row_limit=ROWS))


def tables(profiles: list[Profile]) -> str:
    """Every profile's operator table under its name, as one text."""
    return "\n".join(f"== {p.what}: {p.steps} steps profiled\n\n{p.table}\n" for p in profiles)
