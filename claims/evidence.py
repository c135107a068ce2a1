"""The evidence index: passages searched four ways, each a stage adding its score to every candidate.

- embed: cosine similarity of sentence embeddings (meaning);
- lexical: BM25 over the passages (rare shared terms: task names, metrics);
- fuzzy: rapidfuzz token-set ratio on normalised text (near-verbatim and truncated
  claims; a claim cut mid-sentence is a subset of its passage's words). It is
  about 15 times faster than partial_ratio over a few thousand passages;
- numbers: the share of the claim's distinctive numbers ("0.7931", "11,761",
  not "100" or a year) that the passage states as written. A result quoted
  from a table is found by its number where its row shares few of the claim's
  words ("Crawler of PaSa-7b reaches higher crawler recall (0.7931 vs 0.7565)").

Candidates are the union of each stage's top k (a passage a stage scores 0, such
as one stating none of the claim's numbers, is none of its candidates); their
retrieval score is a fixed blend of the four. Passage embeddings are cached on disk per passage
set and embedder (checked by hash on every read), so a warm run embeds only the claims.
"""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import bm25s
import numpy as np
from rapidfuzz import fuzz, process, utils

from claims.embed import Embedder
from claims.numbers import YEAR
from claims.passages import Passage
from synth import atomic

_BLEND = {"cosine": 0.5, "lexical": 0.25, "fuzzy": 0.25, "numbers": 0.25}
# A number as written: "0.7931", "11,761", "80.8", ".88"; not inside a name ("GPT-4o", "Recall@20").
_NUMBER = re.compile(r"(?<![\w.@\-])(?:\d[\d,]*(?:\.\d+)?|\.\d+)(?![\w@]|\.\d)")
# Candidates each stage keeps per claim: what `synth verify` shortlists before the cross-encoder reads the best.
SHORTLIST = 6
EMBED_CHUNK = 256  # passages per progress report: a few seconds of CPU each with the default embedder

EmbedProgress = Callable[[int, int], None]  # (passages embedded, of how many)


@dataclass
class Candidate:
    passage: Passage
    scores: dict[str, float] = field(default_factory=dict)  # one entry per stage, each in [0, 1]

    @property
    def retrieval(self) -> float:
        return sum(weight * self.scores.get(name, 0.0) for name, weight in _BLEND.items())


def cached_vectors(texts: list[str], embedder: Embedder, cache_dir: Path | None,
                   progress: EmbedProgress = lambda done, total: None) -> np.ndarray:
    """Embeddings of the texts, from the on-disk cache when this exact set was embedded before.

    The file's name carries the sha256 of its bytes, so a damaged file is
    recomputed and replaced rather than trusted. `progress` hears of each chunk embedded.
    """
    key = hashlib.sha256("\x1f".join([embedder.name, *texts]).encode()).hexdigest()[:32]
    folder = cache_dir / "embeddings" if cache_dir else None
    if folder is not None:
        for path in sorted(folder.glob(f"{key}-*.npy")):
            data = path.read_bytes()
            if path.stem.endswith("-" + hashlib.sha256(data).hexdigest()[:16]):
                try:
                    vectors = np.load(io.BytesIO(data), allow_pickle=False)
                    if vectors.shape[0] == len(texts):
                        return vectors
                except (ValueError, OSError):
                    pass
            path.unlink(missing_ok=True)  # damaged or stale: recomputed below
    vectors = _encode(texts, embedder, progress)
    if folder is not None:
        buffer = io.BytesIO()
        np.save(buffer, vectors, allow_pickle=False)
        data = buffer.getvalue()
        atomic.write_bytes(folder / f"{key}-{hashlib.sha256(data).hexdigest()[:16]}.npy", data)
    return vectors


