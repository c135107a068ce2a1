"""One benchmark run: each workload through the harness and the Trainer baseline, plus the checks, as one record."""

from __future__ import annotations

import datetime as dt
import platform
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import metadata

import numpy as np
import torch

from replicate.bench.breakdown import PHASES, StepBreakdown, step_breakdown
from replicate.bench.ceiling import bf16_ceiling
from replicate.bench.checks import EvalAgreement, LossAgreement, eval_agreement, loss_agreement
from replicate.bench.harness import Measurement, measure_harness
from replicate.bench.profiling import Profile
from replicate.bench.workloads import FORMULA, WORKLOADS, encoder_config, flops_per_token, mfu, synthetic_features

SCHEMA_VERSION = 2  # 2: MFU against the ceiling measured in the run (ceiling_flops), the step breakdown, profiles
LOSS_CHECK_STEPS = 20
# Issue 6's targets: harness/Trainer real-token throughput on training workloads, and MFU at length 128.
TARGET_RATIO = 1.5
TARGET_MFU = ("train-pair-128", 0.45)


@dataclass
class BenchRow:
    workload: str
    mean_length: float  # real tokens per row
    flops_per_token: float
    harness: Measurement
    baseline: Measurement | None
    harness_mfu: float | None
    baseline_mfu: float | None

    @property
    def ratio(self) -> float | None:
        return self.harness.tokens_per_s / self.baseline.tokens_per_s if self.baseline else None


@dataclass
class Suite:
    preset: str
    device: str
    date: str
    batch_size: int
    steps: int
    warmup: int
    compiled: bool  # the harness's encoder ran through torch.compile
    versions: dict[str, str]
    ceiling_flops: float | None  # the bf16 matrix-product ceiling measured in this run (CUDA only)
    rows: list[BenchRow] = field(default_factory=list)
    breakdown: StepBreakdown | None = None  # the first training workload's step, by phase
    loss: LossAgreement | None = None
    evals: list[EvalAgreement] = field(default_factory=list)
    schema_version: int = SCHEMA_VERSION

    def targets(self) -> list[tuple[str, str]]:
        """(target, verdict) for issue 6's targets; 'not measured' off CUDA, where MFU and speed-ups mean nothing."""
        measured = self.device.startswith("cuda")

        def verdict(value: float, goal: float, shown: str) -> str:
            return f"{shown}: {'met' if value >= goal else 'NOT met'}" if measured else "not measured (CPU)"

        out = []
        for row in self.rows:
            if row.workload.startswith("train") and row.ratio is not None:
                out.append((f"{row.workload}: harness >= {TARGET_RATIO}x Trainer",
                            verdict(row.ratio, TARGET_RATIO, f"{row.ratio:.2f}x")))
            if row.workload == TARGET_MFU[0]:  # harness_mfu is None exactly when not on CUDA
                achieved = row.harness_mfu or 0.0
                out.append((f"{row.workload}: MFU >= {TARGET_MFU[1]:.0%}", verdict(achieved, TARGET_MFU[1], f"{achieved:.1%}")))
        return out


def device_name(device: torch.device) -> str:
    if device.type == "cuda":
        return f"cuda: {torch.cuda.get_device_name(device)}"
    return f"cpu: {platform.machine()}, {torch.get_num_threads()} threads"


