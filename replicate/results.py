"""results.sqlite: one row per (run, phase, task, language, metric), plus one row per run with its status."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime, timezone
from pathlib import Path

from replicate.errors import ReplicateError

_SCHEMA = """
CREATE TABLE IF NOT EXISTS runs (
  run_id TEXT PRIMARY KEY, seed INTEGER, status TEXT, error TEXT, config TEXT, started TEXT, finished TEXT,
  tokens_per_s REAL, peak_memory_mb REAL, hardware TEXT, packages TEXT, git_commit TEXT
);
CREATE TABLE IF NOT EXISTS results (
  run_id TEXT, phase TEXT, task TEXT, language TEXT, metric TEXT, value REAL, seed INTEGER,
  PRIMARY KEY (run_id, phase, task, language, metric)
);
"""


# How long a write waits for another process's lock (grid jobs share one database) before failing.
LOCK_TIMEOUT_S = 120.0


class Results:
    def __init__(self, path: Path):
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        try:
            self.db = sqlite3.connect(path, timeout=LOCK_TIMEOUT_S)
            self.db.executescript(_SCHEMA)
        except sqlite3.DatabaseError as exc:
            raise ReplicateError(path, f"not a readable results database ({exc}); move it aside to start a new one") from exc

    def close(self) -> None:
        self.db.close()

    def start(self, run_id: str, seed: int, config: dict, hardware: str, packages: dict, commit: str | None) -> None:
        with self.db:
            self.db.execute(
                "INSERT INTO runs (run_id, seed, status, config, started, hardware, packages, git_commit) "
                "VALUES (?, ?, 'running', ?, ?, ?, ?, ?) ON CONFLICT(run_id) DO UPDATE SET status='running', error=NULL",
                (run_id, seed, json.dumps(config), _now(), hardware, json.dumps(packages), commit))

    def finish(self, run_id: str, status: str, error: str | None = None, tokens_per_s: float | None = None,
               peak_memory_mb: float | None = None) -> None:
        with self.db:
            self.db.execute("UPDATE runs SET status=?, error=?, finished=?, tokens_per_s=?, peak_memory_mb=? WHERE run_id=?",
                            (status, error, _now(), tokens_per_s, peak_memory_mb, run_id))

    def add(self, run_id: str, seed: int, phase: str, task: str, language: str, scores: dict[str, float]) -> None:
        with self.db:
            self.db.executemany("INSERT OR REPLACE INTO results VALUES (?, ?, ?, ?, ?, ?, ?)",
                                [(run_id, phase, task, language, m, v, seed) for m, v in scores.items()])

    def merge(self, other: Path) -> None:
        """Copy every run and result of another results database into this one (newer rows win)."""
        with self.db:
            self.db.execute("ATTACH DATABASE ? AS other", (str(other),))
            try:
                self.db.execute("INSERT OR REPLACE INTO runs SELECT * FROM other.runs")
                self.db.execute("INSERT OR REPLACE INTO results SELECT * FROM other.results")
            finally:
                self.db.commit()
                self.db.execute("DETACH DATABASE other")

    def status(self, run_id: str) -> str | None:
        row = self.db.execute("SELECT status FROM runs WHERE run_id=?", (run_id,)).fetchone()
        return row[0] if row else None

    def rows(self) -> list[dict]:
        cursor = self.db.execute(
            "SELECT r.run_id, r.seed, r.phase, r.task, r.language, r.metric, r.value, u.config FROM results r "
            "JOIN runs u USING (run_id) WHERE u.status = 'done'")
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row)) for row in cursor.fetchall()]

    def runs(self) -> list[dict]:
        cursor = self.db.execute("SELECT run_id, seed, status, error, tokens_per_s, peak_memory_mb FROM runs")
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row)) for row in cursor.fetchall()]


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")
