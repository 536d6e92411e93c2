#!/usr/bin/env python3
"""Speed against Typst on the same words: not part of CI.

For each size (reports per meeting) it writes the benchmark's synthetic meeting
(`bench --write`), builds it with reportpack (HTML, item PDFs and packs, as a clerk runs it),
and typesets the same words with Typst (PyPI package `typst`, in a fresh process each round, as
Typst memoises within one) into the same PDFs: the pack, then each item's own PDF, each with the
report's title, purpose, recommendations, sections and implications and its action plan as a
landscape table with the update text. Each is run `ROUNDS` times; the medians and their ratio
(reportpack / Typst) are printed. reportpack also writes the web pages and tags its PDFs, so
the ratio flatters Typst.

    python3 -m venv /tmp/typst-venv && /tmp/typst-venv/bin/pip install typst pyyaml
    cargo build --release --features bench
    /tmp/typst-venv/bin/python tools/typst-compare.py [1 10 50 200]
"""

import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
RELEASE = ROOT / "target" / "release"
ROUNDS = 5


def escape(text):
    """Typst markup with every character that could start markup escaped."""
    out = []
    for ch in str(text):
        if ch in "\\#*_`$<>@[]=-+/~\"'":
            out.append("\\" + ch)
        else:
            out.append(ch)
    return "".join(out)


def paragraphs(blocks):
    return "\n\n".join(escape(b) for b in blocks)


def report_markup(report, plan):
    parts = [
        "#set page(paper: \"a4\", flipped: false, margin: 2cm, "
        "footer: context [#h(1fr) Page #counter(page).display() of #counter(page).final().first()])",
        f"= {escape(report['title'])}",
        f"Report of {escape(report['report_of'])}",
        "== Purpose of report",
        escape(report["purpose"]),
        "== Recommendations",
        "\n".join(f"+ {escape(i)}" for r in report["recommendations"] for i in r["items"]),
    ]
    for section in report["sections"]:
        parts.append(f"== {escape(section['title'])}")
        parts.append(paragraphs(section["content"]))
    for implication in report["implications"]:
        parts.append(f"== {escape(implication['kind']).title()} implications")
        parts.append(paragraphs(implication["content"]))
    parts.append(escape(report["section151_comments"]))
    parts.append(escape(report["monitoring_officer_comments"]))
    columns = plan["columns"]
    header = ", ".join(f"[*{escape(c['heading'])}*]" for c in columns) + ", [*Update*]"
    rows = []
    for row in plan["rows"]:
        if "section" in row:
            rows.append(f"table.cell(colspan: {len(columns) + 1}, fill: luma(230))[*{escape(row['section'])}*]")
            continue
        cells = [f"[{escape(row['cells'].get(c['key'], ''))}]" for c in columns]
        update = "\n\n".join(escape(u["text"]) for u in row.get("updates", []))
        cells.append(f"[{update}]")
        rows.append(", ".join(cells))
    widths = ", ".join(f"{c['width']}fr" for c in columns) + ", 4fr"
    parts.append(
        "#page(flipped: true)[\n"
        f"== Appendix A: {escape(plan['title'])}\n"
        f"#set text(size: 9pt)\n#table(columns: ({widths}), table.header({header}),\n"
        + ",\n".join(rows)
        + ")\n]"
    )
    return "\n\n".join(parts)


PREAMBLE = '#set text(font: "Liberation Sans", size: 12pt, lang: "en")'


def typst_sources(meeting_dir):
    """The pack, then each item's own document: the PDFs reportpack writes."""
    meeting = yaml.safe_load((meeting_dir / "meeting.yaml").read_text())
    pack = [PREAMBLE, f"= {escape(meeting['committee'])}",
            "\n".join(f"+ {escape(i.get('title', i.get('report', '')))}" for i in meeting["items"])]
    items = []
    for item in meeting["items"]:
        if "report" not in item:
            continue
        report = yaml.safe_load((meeting_dir / item["report"]).read_text())
        plan_file = report["appendices"][0]["action_plan"]
        plan = yaml.safe_load((meeting_dir / plan_file).read_text())
        markup = report_markup(report, plan)
        pack.append("#pagebreak()\n" + markup)
        items.append(PREAMBLE + "\n\n" + markup)
    return ["\n\n".join(pack)] + items


def median_seconds(run):
    times = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main():
    sizes = [int(a) for a in sys.argv[1:]] or [1, 10, 50, 200]
    fonts = [str(ROOT / "assets" / "fonts")]
    print("reports  reportpack-s  typst-s  ratio  typst-pages")
    for size in sizes:
        with tempfile.TemporaryDirectory() as temp:
            temp = Path(temp)
            meeting = temp / "meeting"
            subprocess.run([RELEASE / "bench", "--write", meeting, str(size)], check=True)
            sources = []
            for index, text in enumerate(typst_sources(meeting)):
                sources.append(temp / f"doc-{index}.typ")
                sources[-1].write_text(text)
            # A fresh process each round: Typst memoises across compiles in one process.
            script = (
                "import sys, typst\n"
                "fonts = [sys.argv[1]]\n"
                "for source in sys.argv[2:]:\n"
                "    typst.compile(source, output=source[:-4] + '.pdf', font_paths=fonts)\n"
            )

            def build():
                for folder in ("out", "private"):
                    shutil.rmtree(temp / folder, ignore_errors=True)
                subprocess.run(
                    [RELEASE / "reportpack", "build", meeting, "--out", temp / "out",
                     "--private-out", temp / "private"],
                    check=True, capture_output=True)

            def typeset():
                subprocess.run([sys.executable, "-c", script, *fonts, *map(str, sources)],
                               check=True)

            ours = median_seconds(build)
            theirs = median_seconds(typeset)
            pages = subprocess.run(["pdfinfo", temp / "doc-0.pdf"], capture_output=True,
                                   text=True).stdout
            count = next((l.split()[-1] for l in pages.splitlines() if l.startswith("Pages:")), "?")
            print(f"{size:>7}  {ours:>12.3f}  {theirs:>7.3f}  {ours / theirs:>5.2f}  {count:>11}")


if __name__ == "__main__":
    main()
