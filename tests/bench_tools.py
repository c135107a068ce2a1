"""The scripts of bench/ loaded as modules for their tests: bench/ is no package, its scripts are run by path."""

import importlib
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[1] / "bench"


def bench_tool(name: str):
    """bench/NAME.py, imported once."""
    if str(BENCH) not in sys.path:
        sys.path.insert(0, str(BENCH))
    return importlib.import_module(name)
