"""Cache entries change as a whole: writers killed with SIGKILL mid-store, and two writers at once, never leave a mix."""

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from synth.papers.cache import PaperCache

KEY = "2005.13013v2"
# A writer that stores the same paper over and over, alternating two versions whose three files all differ.
WRITER = r"""
import sys
from pathlib import Path
from synth.documents.records import Document
from synth.papers.cache import PaperCache
from synth.papers.records import Paper

cache = PaperCache(Path(sys.argv[1]))
tag = sys.argv[2]
n = 0
while True:
    name = f"{tag}{n % 2}"
    pdf = name.encode() * 400_000  # a few MB, so a kill often lands inside a write
    paper = Paper(paper_id="2005.13013v2", arxiv_id="2005.13013", version=2, title=name, source="arxiv")
    document = Document(paper_id="2005.13013v2", title=name, pdf_sha256="x" * 64, extractor="test", pages=[])
    cache.store(paper, pdf, document)
    n += 1
"""


@contextmanager
def _writers(root: Path, *tags: str) -> Iterator[list[subprocess.Popen]]:
    """Writer processes, killed with SIGKILL on leaving, also when the test fails inside."""
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, str(root), tag], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for tag in tags]
    try:
        yield procs
    finally:
        for proc in procs:
            _kill(proc)


def _kill(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.kill(proc.pid, signal.SIGKILL)
    proc.wait()


def _wait_for_entry(cache: PaperCache, deadline: float = 60.0) -> None:
    started = time.monotonic()
    while not cache.has(KEY):
        assert time.monotonic() - started < deadline, "the writer never stored an entry"
        time.sleep(0.05)


def _assert_whole(cache: PaperCache) -> str:
    """The entry's three files are one version: the record, the text and the PDF name the same writer round."""
    paper = cache.paper(KEY)
    document = cache.document(KEY)  # checks text.json's sha256
    pdf = cache.pdf_bytes(KEY)  # checks paper.pdf's sha256
    assert document.title == paper.title and pdf.startswith(paper.title.encode())
    return paper.title


def test_a_writer_killed_mid_store_leaves_the_old_entry_or_the_new_one(tmp_path):
    cache = PaperCache(tmp_path)
    seen = set()
    for round_ in range(6):
        with _writers(tmp_path, "a"):
            _wait_for_entry(cache)
            time.sleep(0.05 + 0.07 * round_)
        seen.add(_assert_whole(cache))
    assert seen <= {"a0", "a1"}


def test_two_writers_of_the_same_paper_never_mix_their_files(tmp_path):
    cache = PaperCache(tmp_path)
    checks = 0
    with _writers(tmp_path, "a", "b"):
        _wait_for_entry(cache)
        deadline = time.monotonic() + 2.0
        while time.monotonic() < deadline:
            # The entry never goes missing, and each read is checked against the record it was stored with.
            cache.document(KEY)
            assert cache.pdf_bytes(KEY)[:1] in (b"a", b"b")
            checks += 1
            time.sleep(0.02)
    assert checks > 0
    assert _assert_whole(cache) in {"a0", "a1", "b0", "b1"}
    assert [p.paper_id for p in cache.papers()] == [KEY]  # staging folders are not entries


def test_two_writers_sweeping_while_the_other_retires_folders_both_go_on(tmp_path):
    # Each store sweeps the cache while the other writer removes the folders it retires: a folder listed and gone
    # before it is read is no error (a training run beside a read of claims died of it).
    cache = PaperCache(tmp_path)
    with _writers(tmp_path, "a", "b") as procs:
        _wait_for_entry(cache)
        time.sleep(4.0)
        assert [proc.poll() for proc in procs] == [None, None]


def test_what_killed_stores_left_behind_is_swept_once_stale(tmp_path):
    cache = PaperCache(tmp_path)
    with _writers(tmp_path, "a"):
        _wait_for_entry(cache)
    papers = tmp_path / "papers"
    stale = [papers / f".{KEY}.deadbeef.new", papers / f".{KEY}.cafe.old"]
    for folder in stale:
        folder.mkdir()
        (folder / "paper.pdf").write_bytes(b"half")
    dangling = papers / f".{KEY}.feed.link"
    dangling.symlink_to(f".{KEY}.feed")
    orphan = papers / KEY / ".paper.pdf.abc123.tmp"
    orphan.write_bytes(b"half a pdf")
    fresh = papers / f".{KEY}.0123.new"
    fresh.mkdir()
    hour_ago = time.time() - 7200
    for path in [*stale, orphan]:
        os.utime(path, (hour_ago, hour_ago))
    os.utime(dangling, (hour_ago, hour_ago), follow_symlinks=False)
    live = papers / os.readlink(papers / KEY)
    os.utime(live, (hour_ago, hour_ago))  # old, but the entry points to it
    with _writers(tmp_path, "b"):  # its first store sweeps
        deadline = time.monotonic() + 60
        while cache.paper(KEY).title.startswith("a"):
            assert time.monotonic() < deadline
            time.sleep(0.05)
    assert not any(path.exists() or path.is_symlink() for path in [*stale, dangling])
    assert fresh.exists()  # young enough to be another store's work in progress
    assert _assert_whole(cache).startswith("b")


def test_an_entry_stored_as_a_real_folder_is_read_and_replaced(tmp_path):
    """Caches written before entries were links keep working, and the next store turns the folder into a link."""
    cache = PaperCache(tmp_path)
    with _writers(tmp_path, "a"):
        _wait_for_entry(cache)
    link = tmp_path / "papers" / KEY
    folder = link.parent / os.readlink(link)
    link.unlink()
    folder.rename(link)
    assert _assert_whole(cache).startswith("a")
    with _writers(tmp_path, "b"):
        deadline = time.monotonic() + 60
        while cache.paper(KEY).title.startswith("a"):
            assert time.monotonic() < deadline
            time.sleep(0.05)
    assert link.is_symlink() and _assert_whole(cache).startswith("b")
