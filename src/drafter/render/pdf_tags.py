"""PDF/UA finishing: what WeasyPrint's tagged PDF lacks, added before the file is written.

WeasyPrint (70) tags the running header and footer, which it draws in the page margins,
as content whose structure elements it then leaves out of the structure tree (its own
comment: marking them as artifacts is only allowed in PDF 2.0's tree). PDF/UA-1 wants
page furniture marked as Artifact in the content stream itself, so that a screen reader
skips it; `finish` turns those orphaned marked-content sequences into artifacts. It also
gives every table header cell the Scope attribute that PDF/UA asks for: WeasyPrint links
data cells to their headers but writes no Scope.

The DRAFT or INCOMPLETE watermark is a fixed element (document.html), which WeasyPrint
repeats on every page as a Div placed directly under the Document element, where no
content of the agreement goes (it is all in sections and the main part); those Divs are
taken out of the tree, so their content becomes artifacts too.

`finish` is WeasyPrint's public `finisher` hook: it gets the pydyf PDF before it is
written, so nothing is parsed again.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any


def finish(weasy_document: Any, pdf: Any) -> None:
    """WeasyPrint finisher: page furniture as artifacts, a Scope on every table header."""
    del weasy_document  # the hook's first argument; everything needed is in the PDF
    root = _get(pdf, pdf.catalog.get("StructTreeRoot"))
    if root is None:
        return  # an untagged PDF: nothing to finish
    document = _get(pdf, root["K"][0])
    document["K"][:] = [k for k in document["K"] if _get(pdf, k).get("S") != "/Div"]
    reachable = set()
    for element, in_head in _walk(pdf, root):
        reachable.add(id(element))
        if element.get("S") == "/TH":
            attributes = element.setdefault("A", {"O": "/Table"})
            attributes["Scope"] = "/Column" if in_head else "/Row"
    _artifacts(pdf, _get(pdf, root["ParentTree"]), reachable)


def _get(pdf: Any, ref: Any) -> Any:
    """The object a pydyf reference (b'12 0 R') names, or the value itself."""
    if isinstance(ref, bytes) and ref.endswith(b" R"):
        return pdf.objects[int(ref.split()[0])]
    return ref


def _walk(pdf: Any, root: Any) -> Iterator[tuple[Any, bool]]:
    """Every structure element under `root`, and whether it is in a table's THead (in no
    particular order: a stack, not nested generators, which cost a step per level)."""
    stack = [(root, False)]
    while stack:
        element, in_head = stack.pop()
        for kid in element.get("K", ()):
            child = _get(pdf, kid)
            if isinstance(child, dict) and "S" in child:  # not an MCID, not an annotation
                head = in_head or child["S"] == "/THead"
                yield child, head
                stack.append((child, head))


def _artifacts(pdf: Any, parent_tree: Any, reachable: set[int]) -> None:
    """Mark content whose structure element is not in the tree as Artifact, page by page."""
    nums = parent_tree["Nums"]
    by_page = {nums[i]: nums[i + 1] for i in range(0, len(nums), 2)}
    for ref in pdf.page_references:
        page = _get(pdf, ref)
        mcids = by_page.get(page.get("StructParents"))
        if not isinstance(mcids, list):
            continue
        orphans = {
            mcid
            for mcid, owner in enumerate(mcids)
            if id(_get(pdf, owner)) not in reachable and owner != b"null"
        }
        if not orphans:
            continue
        _unmark(_get(pdf, page["Contents"]).stream, orphans)
        for mcid in orphans:
            mcids[mcid] = b"null"  # no content refers to it any more


def _unmark(ops: list[Any], orphans: set[int]) -> None:
    """Rewrite `/Tag <</MCID n>> BDC` as `/Artifact BMC` for every n in `orphans`."""
    begins = [i for i, op in enumerate(ops) if op == b"BDC" and i >= 2]
    for i in reversed(begins):  # from the end, so that earlier positions stay put
        properties = ops[i - 1]
        if isinstance(properties, dict) and properties.get("MCID") in orphans:
            ops[i - 2 : i + 1] = ["/Artifact", b"BMC"]
