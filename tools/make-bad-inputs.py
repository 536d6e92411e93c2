#!/usr/bin/env python3
"""Writes tests/bad-inputs/: one folder per case of bad input, run by tests/bad_inputs.rs.

Each case is the meeting tests/fixtures/minimal with some files changed: the case folder holds
the changed files (at their paths in the meeting) and `expected.txt`:

    location: reports/plan-report.yaml:3:7      (file, or file:line:column, in the meeting)
    message: the date -262143-01-05 is out of range

The test copies the fixture, lays the case's files over it, and runs `reportpack check` and
`reportpack build`: both must fail, print `location: error:` with the message, write nothing
and never panic. The location is where the case's `needle` text stands in the changed file.

Run from the repository root: python3 tools/make-bad-inputs.py   (needs qpdf for two PDFs).
Cases are plain files; this script only saves writing them by hand.
"""
import io
import os
import shutil
import subprocess
import tempfile
import zipfile
import zlib

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BASE = os.path.join(ROOT, "tests", "fixtures", "minimal")
OUT = os.path.join(ROOT, "tests", "bad-inputs")

M = "meeting.yaml"
P = "reports/plan-report.yaml"
L = "reports/plan.yaml"
E = "reports/exempt-report.yaml"
T = "reports/late-report.yaml"

CASES = []


def case(name, edits, file, needle, message, column_offset=0, after=None):
    """`edits`: (file, old, new) replacements in the fixture's files, or (file, bytes) for a
    whole (new) file. The expected location is `needle` in `file` after the edits (the first
    after the line holding `after`, when given: the same text may stand earlier in the file, and
    the problem is about the value where it was changed); `needle` None means the whole file
    (no line). Problems found after parsing point at the value itself (a quoted value at its
    opening quote), a missing field at the mapping that lacks it."""
    CASES.append((name, edits, file, needle, message, column_offset, after))


def sub(file, old, new):
    return (file, old, new)


# --- Dates and times: ranges, checked while parsing -------------------------------------------
for year, text in [("-262143", "-262143-01-05"), ("+262142", "+262142-12-31"),
                   ("1899", "1899-12-31"), ("2201", "2201-01-01"), ("0001", "0001-01-01"),
                   ("9999", "9999-12-31")]:
    case(f"date-meeting-{year.strip('+-')}", [sub(M, "date: 2015-12-01", f"date: {text}")],
         M, text, "is out of range: dates must fall between the years 1900 and 2200")
case("date-published-far-future", [sub(M, "published: 2015-11-20", "published: 2999-11-20")],
     M, "2999-11-20", "is out of range")
case("date-private-notice-ancient", [sub(M, "private_notice: 2015-10-20", "private_notice: 1066-10-14")],
     M, "1066-10-14", "is out of range")
case("date-report-far-past", [sub(P, "date: 2015-12-01", "date: 1800-01-01")],
     P, "1800-01-01", "is out of range")
case("date-key-decision-notice", [sub(P, "decision: non-key", "decision: key\nkey_decision_notice: 3000-01-01")],
     P, "3000-01-01", "is out of range")
case("date-general-exception-notice",
     [sub(P, "decision: non-key", "decision: key\nkey_decision_exception:\n  general-exception: {notice: 1500-01-01}")],
     P, "1500-01-01", "is out of range")
case("date-update-round", [sub(L, "{date: 2015-11-30, heading", "{date: 2300-11-30, heading")],
     L, "2300-11-30", "is out of range")
case("date-row-update", [sub(L, "{date: 2015-11-30, text", "{date: 1700-11-30, text")],
     L, "1700-11-30", "is out of range")
case("date-february-30", [sub(M, "date: 2015-12-01", "date: 2015-02-30")], M, "2015-02-30",
     "input is out of range")
case("date-month-13", [sub(M, "date: 2015-12-01", "date: 2015-13-01")], M, "2015-13-01",
     "input is out of range")
case("date-words", [sub(M, "date: 2015-12-01", "date: next tuesday")], M, "next tuesday",
     "input contains invalid characters")
case("date-uk-order", [sub(M, "date: 2015-12-01", "date: 01/12/2015")], M, "01/12/2015",
     "input contains invalid characters")
case("date-number", [sub(P, "date: 2015-12-01", "date: 20151201")], P, "20151201",
     "input contains invalid characters")