def run_suite(preset: str, workloads: list[str], batch_size: int, steps: int, warmup: int, device: torch.device, *,
              baseline: bool = True, checks: bool = True, compile: bool = False, profiled: bool = False,
              progress: Callable[[str, int, int], None] = lambda what, done, total: None) -> Suite:
    """`progress(what, done, total)` is told before each measurement or check what it is, and how many of all are done.
    With `profiled`, the step breakdown and each evaluation are also run under the profiler."""
    from replicate.bench.trainer_baseline import measure_trainer, require_trainer

    if baseline:
        require_trainer()
    versions = {p: metadata.version(p) for p in ("torch", "transformers")}
    compile = compile and device.type == "cuda"  # as in runs: CPU runs are never compiled
    suite = Suite(preset, device_name(device), dt.date.today().isoformat(), batch_size, steps, warmup, compile, versions,
                  bf16_ceiling(device))
    training = [name for name in workloads if WORKLOADS[name].training]
    one_loss_check_and_each_eval = 1 + len(workloads) - len(training) if training else len(workloads)
    total = (len(workloads) * (2 if baseline else 1) + (one_loss_check_and_each_eval if checks else 0)
             + (1 if training else 0))
    done = 0

    def step(what: str) -> None:
        nonlocal done
        progress(what, done, total)
        done += 1

    for name in workloads:
        workload = WORKLOADS[name]
        config = encoder_config(preset, workload.max_length)
        features = synthetic_features(config, workload, (warmup + steps) * batch_size)
        mean_length = float(np.mean([len(f.input_ids) for f in features]))
        per_token = flops_per_token(config, mean_length, workload.training)
        step(f"{name}: harness")
        harness = measure_harness(config, workload, features, batch_size, warmup, device, compile, profiled)
        trainer = None
        if baseline:
            step(f"{name}: Trainer baseline")
            trainer = measure_trainer(config, workload, features, batch_size, warmup, device, profiled)
        suite.rows.append(BenchRow(name, mean_length, per_token, harness, trainer,
                                   mfu(harness.tokens_per_s, per_token, suite.ceiling_flops),
                                   mfu(trainer.tokens_per_s, per_token, suite.ceiling_flops) if trainer else None))
        if workload.training and suite.breakdown is None:
            step(f"{name}: step time by phase")
            suite.breakdown = step_breakdown(config, workload, features, batch_size, warmup, device, compile, profiled)
        if checks and workload.training and suite.loss is None:
            step(f"{name}: fast path vs fp32 losses")
            suite.loss = loss_agreement(config, workload, features, batch_size, min(LOSS_CHECK_STEPS, steps), device,
                                        compile)
        if checks and not workload.training:
            step(f"{name}: grouped vs padded evaluation")
            suite.evals.append(eval_agreement(config, workload, features, batch_size, device, compile))
    progress("done", done, total)
    return suite


# Headers break where a narrow console may wrap them; Markdown joins the parts.
COLUMNS = ("workload", "mean\ntokens", "GFLOP/\ntoken", "harness\ntokens/s", "Trainer\ntokens/s", "harness/\nTrainer",
           "harness\nMFU", "Trainer\nMFU", "harness\npeak MiB", "Trainer\npeak MiB")


def _number(value: float | None, spec: str) -> str:
    return "-" if value is None else format(value, spec)


def table_rows(suite: Suite) -> list[list[str]]:
    rows = []
    for row in suite.rows:
        base = row.baseline
        rows.append([row.workload, f"{row.mean_length:.1f}", f"{row.flops_per_token / 1e9:.3f}",
                     f"{row.harness.tokens_per_s:,.0f}", _number(base and base.tokens_per_s, ",.0f"),
                     _number(row.ratio, ".2f"), _number(row.harness_mfu, ".1%"), _number(row.baseline_mfu, ".1%"),
                     _number(row.harness.peak_memory_mb, ",.0f"), _number(base and base.peak_memory_mb, ",.0f")])
    return rows


def context_lines(suite: Suite) -> list[str]:
    """What the table's MFU is read against, and where a training step's time goes."""
    lines = []
    if suite.ceiling_flops:
        lines.append(f"bf16 ceiling measured in this run: {suite.ceiling_flops / 1e12:,.0f} TFLOP/s (an 8192^3 matrix "
                     f"product, mean of 10 after 3 warm-ups); MFU is read against it")
    split = suite.breakdown
    if split:
        ms = split.milliseconds
        phases = ", ".join(f"{name.replace('_', '+')} {ms[name]:.2f} ms ({ms[name] / split.step_ms:.0%})" for name in PHASES)
        line = f"{split.workload} harness step, mean of {split.steps} timed steps: {split.step_ms:.2f} ms = {phases}"
        row = next(r for r in suite.rows if r.workload == split.workload)
        alone = mfu(split.tokens / split.steps / (split.milliseconds["forward_backward"] / 1000), row.flops_per_token,
                    suite.ceiling_flops)
        if alone is not None:
            line += f"; forward+backward alone run at {alone:.1%} MFU"
        lines.append(line)
        if split.profile:
            lines.append(_profile_line(split.profile, split.step_ms, "step"))
    for row in suite.rows:
        for measured in (row.harness, row.baseline):
            if measured is not None and measured.profile is not None:
                per_batch_ms = 1000 * measured.seconds / measured.profile.steps
                lines.append(_profile_line(measured.profile, per_batch_ms, "batch"))
    return lines


