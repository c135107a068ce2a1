"""Hyper-parameters of the authors' framework, with their source. They were not checked against the paper's text."""

from __future__ import annotations

SOURCE = "nyu-mll/jiant (commit daa5a258e3af) XTREME scripts and X-STILTs guide; not checked against the paper text"
COMMON = {"learning_rate": 1e-5, "warmup_proportion": 0.1, "weight_decay": 0.01, "grad_clip": 1.0}
INTERMEDIATE = {**COMMON, "epochs": 3, "max_length": 256, "batch_size": 4}


def target(epochs: int, batch_size: int, max_length: int) -> dict:
    return {**COMMON, "epochs": epochs, "batch_size": batch_size, "max_length": max_length}
