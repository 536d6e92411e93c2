"""Writes the stand-in for West Lancashire's draft Peer Challenge action plan (2022) with
reportlab: a portrait page and a landscape page, its own embedded font (DejaVu Sans), its own
footer, and an outline (bookmarks) with two entries. Output is byte-for-byte reproducible
(reportlab's invariant mode). Usage: python3 west-lancashire-draft-action-plan-2022.py OUT.pdf
"""

import sys

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas
from reportlab.platypus import Paragraph, Table, TableStyle

FONT_DIR = "/usr/share/fonts/truetype/dejavu/"
pdfmetrics.registerFont(TTFont("StandIn", FONT_DIR + "DejaVuSans.ttf"))
pdfmetrics.registerFont(TTFont("StandIn-Bold", FONT_DIR + "DejaVuSans-Bold.ttf"))
for bold, italic in ((0, 0), (0, 1), (1, 0), (1, 1)):
    addMapping("StandIn", bold, italic, "StandIn-Bold" if bold else "StandIn")

TITLE = "STAND-IN: Draft Action Plan, LGA Corporate Peer Challenge, West Lancashire Borough Council, 2022"
BODY = ParagraphStyle("body", fontName="StandIn", fontSize=10.5, leading=14)
CELL = ParagraphStyle("cell", fontName="StandIn", fontSize=9, leading=11.5)
HEAD = ParagraphStyle("head", fontName="StandIn-Bold", fontSize=9, leading=11.5)


def footer(c, width, number):
    # The stand-in's own footer, centred, as many council documents print it.
    c.setFont("StandIn", 8)
    c.setFillColor(colors.black)
    c.drawCentredString(width / 2, 24, f"Stand-in for the draft action plan - page {number} of 2")


def paragraph(c, text, x, top, width, style=BODY):
    p = Paragraph(text, style)
    _, height = p.wrap(width, 1000)
    p.drawOn(c, x, top - height)
    return top - height - 8


def main(out):
    c = canvas.Canvas(out, pagesize=A4, invariant=1, initialFontName="StandIn", initialFontSize=10)
    c.setTitle(TITLE)
    c.setAuthor("reportpack example data (stand-in)")
    c.setCreator("data/stand-ins/west-lancashire-draft-action-plan-2022.py")
    c.setSubject("Stand-in: not the real action plan")
    c.showOutline()

    # Page 1, portrait: what this is.
    width, height = A4
    c.bookmarkPage("about")
    c.addOutlineEntry("About this stand-in", "about", level=0)
    c.setFont("StandIn-Bold", 15)
    y = height - 72
    for line in (
        "STAND-IN: Draft Action Plan",
        "LGA Corporate Peer Challenge",
        "West Lancashire Borough Council, 2022",
        "(not the real action plan)",
    ):
        c.drawString(56, y, line)
        y -= 20
    y -= 10
    for text in (
        "<b>This is not West Lancashire Borough Council's action plan.</b> It is a short "
        "stand-in made for the reportpack example data, because the real draft action plan "
        "(Appendix B of the report \"Corporate Peer Challenge\" to the Executive Overview and "
        "Scrutiny Committee on 6 September 2022) is not available to the project.",
        "The real plan is the Council's response to the key recommendations of the peer team, "
        "who were on site from 15 to 17 March 2022. The Council is required to draw it up and "
        "publish it within eight weeks; its delivery is monitored by the Executive Overview and "
        "Scrutiny Committee, and reviewed with the peer team about six months later.",
        "The next page is landscape and shows only the shape such a plan takes: one row per "
        "recommendation, with the action, who leads it and when. Its rows are placeholders, "
        "not the Council's actions.",
        "This file was made with reportlab, a different producer from reportpack, with its own "
        "embedded font and its own bookmarks, so that the pack merges a PDF that is not its own.",
    ):
        y = paragraph(c, text, 56, y, width - 112)
    footer(c, width, 1)
    c.showPage()

    # Page 2, landscape: the shape of the plan.
    c.setPageSize(landscape(A4))
    width, height = landscape(A4)
    c.bookmarkPage("plan")
    c.addOutlineEntry("Action plan (placeholder rows)", "plan", level=0)
    c.setFont("StandIn-Bold", 13)
    c.drawString(40, height - 50, "STAND-IN: the shape of the draft action plan (placeholder rows)")
    head = ["No.", "Recommendation", "Action", "Lead", "By when"]
    rows = [[Paragraph(h, HEAD) for h in head]]
    for n in range(1, 5):
        rows.append(
            [
                Paragraph(str(n), CELL),
                Paragraph(f"Placeholder for the peer team's recommendation {n}.", CELL),
                Paragraph(f"Placeholder for the Council's action answering recommendation {n}.", CELL),
                Paragraph("Placeholder lead officer", CELL),
                Paragraph("Placeholder date", CELL),
            ]
        )
    table = Table(rows, colWidths=[36, 230, 290, 120, 80])
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#dddddd")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    _, table_height = table.wrapOn(c, width - 80, height)
    table.drawOn(c, 40, height - 70 - table_height)
    footer(c, width, 2)
    c.showPage()
    c.save()


if __name__ == "__main__":
    main(sys.argv[1])
