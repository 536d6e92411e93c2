#!/usr/bin/env bash
# Regenerates the stand-in appendix PDFs in this folder, each from a producer other than
# reportpack. Needs: LibreOffice Writer (apt-get install libreoffice-writer-nogui),
# poppler-utils (pdftocairo), Python 3 with reportlab (pip install reportlab).
# LibreOffice writes the date into its files, so those two differ byte-wise on every run; the
# reportlab one is reproducible.
set -euo pipefail
cd "$(dirname "$0")"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# 1. Lancaster, Appendix A: HTML converted by LibreOffice.
libreoffice --headless --convert-to pdf --outdir "$work" lancaster-lga-peer-challenge-2015.html >/dev/null
cp "$work/lancaster-lga-peer-challenge-2015.pdf" .

# 2. West Lancashire, Appendix A: HTML converted by LibreOffice, then redrawn by pdftocairo, so
#    the file is cairo's.
libreoffice --headless --convert-to pdf --outdir "$work" west-lancashire-peer-challenge-2022.html >/dev/null
pdftocairo -pdf "$work/west-lancashire-peer-challenge-2022.pdf" west-lancashire-peer-challenge-2022.pdf

# 3. West Lancashire, Appendix B: reportlab, portrait + landscape, own fonts and bookmarks.
python3 west-lancashire-draft-action-plan-2022.py west-lancashire-draft-action-plan-2022.pdf

ls -l ./*.pdf
