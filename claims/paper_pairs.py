"""(passage, claim) pairs from labelled claims about whole papers, to train on.

The claims people write about a paper's full text (claims.paper_claims) are the product's own kind of claim, and
the cross-encoder's largest error on new papers is in reading them: a finding in other words read as a
contradiction, or a one-change refutation read as support. Each claim is paired with what the cross-encoder reads
of it in use: retrieval searches its paper as `synth verify` does (claims.verify.Verifier.read), and of the
shortlist the first passage on the page the annotator named is the deciding one. A claim the paper does not decide
is paired with the passage retrieval ranks first, the on-topic passage a verdict would otherwise be read from.
A decided claim whose page retrieval does not shortlist gives no pair: another page's passage may decide it too,
or not, and a guessed label would teach the wrong reading.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import asdict, dataclass
from pathlib import Path

from claims.embed import Embedder
from claims.errors import TrainingDataError
from claims.evidence import EvidenceIndex
from claims.extract import reported
from claims.nli_data import Pair
from claims.paper_claims import PaperClaim, by_paper
from claims.paper_names import PaperNames
from claims.passages import Passage
from claims.records import LABELS
from claims.train_crossencoder import Progress
from claims.verify import RERANK, claim_from_text, premises
from synth import atomic

DATASET = "paper_ml"
PAIRS_SCHEMA = 1  # of the pairs kept in the work folder (kept_paper_pairs)


@dataclass(frozen=True)
class PaperPairs:
    pairs: list[Pair]
    unpaired: Counter  # decided claims per label whose labelled page retrieval did not shortlist


def paper_pairs(claims: list[PaperClaim], papers: dict[str, list[Passage]], embedder: Embedder,
                cache_dir: Path | None, progress: Progress) -> PaperPairs:
    """One pair per claim whose deciding passage retrieval finds (see the module's docstring); `progress` hears of
    each paper searched (a paper not searched before is embedded first: minutes for dozens of papers)."""
    pairs: list[Pair] = []
    unpaired: Counter = Counter()
    papers_claims = by_paper(claims)
    for n, (arxiv_id, positions) in enumerate(papers_claims):
        progress("pairing claims about the PDFs with their passages", n, len(papers_claims))
        members = [claims[i] for i in positions]
        index = EvidenceIndex(papers[arxiv_id], embedder, cache_dir)
        names = PaperNames(index.passages)
        texts = [c.claim for c in members]
        found = index.search(texts, embedder.encode(texts))  # the shortlist `synth verify` searches
        for labelled, candidates in zip(members, found):
            shortlist = candidates[:RERANK]
            if labelled.label == "NOT_ENOUGH_INFO":
                deciding = shortlist[:1]
            else:
                deciding = [c for c in shortlist if c.passage.page == labelled.page][:1]
            if not deciding:
                unpaired[labelled.label] += 1
                continue
            claim = claim_from_text(labelled.id, labelled.claim)
            pairs.append(Pair(premises(claim, deciding, names)[0], reported(claim.text), (LABELS.index(labelled.label),),
                              DATASET, group=arxiv_id, tags=(labelled.change,)))
    progress("pairing claims about the PDFs with their passages", len(papers_claims), len(papers_claims))
    return PaperPairs(pairs, unpaired)


def kept_paper_pairs(work: Path, claims: list[PaperClaim], papers: dict[str, list[Passage]], embedder: Embedder,
                     cache_dir: Path | None, progress: Progress) -> PaperPairs:
    """paper_pairs, kept in the work folder under the hash of the claims, their papers' passages, the embedder and
    this package's code: a resumed training (whose checkpoint is keyed by the pairs) does not search every paper
    again, and one whose retrieval or reading changed pairs them anew (and so trains anew)."""
    key = hashlib.sha256(embedder.name.encode())
    for source in sorted(Path(__file__).parent.glob("*.py")):
        key.update(source.read_bytes())
    for c in claims:
        key.update(c.model_dump_json().encode())
    for arxiv_id in sorted({c.arxiv_id for c in claims}):
        for passage in papers[arxiv_id]:
            key.update(passage.model_dump_json().encode())
    path = work / f"paper-pairs-{key.hexdigest()[:16]}.json"
    if path.is_file():
        try:
            kept = json.loads(path.read_text(encoding="utf-8"))
            if kept["schema_version"] != PAIRS_SCHEMA:
                raise ValueError(kept["schema_version"])
            return PaperPairs([Pair(**{**p, "target": tuple(p["target"]), "allowed": tuple(p["allowed"]),
                                       "tags": tuple(p["tags"])}) for p in kept["pairs"]], Counter(kept["unpaired"]))
        except (ValueError, KeyError, TypeError):  # damaged or from another version: pair again, and rewrite it
            pass
    found = paper_pairs(claims, papers, embedder, cache_dir, progress)
    atomic.write_json(path, {"schema_version": PAIRS_SCHEMA, "pairs": [asdict(p) for p in found.pairs],
                             "unpaired": dict(found.unpaired)})
    return found


def kept_apart(trained: list[PaperClaim], calibrating: list[PaperClaim], path: Path) -> None:
    """An error naming `path` and the paper when a paper trained on is also one whose claims calibrate: its
    verdicts would be fitted on a reading the weights learnt."""
    shared = sorted({c.arxiv_id for c in trained} & {c.arxiv_id for c in calibrating})
    if shared:
        raise TrainingDataError(path, f"paper {shared[0]} is trained on and calibrated on ({len(shared)} papers "
                                      f"in both): a paper's claims either train or calibrate")