case("time-25-hours", [sub(M, 'time: "10:00"', 'time: "25:00"')], M, '"25:00"', "invalid time")
case("time-pm", [sub(M, 'time: "10:00"', 'time: 6pm')], M, "6pm", "invalid time")
case("time-61-minutes", [sub(M, 'time: "10:00"', 'time: "10:61"')], M, '"10:61"', "invalid time")
case("time-huge", [sub(M, 'time: "10:00"', 'time: "99999999999:00"')], M, '"99999999999:00"', "invalid time")

# --- YAML syntax and the limits checked before parsing ----------------------------------------
case("yaml-tab-indent", [sub(M, "  - number: 1\n", "  - number: 1\n\t\n")], M, "\t",
     "found a tab character that violates indentation")
case("yaml-unclosed-quote", [sub(M, "venue: Morecambe Town Hall", 'venue: "Morecambe Town Hall')],
     M, "", "found unexpected end of stream")
case("yaml-unclosed-bracket", [sub(P, "committees: [Cabinet]", "committees: [Cabinet")],
     P, "date: 2015-12-01", "did not find expected ',' or ']'", column_offset=4)
case("yaml-duplicate-key", [sub(M, "venue: Morecambe Town Hall", "venue: Morecambe Town Hall\nvenue: Lancaster")],
     M, "", "duplicate field `venue`")
case("yaml-bad-indent", [sub(P, "  - of: Councillor Blamire", "  - of: Councillor Blamire\n   oops: 1")],
     P, "  - of: Councillor Blamire", "recommendations[0]: missing field `items`", column_offset=4)
case("yaml-anchor", [sub(M, "venue: Morecambe Town Hall", "venue: &v Morecambe Town Hall")],
     M, "&v", "YAML anchors (&name) and aliases (*name) are not supported")
case("yaml-alias", [sub(M, "committee: Cabinet", "committee: *c")],
     M, "*c", "YAML anchors (&name) and aliases (*name) are not supported")
case("yaml-billion-laughs",
     [sub(P, "background_papers: [none]",
          "background_papers: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\nbb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]")],
     P, "&a", "YAML anchors (&name) and aliases (*name) are not supported")
case("yaml-deep-flow", [sub(M, "venue: Morecambe Town Hall", "venue: " + "[" * 5000)],
     M, "[" * 64 + "[", "nested more than 64 levels deep", column_offset=63)
case("yaml-deep-flow-maps", [sub(P, "wards: ", "wards: ") if False else sub(P, "purpose: To approve", "wards: " + "{a: " * 3000 + "\npurpose: To approve")],
     P, "wards: ", "nested more than 64 levels deep", column_offset=7 + 4 * 63)
case("yaml-deep-dashes", [sub(P, "background_papers: [none]", "background_papers:\n  " + "- " * 100 + "x")],
     P, "  - - ", "nested more than 64 levels deep", column_offset=2 + 2 * 62)
case("yaml-deep-indent", [sub(P, "background_papers: [none]", "background_papers:\n" + "".join(" " * (i + 1) + f"k{i}:\n" for i in range(80)))],
     P, " " * 64 + "k63:", "nested more than 64 levels deep", column_offset=64)
case("yaml-not-a-map", [sub(M, "council: lancaster", "- just\n- a list\ncouncil: lancaster")], M, "",
     "")
case("yaml-empty-meeting", [(M, b"")], M, "", "")
case("yaml-binary", [(P, b"\x00\x01\x02\xff\xfe")], P, None, "cannot read file")

# --- Fields: unknown, missing, of the wrong type ----------------------------------------------
for file, at, field in [(M, "venue: Morecambe Town Hall", "venu"), (M, "  - number: 1\n", "    nmber: 2\n"),
                        (M, "  name: Democratic Services", "  nam"), (P, "purpose: To approve", "purpos"),
                        (P, "  - of: Councillor Blamire", "    off"), (P, "  - title: Introduction", "    titel"),
                        (P, "  - kind: legal", "    knd"), (P, "  - label: A", "    lable"),
                        (P, "  name: Debbie Chambers", "  nme"), (L, "title: Test Plan", "titel"),
                        (L, "  - {key: what", "  - {kye: 1, key: what"), (L, "  - section: CONTEXT", "  - sektion: X\n  - section: CONTEXT"),
                        (L, "      - {date: 2015-11-30, text", "      - {dat: 1, date: 2015-11-30, text")]:
    name = field.strip().lstrip("- ").split(":")[0].split("{")[-1].strip()
    if field.startswith("  - {") or field.startswith("  - sektion") or field.startswith("      - {"):
        edit = sub(file, at, field)
        key = name
    elif at.lstrip().startswith("- ") and not field.endswith("\n"):
        edit = sub(file, at, f"{at}\n{field}: x")
        key = field.strip()
    elif field.endswith("\n"):
        edit = sub(file, at, at + field)
        key = field.strip().split(":")[0]
    else:
        edit = sub(file, at, f"{field}: x\n{at}")
        key = field.strip()
    slug = key.replace("_", "-")
    case(f"unknown-field-{os.path.basename(file).split('.')[0]}-{slug}", [edit], file,
         f"{key}:", f"unknown field `{key}`")

