"""Harness vs transformers.Trainer throughput on XLM-R Large shapes, with the fast-path checks (issue 6).

The same command as `synth replicate bench`; on a CUDA machine it defaults to XLM-R Large.
Writes nothing unless asked; docs/performance.md was made with

    python bench/gpu_train.py --markdown perf.md

Exit status 1 when a correctness check fails.
"""

import sys

from synth.cli import app

if __name__ == "__main__":
    app(args=["replicate", "bench", *sys.argv[1:]], prog_name="bench/gpu_train.py")
