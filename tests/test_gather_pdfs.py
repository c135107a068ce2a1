"""bench/gather_pdfs.py: the listed papers' PDFs taken from clones of their repositories, checked by sha256."""

import hashlib
import subprocess
from pathlib import Path

from bench_tools import bench_tool
from paper_pdf import simple_pdf

TOOL = Path(__file__).resolve().parents[1] / "bench" / "gather_pdfs.py"


def _tool():
    return bench_tool("gather_pdfs")


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
                   check=True, capture_output=True)


def _clones(tmp_path: Path) -> tuple[Path, bytes, bytes]:
    """A clone whose papers/a.pdf was replaced after the listed copy, and whose papers/b.pdf is at HEAD."""
    repo = tmp_path / "clones" / "papers-repo"
    (repo / "papers").mkdir(parents=True)
    _git(repo, "init", "-q")
    listed_a, later_a, b = simple_pdf(text="The listed copy."), simple_pdf(text="A later copy."), simple_pdf(2)
    (repo / "papers" / "a.pdf").write_bytes(listed_a)
    (repo / "papers" / "b.pdf").write_bytes(b)
    _git(repo, "add", ".")
    _git(repo, "commit", "-qm", "papers")
    (repo / "papers" / "a.pdf").write_bytes(later_a)
    _git(repo, "commit", "-qam", "replace a")
    return tmp_path / "clones", listed_a, b


def _list(tmp_path: Path, rows: list[tuple[str, str, str, bytes]]) -> Path:
    lines = ["# Papers", "", "| file name to use | paper | pages | repository: path | sha256 |",
             "| --- | --- | --- | --- | --- |"]
    lines += [f"| {name} | A paper | 1 | {repository}: {path} | {hashlib.sha256(data).hexdigest()} |"
              for name, repository, path, data in rows]
    path = tmp_path / "papers.md"
    path.write_text("\n".join(lines) + "\n")
    return path


def test_each_listed_pdf_is_taken_from_the_commit_holding_its_listed_copy(tmp_path, capsys):
    clones, listed_a, b = _clones(tmp_path)
    papers = _list(tmp_path, [("2401.00001_a.pdf", "Owner/papers-repo", "papers/a.pdf", listed_a),
                              ("2401.00002_b.pdf", "Owner/papers-repo", "papers/b.pdf", b)])
    out = tmp_path / "out"
    assert _tool().main(["--repos", str(clones), "--out", str(out), "--list", str(papers)]) == 0
    assert (out / "2401.00001_a.pdf").read_bytes() == listed_a  # not HEAD's later copy
    assert (out / "2401.00002_b.pdf").read_bytes() == b
    assert "2 of 2 PDFs" in capsys.readouterr().out


def test_a_file_with_its_sha256_is_kept_and_one_without_replaced(tmp_path):
    clones, listed_a, b = _clones(tmp_path)
    papers = _list(tmp_path, [("2401.00001_a.pdf", "Owner/papers-repo", "papers/a.pdf", listed_a),
                              ("2401.00002_b.pdf", "Owner/papers-repo", "papers/b.pdf", b)])
    out = tmp_path / "out"
    out.mkdir()
    (out / "2401.00001_a.pdf").write_bytes(b"truncated by an interrupted copy")
    (out / "2401.00002_b.pdf").write_bytes(b)
    # Without a clone, only a file that is already right can be had.
    assert _tool().main(["--repos", str(tmp_path / "none"), "--out", str(out), "--list", str(papers)]) == 1
    assert _tool().main(["--repos", str(clones), "--out", str(out), "--list", str(papers)]) == 0
    assert (out / "2401.00001_a.pdf").read_bytes() == listed_a


def test_rows_that_cannot_be_had_are_named_one_line_each(tmp_path, capsys):
    clones, listed_a, _ = _clones(tmp_path)
    papers = _list(tmp_path, [("2401.00001_a.pdf", "Owner/papers-repo", "papers/a.pdf", b"another file"),
                              ("2401.00003_c.pdf", "Owner/papers-repo", "papers/c.pdf", listed_a),
                              ("2401.00004_d.pdf", "Owner/elsewhere", "papers/d.pdf", listed_a)])
    assert _tool().main(["--repos", str(clones), "--out", str(tmp_path / "out"), "--list", str(papers)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 3
    assert err[0].startswith("2401.00001_a.pdf: Owner/papers-repo: papers/a.pdf has no copy with sha256")
    assert err[1] == "2401.00003_c.pdf: Owner/papers-repo: no file papers/c.pdf in any commit"
    assert err[2] == f"2401.00004_d.pdf: no clone of Owner/elsewhere in {clones}"
    assert not (tmp_path / "out" / "2401.00001_a.pdf").exists()


def test_the_committed_list_names_a_repository_and_sha256_for_every_paper():
    rows = _tool().listed((TOOL.parent / "data" / "unseen_papers.md").read_text(encoding="utf-8"))
    table_rows = [line for line in (TOOL.parent / "data" / "unseen_papers.md").read_text().splitlines()
                  if line.startswith("| ") and ".pdf |" in line]
    assert len(rows) >= 200
    assert len({line.split("|")[1].strip() for line in table_rows}) == len(rows)
