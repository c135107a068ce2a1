"""Report quality on real papers: expected findings found, statements traced, verdicts checked by hand, and time.

    python bench/report.py [--shared ../shared] [--quick] [--keep DIR]

bench/data/report_questions.json holds three research questions, each on one
of the four real arXiv PDFs in SHARED/data/pdfs, with the key findings a good
answer must contain (paper, page, verbatim snippet, and sets of key words or
numbers taken from the paper's own wording), written down before any report
was run; 20 claims of those reports checked by hand, with my label; and 10
claims of the full-text run below (its related papers read in full, so a
verdict can be wrong in more ways than finding nothing), checked the same way.

The script adds the four PDFs to a fresh temporary cache (`synth add`) and runs
`synth report SOURCE --question Q --offline --papers 5` for each question as a
subprocess, twice into the same cache: cold (first run; passage embeddings not
yet cached) and warm (second run, identical). Each run is a new process, so
both include start-up and model loading. Per question it prints:

- Key findings in the Abstract, in Results and in the claims of report.json:
  a finding is in a text unit when the unit contains every key of at least one
  of the finding's key sets (case-insensitive, whole tokens: ".12" does not
  match "0.125", "4%" not "34%"). Units: the statements of the Abstract, the
  statements of Results, and each claim's text. "bearing" counts those whose
  claim is marked bears_on_question (the only claims Abstract and Results draw
  on). The findings table also says whether the finding is among the source's
  claim-worthy sentences at all (`synth claims SOURCE`), before the report keeps
  the 40 that best answer the question (synthesis.finding_weight): "no" there is an extraction miss, "yes" with
  no claim in the report a selection miss.
- Statements traced. The Abstract and Results are split into statements: at
  sentence ends and at "; " (Results joins its findings with ";"), never inside
  a quotation or parentheses. A statement states a finding when it quotes text (“…”) or names
  one of the report's papers by arXiv id, except framing statements (the
  question restated, or papers introduced by id followed by their title).
  Such a statement is traced when it contains at least one quotation and every
  quotation in it (a trailing "…" marks a cut and is dropped) appears verbatim,
  whitespace aside, in a claim of report.json or a quote of a verdict's
  evidence, of a paper the statement names when it names one. Target: all.
- Claims on their page: claims extracted from a full text (ids PAPER/pN/…)
  whose text is verbatim (whitespace aside) on page N, or on N and N+1, of the
  PDF as synth extracts it.
- Hand-check accuracy (questions, and the full-text run when it runs): synth's label in this run against mine for the claims
  checked by hand that this run's report still holds (target >= 85%); one it
  no longer keeps is shown as "dropped" and not counted. A claim is verified against the other
  papers of its report, never its own paper, so my label says what those
  papers, as the report read them (full text or abstract), make of it.
- Times: cold and warm seconds (target: warm <= 60 s), and whether the warm
  run wrote the same report.json as the cold one (the date aside).

Then, for time: the README's first command (`synth report 1911.02116 ...
--offline --pdf`) in a fresh empty cache (target <= 60 s), and a report whose
related papers include every other cached PDF (question = their titles,
--papers 6; with four PDFs that is 4 full-text papers, the most these PDFs
allow; the target names 5), cold and warm. --quick skips that run (4 minutes
cold on the idle 2-core machine, 10 with other jobs running). The whole script
takes about 8 minutes on the idle machine and 3 times that when it is shared.
--keep DIR keeps the reports.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

from synth.documents.extract import extract

DATA = Path(__file__).with_name("data") / "report_questions.json"
README_SOURCE = "1911.02116"
README_QUESTION = "Does multilingual pretraining at scale help low-resource languages?"
ID = re.compile(r"(?<![\w.])(\d{4}\.\d{4,5}(?:v\d+)?|local-[0-9a-f]{6,})(?![\w])")
OPEN, CLOSE, CUT = "“", "”", "…"

console = Console(width=200)  # tables stay whole when the output goes to a file


def _synth() -> list[str]:
    here = Path(sys.executable).with_name("synth")
    return [str(here)] if here.exists() else [shutil.which("synth") or "synth"]


def _run(args: list[str], cache: Path) -> float:
    """Seconds one synth command took; exits with its output when it fails."""
    started = time.perf_counter()
    done = subprocess.run([*_synth(), *args, "--cache-dir", str(cache)], capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        print(f"synth {' '.join(args)} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}", file=sys.stderr)
        sys.exit(1)
    return seconds


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _section(markdown: str, name: str) -> str:
    """The text under the first '## ' heading containing `name`, up to the next heading."""
    match = re.search(rf"^## [^\n]*{name}[^\n]*\n(.*?)(?=^## |\Z)", markdown, flags=re.M | re.S)
    return match.group(1).strip() if match else ""


class Passages:
    """Every passage of report.json a statement may quote: claims and evidence quotes, by paper."""

    def __init__(self, sidecar: dict):
        self.by_paper: dict[str, list[str]] = {}
        for item in sidecar["claims"]:
            claim_id = item["claim"]["id"]
            self._add(claim_id.split("/")[0], item["claim"]["text"])
            for evidence in item["verdict"].get("evidence", []):
                self._add(evidence.get("paper_id") or evidence.get("arxiv_id") or "", evidence["quote"])

    def _add(self, paper: str, text: str) -> None:
        self.by_paper.setdefault(_base(paper), []).append(_norm(text))

    def holds(self, quote: str, papers: set[str]) -> bool:
        quote = _norm(quote.strip().removeprefix(CUT).removesuffix(CUT))  # "…" marks where a quotation was cut
        pools = [self.by_paper.get(p, []) for p in papers] if papers else list(self.by_paper.values())
        return bool(quote) and any(quote in passage for pool in pools for passage in pool)


def _base(paper_id: str) -> str:
    return re.sub(r"v\d+$", "", paper_id)


def _quotes(text: str, passages: Passages) -> list[tuple[int, int, bool]]:
    """Quotation spans (start, end, found). A quotation may hold “…” itself: of its candidate ends the
    first whose text is found in a passage is taken, else the first end (and it is not found)."""
    spans, at = [], 0
    while (start := text.find(OPEN, at)) >= 0:
        ends = [m.start() for m in re.finditer(CLOSE, text[start + 1:])]
        if not ends:
            break
        ends = [start + 1 + e for e in ends]
        found = next((e for e in ends if passages.holds(text[start + 1:e], set())), None)
        end = found if found is not None else ends[0]
        spans.append((start, end + 1, found is not None))
        at = end + 1
    return spans


def _statements(text: str, passages: Passages) -> list[tuple[str, list[str]]]:
    """(statement, its quotations) for every statement of a section, split outside quotations."""
    out = []
    for paragraph in re.split(r"\n\s*\n", text):
        paragraph = _norm(paragraph)
        spans = _quotes(paragraph, passages)
        depth, nested = 0, []  # parenthesis depth outside quotations at each character
        for i, ch in enumerate(paragraph):
            if not any(s <= i < e for s, e, _ in spans):
                depth = depth + 1 if ch == "(" else max(depth - 1, 0) if ch == ")" else depth
            nested.append(depth)
        inside = lambda i: nested[i] > 0 or any(s <= i < e for s, e, _ in spans)  # noqa: E731
        cuts = [m.end() for m in re.finditer(r"(?<=[.?!;])\s+(?=\S)", paragraph) if not inside(m.start())]
        bounds = [0, *cuts, len(paragraph)]
        for a, b in zip(bounds, bounds[1:]):
            piece = paragraph[a:b].strip()
            if piece:
                out.append((piece, [paragraph[s + 1:e - 1] for s, e, _ in spans if a <= s < b]))
    return out


def _is_finding(statement: str, quotes: list[str], sidecar: dict) -> bool:
    if quotes:
        return True
    ids = ID.findall(statement)
    if not ids:
        return False
    if sidecar["question"].rstrip("?") in statement:
        return False
    titles = {_base(p["arxiv_id"] or p["paper_id"]): p["title"] for p in sidecar["papers"]}
    titles[_base(sidecar["source"].get("arxiv_id") or sidecar["source"].get("paper_id", ""))] = sidecar["source"].get("title", "")
    introduced = all(f"{i} ({titles.get(_base(i), chr(0))}" in statement for i in ids)
    return not introduced


def _traced(statement: str, quotes: list[str], passages: Passages) -> bool:
    papers = {_base(i) for i in ID.findall(statement)}
    return bool(quotes) and all(passages.holds(q, papers) for q in quotes)


def _has(unit: str, keys: list[str]) -> bool:
    text = unit.lower()
    return all(re.search(rf"(?<![a-z0-9]){re.escape(k.lower())}(?![a-z0-9])", text) for k in keys)


def _contains(unit: str, finding: dict) -> bool:
    return any(_has(unit, keys) for keys in finding["match"])


def _on_page(sidecar: dict, documents: dict) -> tuple[int, int]:
    """Claims from full texts (ids PAPER/pN/…) whose text is on page N (or N and N+1) of the extracted PDF."""
    found = total = 0
    for item in sidecar["claims"]:
        parts = item["claim"]["id"].split("/")
        if len(parts) < 3 or not re.fullmatch(r"p\d+", parts[1]) or _base(parts[0]) not in documents:
            continue
        pages = documents[_base(parts[0])]
        n = int(parts[1][1:])
        total += 1
        text = _norm(item["claim"]["text"])
        found += text in _norm(pages.get(n, "") + " " + pages.get(n + 1, "")) or _split(text, pages.get(n, ""),
                                                                                        pages.get(n + 1, ""))
    return found, total


def _split(text: str, page: str, next_page: str) -> bool:
    """Does the text end page `page` on one line and go on as a line of `next_page` (after a figure at its top, say,
    or joined at a hyphen: "the training cor" + "pus becomes non-parallel.")?"""
    ends = {_norm(line) for line in page.splitlines()}
    for line in next_page.splitlines():
        rest = _norm(line)
        if rest and text.endswith(rest) and text[:len(text) - len(rest)].strip() in ends:
            return True
    return False


def _same(a: Path, b: Path) -> bool:
    load = lambda p: {k: v for k, v in json.loads(p.read_text()).items() if k != "date"}  # noqa: E731
    return load(a) == load(b)


def _hand_check(run: str, claims: list[dict], spec: dict, checks: list[tuple]) -> tuple[int, int]:
    """Synth's labels in this run against mine for the run's claims checked by hand (a row each added to `checks`):
    how many agree, of how many the report still holds."""
    labels = {c["claim"]["id"]: c["verdict"] for c in claims}
    agree = n = 0
    for claim_id, mine in spec["hand_checks"].get(run, {}).items():
        verdict = labels.get(claim_id)
        ok = verdict is not None and verdict["label"] == mine["label"]
        agree += ok
        n += verdict is not None
        shown = f"{verdict['label']} ({verdict['confidence']:.2f})" if verdict else "dropped"
        checks.append((run, claim_id, shown, mine["label"], _mark(ok) if verdict else "-",
                       "" if mine["is_finding"] else "not a finding",
                       mine["reason"][:110] + ("…" if len(mine["reason"]) > 110 else "")))
    return agree, n


def _mark(ok: bool) -> str:
    return "[green]yes[/]" if ok else "[red]no[/]"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=Path(__file__).resolve().parents[2] / "shared",
                        help="the folder holding data/pdfs")
    parser.add_argument("--quick", action="store_true", help="leave out the full-text run")
    parser.add_argument("--keep", type=Path, help="keep the reports written in this folder")
    options = parser.parse_args(argv)
    shared, keep = options.shared, options.keep
    pdf_dir = shared / "data" / "pdfs"
    pdfs = sorted(pdf_dir.glob("*.pdf"))
    if not pdfs:
        print(f"no PDFs in {pdf_dir}; pass --shared DIR", file=sys.stderr)
        return 2
    spec = json.loads(DATA.read_text())
    documents: dict[str, dict[int, str]] = {}
    for path in pdfs:
        doc = extract(path.read_bytes(), subject=path.name, paper_id="bench", max_pages=10_000).document
        documents[_base(path.name.split("_")[0])] = {p.number: p.text for p in doc.pages}

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        cache = work / "cache"
        add_s = sum(_run(["add", str(p)], cache) for p in pdfs)
        rows, detail, checks = [], [], []
        totals = {"abstract": 0, "results": 0, "claims": 0, "bearing": 0, "findings": 0, "traced": 0, "statements": 0,
                  "agree": 0, "checked": 0, "page": 0, "page_total": 0}
        for q in spec["questions"]:
            args = ["report", q["source"], "--question", q["question"], "--offline", "--papers", "5"]
            cold = _run([*args, "--out", str(work / q["id"] / "cold")], cache)
            warm = _run([*args, "--out", str(work / q["id"] / "warm")], cache)
            out = work / q["id"] / "cold"
            sidecar = json.loads((out / "report.json").read_text())
            markdown = (out / "report.md").read_text()
            passages = Passages(sidecar)
            sections = {name: _statements(_section(markdown, name), passages) for name in ("Abstract", "Results")}
            claims = sidecar["claims"]
            listed = subprocess.run([*_synth(), "claims", q["source"], "--json", "--cache-dir", str(cache)],
                                    capture_output=True, text=True).stdout
            candidates = [json.loads(line)["text"] for line in listed.splitlines() if line.strip()]

            counts = {"abstract": 0, "results": 0, "claims": 0, "bearing": 0}
            for f in q["findings"]:
                in_abstract = any(_contains(s, f) for s, _ in sections["Abstract"])
                in_results = any(_contains(s, f) for s, _ in sections["Results"])
                hits = [c for c in claims if _contains(c["claim"]["text"], f)]
                bearing = [c for c in hits if c.get("bears_on_question")]
                counts["abstract"] += in_abstract
                counts["results"] += in_results
                counts["claims"] += bool(hits)
                counts["bearing"] += bool(bearing)
                ids = ", ".join(f"{c['claim']['id'].split('/', 1)[1]}{'*' if c.get('bears_on_question') else ''}" for c in hits[:3])
                candidate = any(_contains(text, f) for text in candidates)
                detail.append((f["id"], f"{f['paper']} p{f['page']}", f["what"], _mark(candidate), ids or "[red]none[/]",
                               _mark(in_abstract), _mark(in_results)))

            finding_statements = [(s, qs) for name in sections for s, qs in sections[name] if _is_finding(s, qs, sidecar)]
            traced = sum(_traced(s, qs, passages) for s, qs in finding_statements)
            on_page, page_total = _on_page(sidecar, documents)

            agree, n = _hand_check(q["id"], claims, spec, checks)

            k = len(q["findings"])
            full = sum(p["text"] == "full_text" for p in [sidecar["source"], *sidecar["papers"]])
            rows.append((q["id"], q["source"], f"{counts['abstract']}/{k}", f"{counts['results']}/{k}",
                         f"{counts['claims']}/{k} ({counts['bearing']})", f"{traced}/{len(finding_statements)}",
                         f"{on_page}/{page_total}", f"{agree}/{n}" + (f" ({100 * agree / n:.0f}%)" if n else ""),
                         f"{len(claims)}", f"{full}", f"{cold:.0f}", f"{warm:.0f}", _mark(_same(out / "report.json", work / q["id"] / "warm" / "report.json"))))
            for key, value in (("abstract", counts["abstract"]), ("results", counts["results"]), ("claims", counts["claims"]), ("bearing", counts["bearing"]),
                               ("findings", k), ("traced", traced), ("statements", len(finding_statements)),
                               ("agree", agree), ("checked", n), ("page", on_page), ("page_total", page_total)):
                totals[key] += value

        table = Table("question", "source", "findings in Abstract", "in Results", "in claims (bearing)", "finding statements traced",
                      "claims on their page", "hand-check agree", "claims", "full texts", "cold s", "warm s", "warm = cold",
                      title="Report quality per question (targets: all statements traced, hand-check >= 85%, warm <= 60 s)")
        for row in rows:
            table.add_row(*row)
        t = totals
        table.add_row("all", "", f"{t['abstract']}/{t['findings']}", f"{t['results']}/{t['findings']}", f"{t['claims']}/{t['findings']} ({t['bearing']})",
                      f"{t['traced']}/{t['statements']}", f"{t['page']}/{t['page_total']}",
                      f"{t['agree']}/{t['checked']}" + (f" ({100 * t['agree'] / t['checked']:.0f}%)" if t["checked"] else ""),
                      "", "", "", "", "", style="bold")
        console.print(table)

        findings = Table("finding", "where", "what", "claim-worthy (synth claims)", "report's claims holding it (* bears on question)",
                         "Abstract", "Results",
                         title="Expected findings (written before the reports were run)")
        for row in detail:
            findings.add_row(*row)
        console.print(findings)

        timing = Table("run", "full-text papers", "cold s", "warm s", "target", title="Time on this machine (each run a fresh process)")
        readme_cache = work / "readme-cache"
        readme_args = ["report", README_SOURCE, "--question", README_QUESTION, "--offline", "--pdf"]
        readme_cold = _run([*readme_args, "--out", str(work / "readme" / "cold")], readme_cache)
        readme_warm = _run([*readme_args, "--out", str(work / "readme" / "warm")], readme_cache)
        sidecar = json.loads((work / "readme" / "cold" / "report.json").read_text())
        full = sum(p["text"] == "full_text" for p in [sidecar["source"], *sidecar["papers"]])
        timing.add_row("README's first command (fresh cache)", str(full), f"{readme_cold:.0f}", f"{readme_warm:.0f}", "cold <= 60 s")
        if not options.quick:
            source = spec["questions"][0]["source"]
            others = [d for d in documents if d != _base(source)]
            titles = "; ".join(json.loads(subprocess.run([*_synth(), "show", d, "--json", "--cache-dir", str(cache)],
                                                         capture_output=True, text=True).stdout)["title"] for d in others)
            args = ["report", source, "--question", titles, "--offline", "--papers", str(len(others) + 3)]
            cold = _run([*args, "--out", str(work / "fulltext" / "cold")], cache)
            warm = _run([*args, "--out", str(work / "fulltext" / "warm")], cache)
            sidecar = json.loads((work / "fulltext" / "cold" / "report.json").read_text())
            full = sum(p["text"] == "full_text" for p in [sidecar["source"], *sidecar["papers"]])
            timing.add_row(f"{source} with the other PDFs' titles as question (--papers {len(others) + 3})", str(full),
                           f"{cold:.0f}", f"{warm:.0f}", "warm <= 60 s with 5 full texts")
            # Its claims are judged against full texts, where a verdict can go wrong in more ways than "no evidence".
            full_agree, full_checked = _hand_check("fulltext", sidecar["claims"], spec, checks)
        timing.add_row("synth add, the four PDFs", "", f"{add_s:.0f}", "", "")
        console.print(timing)

        hand = Table("run", "claim", "synth", "mine", "agree", "note", "why (mine)", title="Claims checked by hand")
        for row in checks:
            hand.add_row(*row)
        console.print(hand)
        if not options.quick:
            agree, checked = totals["agree"] + full_agree, totals["checked"] + full_checked
            console.print(f"hand-check agree: the three questions {totals['agree']}/{totals['checked']}, the full-text run "
                          f"{full_agree}/{full_checked}, all {agree}/{checked} ({100 * agree / max(checked, 1):.0f}%; target >= 85%)")
        if keep:
            shutil.copytree(work, keep, dirs_exist_ok=True, ignore=shutil.ignore_patterns("*cache"))
            print(f"reports kept in {keep}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
