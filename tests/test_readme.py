"""The README's set-up commands are the ones CI runs."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_ci_runs_the_readme_test_command():
    readme = ROOT.joinpath("README.md").read_text().splitlines()
    ci = ROOT.joinpath(".ci/run").read_text().splitlines()
    block = readme[readme.index("```bash") + 1 : readme.index("```bash") + 3]
    assert len(block) == 2 and all(line.startswith("pip install") for line in block)
    assert block[1] in ci, "the second README command must be what .ci/run runs"