for file, line, field in [(M, "council: lancaster\n", "council"), (M, "committee: Cabinet\n", "committee"),
                          (M, "date: 2015-12-01\n", "date"), (M, 'time: "10:00"\n', "time"),
                          (M, "venue: Morecambe Town Hall\n", "venue"), (M, "jurisdiction: england\n", "jurisdiction"),
                          (M, "published: 2015-11-20\n", "published"),
                          (P, "title: Test Action Plan\n", "title"), (P, "committees: [Cabinet]\n", "committees"),
                          (P, "date: 2015-12-01\n", "date"), (P, "report_of: the Chief Executive\n", "report_of"),
                          (P, "decision: non-key\n", "decision"), (P, "purpose: To approve the test action plan.\n", "purpose"),
                          (P, "background_papers: [none]\n", "background_papers"),
                          (L, "title: Test Plan\n", "title")]:
    case(f"missing-field-{os.path.basename(file).split('.')[0]}-{field.replace('_', '-')}",
         [sub(file, line, "")], file, None if file == M and False else "", f"missing field `{field}`")

case("wrong-type-item-number", [sub(M, "number: 2", "number: two")], M, "two", "invalid type")
case("wrong-type-negative-number", [sub(M, "number: 2", "number: -2")], M, "number: -2", "invalid type: integer `-2`, expected u32", column_offset=8)
case("wrong-type-huge-number", [sub(M, "number: 2", "number: 99999999999999999999999")], M, "99999999999999999999999", "")
case("wrong-type-committees", [sub(P, "committees: [Cabinet]", "committees: {a: b}")], P, "{a: b}", "invalid type")
case("wrong-type-items-map", [sub(M, "items:\n", "items: 7\nold_items:\n")], M, "7", "invalid type")
case("exempt-paragraph-8", [sub(M, "exempt: 3", "exempt: 8")], M, "exempt: 8", "", column_offset=8)
case("exempt-paragraph-word", [sub(M, "exempt: 3", "exempt: yes")], M, "exempt: yes", "", column_offset=8)
case("unknown-decision", [sub(P, "decision: non-key", "decision: maybe")], P, "maybe", "unknown variant `maybe`")
case("unknown-jurisdiction", [sub(M, "jurisdiction: england", "jurisdiction: france")], M, "france", "unknown variant `france`")
case("unknown-rag-status", [sub(L, "status: amber", "status: purple")], L, "purple", "rows[1].status: \"purple\" is not a status of this council's scale")
case("unknown-implication-kind", [sub(P, "kind: legal", "kind: astrological")], P, "astrological", "")
case("column-width-word", [sub(L, "width: 3}", "width: wide}")], L, "wide", "invalid type")
case("key-exception-unknown", [sub(P, "decision: non-key", "decision: key\nkey_decision_exception:\n  because: {notice: 2015-11-01}")],
     P, "because", "unknown variant `because`")

# --- Markdown in text fields ------------------------------------------------------------------
case("markdown-raw-html", [sub(P, "The first paragraph of the introduction.", "The <b>first</b> paragraph.")],
     P, "<b>", "raw HTML")
case("markdown-script", [sub(P, "purpose: To approve the test action plan.", "purpose: To approve <script>alert(1)</script>")],
     P, "<script>", "raw HTML")
case("markdown-image", [sub(P, "The first paragraph of the introduction.", "See ![chart](https://example.org/c.png)")],
     P, "![", "images are not supported")
case("markdown-javascript-link", [sub(P, "The first paragraph of the introduction.", "See [x](javascript:alert(1))")],
     P, "javascript:alert(1)", "is not allowed")
