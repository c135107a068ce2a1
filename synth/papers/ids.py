"""arXiv identifiers: parse every spelling users paste, and name cache folders safely.

Accepted: `2005.13013`, `2005.13013v2`, `arXiv:2005.13013`, abs/pdf URLs (with or
without `.pdf` and version), and old-style ids such as `hep-th/9901001v1`
(see https://info.arxiv.org/help/arxiv_identifier.html).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from synth.errors import InvalidIdError

# New style since 2007-04: YYMM.NNNN (to 2014-12) or YYMM.NNNNN.
_NEW = r"(?P<new>\d{4}\.\d{4,5})"
# Old style: archive(.SUBJECT-CLASS)/YYMMNNN, e.g. hep-th/9901001, math.GT/0309136.
_OLD = r"(?P<old>[a-z]+(?:-[a-z]+)*(?:\.[A-Z]{2})?/\d{7})"
_ID = re.compile(rf"^(?:{_NEW}|{_OLD})(?:v(?P<version>[1-9]\d{{0,3}}))?$")
_URL = re.compile(r"^https?://(?:www\.|export\.)?arxiv\.org/(?:abs|pdf)/(?P<rest>.+?)(?:\.pdf)?/?$", re.IGNORECASE)


@dataclass(frozen=True, order=True)
class ArxivId:
    """An arXiv id without version (`base`) and the version, if one was named."""

    base: str
    version: int | None = None

    def __str__(self) -> str:
        return self.base if self.version is None else f"{self.base}v{self.version}"

    def with_version(self, version: int) -> "ArxivId":
        return ArxivId(self.base, version)

    @property
    def folder_name(self) -> str:
        """A file-system-safe name; old-style ids contain '/', which must not make a sub-folder."""
        return str(self).replace("/", "_")


def parse_arxiv_id(text: str) -> ArxivId:
    """Parse any accepted spelling of an arXiv id; raise InvalidIdError otherwise."""
    raw = text.strip()
    candidate = raw
    url = _URL.match(candidate)
    if url:
        candidate = url.group("rest")
    elif candidate.lower().startswith("arxiv:"):
        candidate = candidate[len("arxiv:") :]
    match = _ID.match(candidate)
    if not match:
        raise InvalidIdError(raw or "''", "not an arXiv id (expected e.g. 2005.13013, 2005.13013v2 or hep-th/9901001)")
    base = match.group("new") or match.group("old")
    if match.group("new") and (len(base) == 10) != (base[:4] >= "1501"):
        raise InvalidIdError(raw, "not an arXiv id (ids from 1501 on have five digits after the dot, earlier ones four)")
    version = match.group("version")
    return ArxivId(base, int(version) if version else None)


def find_id_in_text(text: str) -> ArxivId | None:
    """The first arXiv id stamped (`arXiv:ID`, as in the margin of page 1) or linked in free text."""
    stamp = re.search(
        r"(?:\barXiv:\s*|arxiv\.org/(?:abs|pdf)/)(\d{4}\.\d{4,5}(?:v\d+)?|[a-z-]+(?:\.[A-Z]{2})?/\d{7}(?:v\d+)?)",
        text,
        re.IGNORECASE,
    )
    if not stamp:
        return None
    try:
        return parse_arxiv_id(stamp.group(1))
    except InvalidIdError:
        return None