def profiles(suite: Suite) -> list[Profile]:
    """Every profile the run took: the step breakdown's, then each evaluation's (harness, Trainer)."""
    found = [suite.breakdown.profile] if suite.breakdown and suite.breakdown.profile else []
    return found + [m.profile for row in suite.rows for m in (row.harness, row.baseline) if m is not None and m.profile]


def _profile_line(found: Profile, wall_ms: float, unit: str) -> str:
    """How busy the device's kernels keep it during a step of `wall_ms` (timed without the profiler)."""
    if found.kernels_ms_per_step is None:
        return f"{found.what}: profiled on the host only (no GPU: no kernel launches to count)"
    return (f"{found.what}: {found.launches_per_step:,.0f} kernel launches per {unit}; kernels busy "
            f"{found.kernels_ms_per_step:.2f} ms of its {wall_ms:.2f} ms ({found.kernels_ms_per_step / wall_ms:.0%})")


def check_lines(suite: Suite) -> list[str]:
    lines = []
    if suite.loss:
        loss = suite.loss
        lines.append(f"fast path vs fp32, first {len(loss.fast)} steps: max |loss difference| {loss.max_difference:.4f} "
                     f"(tolerance {loss.tolerance}): {'pass' if loss.passed else 'FAIL'}")
    for check in suite.evals:
        lines.append(f"{check.workload}, length-grouped vs padded to max length: score {check.score_grouped:.2f} vs "
                     f"{check.score_padded:.2f}, {check.identical}/{check.examples} predictions identical: "
                     f"{'pass' if check.passed else 'FAIL'}")
    return lines


def to_markdown(suite: Suite, command: str) -> str:
    names = [c.replace("/\n", "/").replace("\n", " ") for c in COLUMNS]
    head = "| " + " | ".join(names) + " |\n|" + "---|" * len(COLUMNS) + "\n"
    body = "".join("| " + " | ".join(cells) + " |\n" for cells in table_rows(suite))
    def section(title: str, lines: list[str]) -> str:  # left out when empty ("--no-checks")
        return f"{title}:\n" + "".join(f"- {line}\n" for line in lines) + "\n" if lines else ""

    targets = section("Targets", [f"{what}: {verdict}" for what, verdict in suite.targets()])
    checks = section("Checks", check_lines(suite))
    context = "".join(f"- {line}\n" for line in context_lines(suite))
    versions = ", ".join(f"{k} {v}" for k, v in suite.versions.items())
    return (f"Measured {suite.date} on {suite.device} ({versions}); preset {suite.preset}, batch size "
            f"{suite.batch_size}, {suite.steps} timed steps after {suite.warmup} warm-up steps, harness encoder "
            f"{'compiled' if suite.compiled else 'not compiled'}.\n\n"
            f"    {command}\n\n{head}{body}\n{FORMULA}. Lengths are drawn from real task inputs "
            f"(replicate/data/bench_lengths.json); tokens/s counts real (non-pad) tokens only.\n\n"
            f"{context}\n{targets}{checks}").rstrip("\n") + "\n"


def to_record(suite: Suite) -> dict:
    """The JSON form (SCHEMA_VERSION): everything measured, with ratios and target verdicts computed."""
    from dataclasses import asdict

    record = asdict(suite)
    for row, out in zip(suite.rows, record["rows"]):
        out["ratio"] = row.ratio
        out["harness"]["tokens_per_s"] = row.harness.tokens_per_s
        if row.baseline:
            out["baseline"]["tokens_per_s"] = row.baseline.tokens_per_s
    if suite.loss:
        record["loss"] |= {"max_difference": suite.loss.max_difference, "passed": suite.loss.passed}
    for check, out in zip(suite.evals, record["evals"]):
        out["passed"] = check.passed
    record["targets"] = dict(suite.targets())
    return record
