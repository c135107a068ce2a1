"""Where evidence comes from: the passages of named papers, or of papers the corpus finds for a claim.

A cached paper gives its full text; a paper the corpus knows only by its
metadata gives its abstract (and the verdicts say so by page None); with
`fetch`, a paper missing from the cache is downloaded first.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from claims.errors import ClaimInputError
from claims.passages import Passage, abstract_passages, document_passages
from claims.text import reads_as_english
from synth.documents.records import Document
from synth.errors import OfflineMissError, SynthError
from synth.papers.corpus import Corpus
from synth.papers.ids import parse_arxiv_id
from synth.papers.library import Library


@dataclass
class Sources:
    passages: list[Passage] = field(default_factory=list)
    full_text: list[str] = field(default_factory=list)  # paper ids read in full, as asked for (2005.00396, local-…)
    versions: dict[str, int | None] = field(default_factory=dict)  # the version read in full, by the id asked for
    abstract_only: list[str] = field(default_factory=list)  # paper ids known only by their abstract
    not_english: list[str] = field(default_factory=list)  # paper ids read in full whose text is not English prose
    fetch_failures: list[str] = field(default_factory=list)  # "id: reason" for downloads that failed
    _seen: set[str] = field(default_factory=set)

    def add(self, library: Library, corpus: Corpus, paper: str, *, fetch: bool) -> None:
        """Add a paper's passages: full text when cached (or fetched), else its abstract from the corpus."""
        if paper in self._seen:
            return
        self._seen.add(paper)
        try:
            stored = library.fetch(paper) if fetch else library.document(paper)
        except SynthError as exc:
            if not isinstance(exc, OfflineMissError):
                self.fetch_failures.append(str(exc))
            known = corpus.get(parse_arxiv_id(paper)) if not paper.startswith("local-") else None
            if known is None or not known.abstract:
                if not isinstance(exc, OfflineMissError):
                    raise
                hint = "`synth add FILE.pdf` adds a local copy" if library.settings.offline else "fetch it: --fetch"
                raise ClaimInputError(paper, f"paper not in the cache or the offline corpus ({hint})") from exc
            self.passages += abstract_passages(known)
            self.abstract_only.append(known.arxiv_id or paper)
            return
        self.passages += document_passages(stored.document)
        if not in_english(stored.document):
            self.not_english.append(paper)
        # Recorded under the id asked for: a corpus id without version (2005.00396) read from a cached
        # 2005.00396v3 was read in full, and the report must say so.
        self.full_text.append(paper)
        self.versions[paper] = stored.paper.version


def in_english(document: Document) -> bool:
    """Does the paper's body read as English (claims.text.reads_as_english)? Its sentences once each: its passages
    hold each sentence in up to three windows."""
    return reads_as_english(" ".join(sentence.text for _, sentence in document.iter_sentences()))


def related(corpus: Corpus, claim: str, limit: int = 3) -> list[str]:
    """Ids of the papers the offline corpus ranks highest for a claim."""
    return [hit.key for hit in corpus.search(claim, limit)]
