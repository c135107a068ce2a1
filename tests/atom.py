"""Atom feeds in the arXiv API's format (https://info.arxiv.org/help/api/user-manual.html), built for tests."""

from __future__ import annotations

from xml.sax.saxutils import escape

_HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/"
      xmlns:arxiv="http://arxiv.org/schemas/atom">
  <title type="html">ArXiv Query: search_query=&amp;id_list={ids}</title>
  <id>http://arxiv.org/api/test</id>
  <updated>2026-11-22T00:00:00-05:00</updated>
  <opensearch:totalResults>{total}</opensearch:totalResults>
  <opensearch:startIndex>0</opensearch:startIndex>
  <opensearch:itemsPerPage>{total}</opensearch:itemsPerPage>
"""


def entry(base_url: str, arxiv_id: str, version: int, title: str, *, summary: str = "An abstract.",
          comment: str | None = None, authors: tuple[str, ...] = ("Jason Phang", "Samuel R. Bowman")) -> str:
    comment_xml = f"<arxiv:comment>{escape(comment)}</arxiv:comment>" if comment else ""
    author_xml = "".join(f"<author><name>{escape(a)}</name></author>" for a in authors)
    return f"""  <entry>
    <id>http://arxiv.org/abs/{arxiv_id}v{version}</id>
    <updated>2020-10-01T17:59:52Z</updated>
    <published>2020-05-26T17:59:52Z</published>
    <title>{escape(title)}</title>
    <summary>{escape(summary)}</summary>
    {author_xml}
    {comment_xml}
    <link href="http://arxiv.org/abs/{arxiv_id}v{version}" rel="alternate" type="text/html"/>
    <link title="pdf" href="{base_url}/pdf/{arxiv_id}v{version}" rel="related" type="application/pdf"/>
    <arxiv:primary_category term="cs.CL" scheme="http://arxiv.org/schemas/atom"/>
    <category term="cs.CL" scheme="http://arxiv.org/schemas/atom"/>
    <category term="cs.LG" scheme="http://arxiv.org/schemas/atom"/>
  </entry>
"""


def feed(*entries: str, ids: str = "") -> bytes:
    return (_HEAD.format(ids=escape(ids), total=len(entries)) + "".join(entries) + "</feed>\n").encode("utf-8")