case("markdown-file-link", [sub(P, "The first paragraph of the introduction.", "See [x](file:///etc/passwd)")],
     P, "file:///etc/passwd", "is not allowed")
case("markdown-relative-link", [sub(P, "The first paragraph of the introduction.", "See [x](secret/notes.txt)")],
     P, "secret/notes.txt", "is not allowed")
case("markdown-hostless-link", [sub(P, "The first paragraph of the introduction.", "See [x](https:example.org)")],
     P, "https:example.org", "is not a valid web address")
case("markdown-undefined-reference", [sub(P, "The first paragraph of the introduction.", "See [the plan][plan].")],
     P, "the plan", "link reference [plan] is not defined", column_offset=4)
case("markdown-deep-quotes", [sub(P, "purpose: To approve the test action plan.", 'purpose: "' + ">" * 5000 + ' x"')],
     P, '"' + ">" * 39, "nests quotes (>), lists or emphasis more than 24 levels deep", column_offset=1)
case("markdown-deep-quotes-block", [sub(P, "      - The first paragraph of the introduction.",
                                        "      - |-\n        " + "> " * 3000 + "deep")],
     P, "> > > >", "more than 24 levels deep")
case("markdown-deep-lists", [sub(P, "      - The first paragraph of the introduction.",
                                 "      - |-\n" + "".join("        " + "  " * i + "- x\n" for i in range(40)).rstrip("\n"))],
     P, "        - x", "more than 24 levels deep", column_offset=8)
case("markdown-deep-quotes-in-plan-cell", [sub(L, "what: Develop options", "what: '" + "> " * 200 + "x'")],
     L, "'> > > >", "more than 24 levels deep", column_offset=1)
case("markdown-deep-in-meeting-note", [sub(M, "items:\n", "notes: ['" + ">" * 100 + "']\nitems:\n")],
     M, "'>>>>", "more than 24 levels deep", column_offset=1)

# --- Files the meeting names ------------------------------------------------------------------
case("report-missing", [sub(M, "report: reports/late-report.yaml", "report: reports/no-such.yaml")],
     M, "reports/no-such.yaml", "does not exist")
case("report-outside-folder", [sub(M, "report: reports/late-report.yaml", "report: ../../../../../../../../etc/passwd")],
     M, "../../../../../../../../etc/passwd", "is outside the meeting's folders")
case("report-is-a-folder", [sub(M, "report: reports/late-report.yaml", "report: reports")],
     M, "report: reports", "does not exist", column_offset=8, after="number: 4")
case("action-plan-missing", [sub(P, "action_plan: plan.yaml", "action_plan: gone.yaml")],
     P, "gone.yaml", "does not exist")
case("action-plan-outside-folder", [sub(P, "action_plan: plan.yaml", "action_plan: /etc/hostname")],
     P, "/etc/hostname", "is outside the meeting's folders")
case("pdf-missing", [sub(P, "action_plan: plan.yaml", "pdf: gone.pdf")], P, "gone.pdf", "does not exist")
case("appendix-both-kinds", [sub(P, "action_plan: plan.yaml", "action_plan: plan.yaml\n    pdf: plan.pdf")],
     P, "label: A", "has both `action_plan` and `pdf`")
case("action-plan-wrong-extension", [sub(P, "action_plan: plan.yaml", "action_plan: plan.txt"), ("reports/plan.txt", b"hello\n")],
     "reports/plan.txt", "hello", "invalid type: string \"hello\", expected struct ActionPlan")

# --- Agenda and action plan consistency -------------------------------------------------------
case("item-numbers-decrease", [sub(M, "number: 4", "number: 2")], M, "number: 2", "must be numbered in increasing order",
     column_offset=8, after="number: 3")
case("item-without-title-or-report", [sub(M, "    title: Apologies for Absence\n", "")], M, "number: 1", "has neither a title nor a report")
case("plan-unknown-column", [sub(L, "lead: MD}", "lead: MD, who: X}")], L, "who: X", "unknown column `who`", column_offset=5)
case("plan-section-and-cells", [sub(L, "  - section: CONTEXT + PRIORITIES", "  - section: CONTEXT + PRIORITIES\n    cells: {what: x}")],
     L, "- section: CONTEXT", "a row is either a `section` row or has `cells`, not both", column_offset=2)
