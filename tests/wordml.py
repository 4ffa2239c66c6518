"""Reading tracked changes the way Word does, for tests: accept all, reject all, the text."""

from __future__ import annotations

import io
import zipfile
from typing import Any

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def q(tag: str) -> str:
    """The qualified name of a WordprocessingML element."""
    return f"{{{W}}}{tag}"


def body_of(docx: bytes) -> Any:
    """The w:body element of a .docx file."""
    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        return etree.fromstring(z.read("word/document.xml")).find(q("body"))


def _mark(element: Any, holder: str, tags: tuple[str, ...]) -> bool:
    props = element.find(q(holder))
    if props is None:
        return False
    if holder == "pPr":
        props = props.find(q("rPr"))
        if props is None:
            return False
    return any(props.find(q(t)) is not None for t in tags)


def resolve(body: Any, *, accept: bool) -> Any:
    """A copy of the body with every revision accepted (or rejected), as Word would."""
    import copy

    out = copy.deepcopy(body)
    drop = ("del", "moveFrom") if accept else ("ins", "moveTo")
    keep = ("ins", "moveTo") if accept else ("del", "moveFrom")
    for tag in drop:  # content removed, with its wrapper
        for node in list(out.iter(q(tag))):
            parent = node.getparent()
            if etree.QName(parent).localname not in ("rPr", "trPr"):
                parent.remove(node)
    for tag in keep:  # wrapper removed, content kept
        for node in list(out.iter(q(tag))):
            parent = node.getparent()
            if etree.QName(parent).localname in ("rPr", "trPr"):
                continue
            for child in list(node):
                node.addprevious(child)
            parent.remove(node)
    for tag in ("delText", "delInstrText"):
        for node in out.iter(q(tag)):
            node.tag = q(tag.replace("del", "").lower() if tag == "delText" else "instrText")
            if tag == "delText":
                node.tag = q("t")
    for tag in ("moveFromRangeStart", "moveFromRangeEnd", "moveToRangeStart", "moveToRangeEnd"):
        for node in list(out.iter(q(tag))):
            node.getparent().remove(node)
    for row in list(out.iter(q("tr"))):
        if _mark(row, "trPr", drop[:1]):
            row.getparent().remove(row)
    for p in list(out.iter(q("p"))):
        # A paragraph whose mark is removed joins the next one; ours are whole paragraphs.
        if _mark(p, "pPr", drop):
            parent = p.getparent()
            nxt = p.getnext()
            content = [c for c in p if etree.QName(c).localname != "pPr"]
            if nxt is not None and etree.QName(nxt).localname == "p":
                first = 1 if nxt.find(q("pPr")) is not None else 0
                for k, c in enumerate(content):
                    nxt.insert(first + k, c)
            parent.remove(p)
    for tbl in list(out.iter(q("tbl"))):
        if tbl.find(q("tr")) is None:
            tbl.getparent().remove(tbl)
    return out


def text_units(body: Any) -> list[str]:
    """The body's paragraphs and table rows as text, in order (tables flattened)."""
    from drafter.diff.redline import text_of

    out = []
    for child in body:
        name = etree.QName(child).localname
        if name == "p":
            out.append(text_of(child))
        elif name == "tbl":
            out += [text_of(tr) for tr in child.findall(q("tr"))]
    return out


def revisions(body: Any) -> dict[str, int]:
    """How many revision elements of each kind the body holds."""
    tags = ("ins", "del", "moveFrom", "moveTo")
    return {t: sum(1 for _ in body.iter(q(t))) for t in tags}
