"""Runs as independent jobs (submitit: Slurm, or its local executor), each writing its own record in its run folder.

A job writes `<output_dir>/<run id>/result.sqlite`; `merge_runs` folds every run
folder's record into one results.sqlite, so a grid can be spread over GPUs or
machines and summarised in one place.
"""

from __future__ import annotations

from pathlib import Path

from replicate.config import RunConfig
from replicate.errors import ReplicateError
from replicate.results import Results

RECORD = "result.sqlite"


def run_job(config: dict, seed: int) -> str:
    """One run in a fresh process: the job's entry point (importable, so it pickles by reference)."""
    from replicate.runner import run_seed

    loaded = RunConfig.model_validate(config)
    record = Results(loaded.output_dir / loaded.run_id(seed) / RECORD)
    try:
        return run_seed(loaded, seed, record)
    finally:
        record.close()


def submit(settings: list[RunConfig], launcher: str, folder: Path, slurm: dict | None = None) -> list:
    """Submit every (setting, seed) run; `launcher` is 'slurm' or 'local' (submitit's local executor)."""
    try:
        import submitit
    except ImportError as exc:
        raise ReplicateError("--launcher", "submitit is not installed (pip install 'synth[slurm]')") from exc
    executor = submitit.AutoExecutor(folder=folder, cluster=launcher)
    if slurm:
        executor.update_parameters(**slurm)
    jobs = []
    for setting in settings:
        for seed in setting.seeds:
            jobs.append(executor.submit(run_job, setting.model_dump(mode="json"), seed))
    return jobs


def merge_runs(output_dir: Path, results: Results) -> int:
    """Fold every run folder's record into `results`; returns how many records were merged."""
    merged = 0
    for record in sorted(output_dir.glob(f"*/{RECORD}")):
        results.merge(record)
        merged += 1
    return merged