case("plan-update-without-round", [sub(L, "{date: 2015-11-30, text", "{date: 2015-10-31, text")],
     L, "2015-10-31", "matches no update round")

# --- Existing PDF appendices ------------------------------------------------------------------


def pdf(content_stream: bytes, compress: bool = True, kids: bytes = b"/Kids [3 0 R] /Count 1") -> bytes:
    """A one-page PDF whose page content is `content_stream` (Flate-compressed)."""
    data = zlib.compress(content_stream, 9) if compress else content_stream
    filt = b"/Filter /FlateDecode " if compress else b""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages " + kids + b" >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        b"<< " + filt + b"/Length " + str(len(data)).encode() + b" >>\nstream\n" + data + b"\nendstream",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def bomb(size: int) -> bytes:
    """A one-page PDF whose content stream inflates to `size` bytes of spaces."""
    compressor = zlib.compressobj(9)
    chunk = b" " * (1 << 20)
    parts = [compressor.compress(chunk) for _ in range(size // len(chunk))]
    data = b"".join(parts) + compressor.flush()
    good = pdf(b"", compress=False)
    return good.replace(b"<< /Length 0 >>\nstream\n\nendstream",
                        b"<< /Filter /FlateDecode /Length " + str(len(data)).encode() + b" >>\nstream\n" + data + b"\nendstream")


def qpdf(source: bytes, *args: str) -> bytes:
    with tempfile.TemporaryDirectory() as work:
        src = os.path.join(work, "in.pdf")
        dst = os.path.join(work, "out.pdf")
        with open(src, "wb") as f:
            f.write(source)
        subprocess.run(["qpdf", *args, "--", src, dst], check=True)
        with open(dst, "rb") as f:
            return f.read()


GOOD_PDF = pdf(b"BT /F1 12 Tf 72 720 Td (Appendix) Tj ET")
PDF_APPENDIX = sub(P, "action_plan: plan.yaml", "pdf: appendix.pdf")
case("pdf-bomb-inflates-past-256-mib", [PDF_APPENDIX, ("reports/appendix.pdf", bomb(300 << 20))],
     P, "appendix.pdf", "inflates to more than that")
case("pdf-not-a-pdf", [PDF_APPENDIX, ("reports/appendix.pdf", b"this is a text file\n")],
     P, "appendix.pdf", "cannot read the PDF appendix")
case("pdf-truncated", [PDF_APPENDIX, ("reports/appendix.pdf", GOOD_PDF[:60])],
     P, "appendix.pdf", "cannot read the PDF appendix")
case("pdf-empty-file", [PDF_APPENDIX, ("reports/appendix.pdf", b"")],
     P, "appendix.pdf", "cannot read the PDF appendix")
case("pdf-user-password", [PDF_APPENDIX, ("reports/appendix.pdf", qpdf(GOOD_PDF, "--encrypt", "u", "o", "256"))],
     P, "appendix.pdf", "is encrypted")
case("pdf-owner-password-only", [PDF_APPENDIX, ("reports/appendix.pdf", qpdf(GOOD_PDF, "--encrypt", "", "o", "256"))],
     P, "appendix.pdf", "is encrypted")
case("pdf-no-pages", [PDF_APPENDIX, ("reports/appendix.pdf", pdf(b"", compress=False, kids=b"/Kids [] /Count 0"))],
     P, "appendix.pdf", "has no pages")

# --- Spreadsheet action plans -----------------------------------------------------------------
CSV = "reports/plan.csv"
CSV_APPENDIX = sub(P, "action_plan: plan.yaml", "action_plan: plan.csv")
case("csv-update-heading-without-month", [CSV_APPENDIX, (CSV, b"What,Update soon\nx,y\n")],
     CSV, None, "an update column's heading must give its month and year")
case("csv-update-heading-year-9999", [CSV_APPENDIX, (CSV, b"What,Update Feb 9999\nx,y\n")],
     CSV, None, "an update column's heading must give its month and year")


def xlsx_with_date_cell(serial: str) -> bytes:
    """A workbook whose cell A2 holds `serial` formatted as a date."""
    files = {
        "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>',
        "_rels/.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Plan" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>',
        "xl/styles.xml": '<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><fonts count="1"><font/></fonts><fills count="1"><fill/></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf/></cellStyleXfs><cellXfs count="2"><xf/><xf numFmtId="14" applyNumberFormat="1"/></cellXfs></styleSheet>',
        "xl/worksheets/sheet1.xml": '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>What</t></is></c><c r="B1" t="inlineStr"><is><t>When</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>Build</t></is></c><c r="B2" s="1"><v>' + serial + '</v></c></row></sheetData></worksheet>',
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name, text in files.items():
            info = zipfile.ZipInfo(name, date_time=(2017, 2, 28, 0, 0, 0))
            z.writestr(info, text)
    return out.getvalue()


XLSX = "reports/plan.xlsx"
XLSX_APPENDIX = sub(P, "action_plan: plan.yaml", "action_plan: plan.xlsx")
for label, serial in [("1e18", "1e18"), ("negative", "-5"), ("year-2201", "110000"), ("huge-negative", "-1e300")]:
    case(f"xlsx-date-serial-{label}", [XLSX_APPENDIX, (XLSX, xlsx_with_date_cell(serial))],
         XLSX, None, "row 2, column B: the date cell holds")
case("xlsx-not-a-zip", [XLSX_APPENDIX, (XLSX, b"PK\x03\x04 broken")], XLSX, None, "cannot open the XLSX workbook")

# --- Rules a build refuses --------------------------------------------------------------------
case("published-after-meeting", [sub(M, "published: 2015-11-20", "published: 2015-12-02")], M, "2015-12-02", "")
case("exempt-without-private-notice", [sub(M, "private_notice: 2015-10-20\n", "private_notice: 2015-11-25\n")], M, "", "")


def apply(case_dir, edits):
    changed = {}
    for edit in edits:
        if len(edit) == 2:
            changed[edit[0]] = edit[1]
            continue
        file, old, new = edit
        text = changed.get(file)
        if text is None:
            with open(os.path.join(BASE, file), "rb") as f:
                text = f.read()
        old_b, new_b = old.encode(), new.encode()
        assert text.count(old_b) >= 1, (case_dir, file, old)
        changed[file] = text.replace(old_b, new_b, 1)
    for file, data in changed.items():
        path = os.path.join(case_dir, file)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(data)
    return changed


def location(changed, file, needle, column_offset, after=None):
    if needle is None:
        return file
    if needle == "":
        return file + ":?"
    text = changed[file].decode("utf-8", "replace")
    lines = text.split("\n")
    start = 0 if after is None else next(n for n, line in enumerate(lines) if after in line)
    for number, line in enumerate(lines[start:], start=start + 1):
        index = line.find(needle)
        if index >= 0:
            return f"{file}:{number}:{index + 1 + column_offset}"
    raise SystemExit(f"{file}: needle {needle!r} not found")


def bless(case_dir, file, spot, message):
    """Fills in what the case left open (`?` line, empty message) from what reportpack prints,
    for review: the first error about `file`."""
    binary = os.path.join(ROOT, "target", "debug", "reportpack")
    with tempfile.TemporaryDirectory() as work:
        meeting = os.path.join(work, "meeting")
        shutil.copytree(BASE, meeting)
        shutil.copytree(case_dir, meeting, dirs_exist_ok=True)
        run = subprocess.run([binary, "check", meeting], capture_output=True, text=True, cwd=ROOT)
        prefix = os.path.join(meeting, file)
        for line in (run.stdout + run.stderr).splitlines():
            if line.startswith(prefix) and ": error: " in line:
                where, said = line[len(meeting) + 1:].split(": error: ", 1)
                if spot.endswith(":?"):
                    spot = where
                if not message:
                    message = said[:70].rsplit(" ", 1)[0] if len(said) > 70 else said
                return spot, message
    raise SystemExit(f"{case_dir}: no error about {file}:\n{run.stderr}")


def main():
    names = [c[0] for c in CASES]
    assert len(names) == len(set(names)), "case names must be unique"
    if os.path.isdir(OUT):
        shutil.rmtree(OUT)
    for name, edits, file, needle, message, column_offset, after in CASES:
        case_dir = os.path.join(OUT, name)
        changed = apply(case_dir, edits)
        spot = location(changed, file, needle, column_offset, after)
        if spot.endswith(":?") or not message:
            spot, message = bless(case_dir, file, spot, message)
        with open(os.path.join(case_dir, "expected.txt"), "w") as f:
            f.write(f"location: {spot}\n")
            f.write(f"message: {message}\n")
    print(f"{len(CASES)} cases in {os.path.relpath(OUT, ROOT)}")


if __name__ == "__main__":
    main()
