"""The offline corpus: bundled arXiv metadata plus every paper in the cache, searchable by BM25.

The bundled records (data/corpus.jsonl.gz, provenance in data/CORPUS.md) let
`synth search` and `synth report` find related papers with no network. A
cached paper replaces the bundled record of the same id.
"""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from importlib import resources

import bm25s

from synth.papers.cache import PaperCache
from synth.errors import InvalidIdError
from synth.papers.ids import ArxivId, parse_arxiv_id
from synth.papers.records import Paper

_BUNDLED = "corpus.jsonl.gz"


@cache
def bundled_papers() -> tuple[Paper, ...]:
    """The metadata records shipped inside the package, as Paper records (source='bundled')."""
    raw = resources.files("synth.papers").joinpath("data", _BUNDLED).read_bytes()
    papers = []
    for line in gzip.decompress(raw).decode("utf-8").splitlines():
        rec = json.loads(line)
        authors = rec.get("authors") or []
        papers.append(
            Paper(
                paper_id=rec["arxiv_id"].replace("/", "_") + (rec.get("version") or ""),
                arxiv_id=rec["arxiv_id"],
                version=int(rec["version"][1:]) if rec.get("version") else None,
                title=" ".join(rec["title"].split()),
                authors=[authors] if isinstance(authors, str) else authors,
                published=_date(rec.get("date")),
                abstract=" ".join(rec.get("abstract", "").split()),
                abstract_truncated=bool(rec.get("abstract_truncated")),
                source="bundled",
                source_detail=rec.get("source"),
            )
        )
    return tuple(papers)


def _date(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


@dataclass
class Hit:
    paper: Paper
    score: float

    @property
    def key(self) -> str:
        """What to read the paper by: a cached paper by its cache key (its version, or local-…), a bundled one by
        its arXiv id."""
        return self.paper.paper_id if self.paper.source != "bundled" else self.paper.arxiv_id


class Corpus:
    """Bundled records and cached papers, one record per arXiv id (or local paper)."""

    def __init__(self, cache: PaperCache):
        merged: dict[str, Paper] = {p.arxiv_id or p.paper_id: p for p in bundled_papers()}
        for paper in cache.papers():
            key = paper.arxiv_id or paper.paper_id
            current = merged.get(key)
            if current is None or current.source == "bundled" or (paper.version or 0) >= (current.version or 0):
                merged[key] = paper
        self.papers: list[Paper] = list(merged.values())
        self._index: bm25s.BM25 | None = None

    def get(self, arxiv_id: ArxivId) -> Paper | None:
        for paper in self.papers:
            if paper.arxiv_id == arxiv_id.base:
                return paper
        return None

    def get_any(self, key: str) -> Paper | None:
        """A paper by cache key (2005.13013v2, local-…) or by arXiv id in any spelling."""
        for paper in self.papers:
            if paper.paper_id == key:
                return paper
        try:
            return self.get(parse_arxiv_id(key.replace("_", "/")))
        except InvalidIdError:
            return None

    def search(self, query: str, limit: int = 10) -> list[Hit]:
        """Papers ranked by BM25 over title (counted twice) and abstract; zero-score papers are left out."""
        tokens = bm25s.tokenize([query], stopwords="en", show_progress=False, return_ids=False)
        if not tokens or not tokens[0]:
            return []
        index = self._bm25()
        known = [t for t in tokens[0] if t in index.vocab_dict]
        if not known:
            return []
        k = min(limit, len(self.papers))
        ids, scores = index.retrieve([known], k=k, show_progress=False)
        return [Hit(self.papers[i], float(s)) for i, s in zip(ids[0], scores[0]) if s > 0]

    def _bm25(self) -> bm25s.BM25:
        if self._index is None:
            texts = [f"{p.title} {p.title} {p.abstract}" for p in self.papers]
            index = bm25s.BM25()
            index.index(bm25s.tokenize(texts, stopwords="en", show_progress=False), show_progress=False)
            self._index = index
        return self._index
