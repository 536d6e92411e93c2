#!/usr/bin/env bash
# Regenerates the stand-in appendix PDFs in this folder from the HTML files beside it, with
# WeasyPrint (a producer other than reportpack) as tagged PDF/UA-1 files: title, /Lang en-GB,
# headings, lists, a table with real header cells, embedded fonts, bookmarks.
# add-scope.py then adds the /Scope WeasyPrint leaves out of table header cells.
# Needs: pip install weasyprint pikepdf (WeasyPrint uses the system's Pango), and the fonts the
# HTML names (Liberation Sans, DejaVu Sans, DejaVu Serif). Output is byte-for-byte reproducible.
set -euo pipefail
cd "$(dirname "$0")"
for html in lancaster-lga-peer-challenge-2015.html west-lancashire-peer-challenge-2022.html \
  west-lancashire-draft-action-plan-2022.html; do
  weasyprint --pdf-variant pdf/ua-1 "$html" "${html%.html}.pdf"
  python3 add-scope.py "${html%.html}.pdf"
done
ls -l ./*.pdf