def _encode(texts: list[str], embedder: Embedder, progress: EmbedProgress) -> np.ndarray:
    """The texts embedded a chunk at a time, to report progress. Longest first, as sentence-transformers orders
    them inside one call, so each chunk's batches hold the texts (and padding) one call's batches would."""
    if not texts:
        return embedder.encode(texts)
    order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
    progress(0, len(texts))
    chunks = []
    for start in range(0, len(texts), EMBED_CHUNK):
        chunks.append(embedder.encode([texts[i] for i in order[start:start + EMBED_CHUNK]]))
        progress(min(start + EMBED_CHUNK, len(texts)), len(texts))
    by_length = np.concatenate(chunks)
    vectors = np.empty_like(by_length)
    vectors[order] = by_length
    return vectors


def distinctive_numbers(text: str) -> set[str]:
    """The numbers of the text that few other passages state by chance: three digits or more, two of them not
    leading or trailing zeros, no year. Written without thousands separators or a leading zero ("0.7931" and
    ".7931" are one)."""
    out = set()
    for match in _NUMBER.finditer(text):
        written = match.group().replace(",", "").rstrip(".").removeprefix("0")
        digits = written.replace(".", "").lstrip("0")
        if len(digits) >= 3 and len(digits.rstrip("0")) >= 2 and not YEAR.fullmatch(match.group()):
            out.add(written)
    return out


class EvidenceIndex:
    def __init__(self, passages: list[Passage], embedder: Embedder, cache_dir: Path | None = None,
                 progress: EmbedProgress = lambda done, total: None):
        self.passages = passages
        self.embedder = embedder
        self.vectors = cached_vectors([p.text for p in passages], embedder, cache_dir, progress)
        self._numbers: dict[str, list[int]] = {}
        for i, passage in enumerate(passages):
            for number in distinctive_numbers(passage.text):
                self._numbers.setdefault(number, []).append(i)
        self._bm25 = bm25s.BM25()
        if passages:
            self._bm25.index(bm25s.tokenize([p.text for p in passages], stopwords="en", show_progress=False),
                             show_progress=False)

    def search(self, claims: list[str], claim_vectors: np.ndarray, k: int = SHORTLIST) -> list[list[Candidate]]:
        """Candidates for each claim, best retrieval score first."""
        if not self.passages:
            return [[] for _ in claims]
        stages = {
            "cosine": np.clip(claim_vectors @ self.vectors.T, 0.0, 1.0),
            "lexical": self._lexical(claims),
            "fuzzy": process.cdist(claims, [p.text for p in self.passages], scorer=fuzz.token_set_ratio,
                                   processor=utils.default_process, dtype=np.float32, workers=-1) / 100.0,
            "numbers": self._stated_numbers(claims),
        }
        results = []
        for row in range(len(claims)):
            chosen: set[int] = set()
            for scores in stages.values():
                top = np.argsort(-scores[row], kind="stable")[:k]
                chosen.update(top[scores[row, top] > 0].tolist())
            candidates = [Candidate(self.passages[i], {name: float(s[row, i]) for name, s in stages.items()}) for i in chosen]
            results.append(sorted(candidates, key=lambda c: -c.retrieval))
        return results

    def _stated_numbers(self, claims: list[str]) -> np.ndarray:
        """Per claim and passage, the share of the claim's distinctive numbers the passage states."""
        out = np.zeros((len(claims), len(self.passages)), dtype=np.float32)
        for row, claim in enumerate(claims):
            numbers = distinctive_numbers(claim)
            for number in numbers:
                out[row, self._numbers.get(number, [])] += 1.0 / len(numbers)
        return out

    def _lexical(self, claims: list[str]) -> np.ndarray:
        """BM25 scores scaled to [0, 1] per claim (by the best passage's score)."""
        out = np.zeros((len(claims), len(self.passages)), dtype=np.float32)
        vocab = self._bm25.vocab_dict
        for row, claim in enumerate(claims):
            query = [t for t in bm25s.tokenize([claim], stopwords="en", show_progress=False, return_ids=False)[0] if t in vocab]
            if query:
                scores = self._bm25.get_scores(query)
                top = scores.max()
                if top > 0:
                    out[row] = scores / top
        return out
