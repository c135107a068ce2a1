"""The README as a new user reads it: every command block runs as written, in a fresh cache, from the repo's files.

A command's trailing comment may say what to expect: `exit N` for a documented non-zero exit, `needs
network` or `needs the project's data` for what a fresh clone cannot have (skipped, with that reason).
The set-up block's installs are what this test run already did; the main job after them runs.
Commands that load the verifier's models or train are slow (10-16 s each), and so is every command after one
in its block, which may read what it wrote.
"""

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
_SKIPS = ("needs network", "needs the project's data")
_SLOW = ("synth report", "synth audit", "synth verify", "synth replicate tiny-model", "synth replicate run")


def test_ci_runs_the_readme_test_command():
    readme = README.read_text().splitlines()
    ci = ROOT.joinpath(".ci/run").read_text().splitlines()
    block = readme[readme.index("```bash") + 1 : readme.index("```bash") + 3]
    assert len(block) == 2 and all(line.startswith("pip install") for line in block)
    assert block[1] in ci, "the second README command must be what .ci/run runs"


def _commands() -> list:
    """A pytest param (line number, command) for every line of every ```bash block, in README order."""
    commands, inside, slow = [], False, False
    for number, line in enumerate(README.read_text().splitlines(), start=1):
        if line.strip() in ("```bash", "```"):
            inside, slow = line.strip() == "```bash", False
        elif inside and line.strip():
            slow = slow or any(name in line for name in _SLOW)
            commands.append(pytest.param(number, line.strip(), id=f"README line {number}",
                                         marks=[pytest.mark.slow] if slow else []))
    return commands


def _plan(command: str) -> tuple[str | None, int, str | None]:
    """(command to run, expected exit status, reason to skip)."""
    code, _, comment = command.partition("  #")
    code = code.strip()
    if "python -m pytest" in code:
        return None, 0, "this is the test run itself"
    if code.startswith("pip install"):
        code = code.split("&&", 1)[1].strip() if "&&" in code else ""  # installed already: run what follows
    reason = next((why for why in _SKIPS if why in comment), None)
    status = re.search(r"\bexit (\d)\b", comment)
    return code or None, int(status.group(1)) if status else 0, reason


@pytest.fixture(scope="module")
def workspace(tmp_path_factory):
    """A folder laid out like a fresh clone's root (the files README commands name), and an empty cache."""
    root = tmp_path_factory.mktemp("readme")
    for folder in ("examples", "configs"):
        shutil.copytree(ROOT / folder, root / folder)
    env = {k: v for k, v in os.environ.items() if not k.startswith("SYNTH_")}
    env.update(SYNTH_CACHE_DIR=str(root / "cache"), HF_HUB_OFFLINE="1", COLUMNS="100")
    return root, env


@pytest.mark.parametrize("line, command", _commands())
def test_every_readme_command_runs_as_written(workspace, line, command):
    """Commands share one workspace and cache, in README order: a paper added above is there below."""
    root, env = workspace
    code, expected, reason = _plan(command)
    if code is None or reason:
        pytest.skip(f"README line {line}: {reason}")
    done = subprocess.run(["bash", "-c", code], cwd=root, env=env, capture_output=True, text=True, timeout=900)
    assert done.returncode == expected, f"README line {line}: `{code}` exited {done.returncode}\n{done.stderr[-2000:]}"
    if expected:
        assert done.stderr.strip(), f"`{code}` failed without saying why"


def test_the_readme_names_the_example_paper_by_its_real_id(workspace):
    """`synth add examples/tables.pdf` prints the id the README uses afterwards."""
    root, env = workspace
    added = subprocess.run(["synth", "add", "examples/tables.pdf"], cwd=root, env=env, capture_output=True, text=True)
    paper_id = added.stdout.split("\t")[0]
    assert paper_id.startswith("local-") and paper_id in README.read_text()
