"""Harness vs transformers.Trainer throughput on XLM-R Large shapes, with the fast-path checks (issue 6).

The same command as `synth replicate bench`; on a CUDA machine it defaults to XLM-R Large.
Writes nothing unless asked; docs/performance.md's H200 tables were made by `bash bench/gpu_session.sh`,
which runs it three times (batch 32 with --profile, batch 4, --compile).

Exit status 1 when a correctness check fails.
"""

import sys

# The replicate commands alone: a GPU machine need not have the papers and claims stack (PyMuPDF, BM25, arxiv).
from synth.cli_replicate import replicate_app

if __name__ == "__main__":
    replicate_app(args=["bench", *sys.argv[1:]], prog_name="bench/gpu_train.py")
