"""Gives each header cell (TH) in a table's header rows (THead) of a tagged PDF a /Scope /Column,
in place. WeasyPrint 70 links data cells to their headers with /Headers and /ID only and writes
no /Scope, even for <th scope="col">; both ways are valid PDF/UA, but some checkers and screen
readers look only at /Scope. Needs pikepdf. Output is reproducible (content-based /ID).
Usage: python3 add-scope.py FILE.pdf
"""

import sys

import pikepdf


def header_cells(node, in_head=False):
    """Every TH under a THead, in document order."""
    if not isinstance(node, pikepdf.Dictionary):
        return
    role = node.get("/S")
    if role == "/TH" and in_head:
        yield node
    in_head = in_head or role == "/THead"
    kids = node.get("/K")
    for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
        yield from header_cells(kid, in_head)


def main(path):
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        for th in header_cells(pdf.Root.StructTreeRoot):
            attributes = th.get("/A")
            if not isinstance(attributes, pikepdf.Dictionary):
                attributes = pikepdf.Dictionary(O=pikepdf.Name.Table)
                th.A = attributes
            if "/Scope" not in attributes:
                attributes.Scope = pikepdf.Name.Column
        pdf.save(path, deterministic_id=True)


if __name__ == "__main__":
    main(sys.argv[1])
