"""The Word redline: the newer agreement's document with tracked changes against the older.

Both versions are rendered to Word as usual; then their bodies are aligned, unit by
unit — each paragraph, and each table row — by their text (so reference numbers and
headings anchor the alignment), and inside a changed paragraph or cell word by word.
The result is the newer document with real revisions: `w:ins` and `w:del` around
runs (`w:delText` inside deletions), rows inserted or deleted, and `w:moveFrom` /
`w:moveTo` where a paragraph or row moved. Because it works on the rendered XML, not
on the agreement, it keeps working whatever the Word layout becomes.

Old content that cannot live in the new package (bookmarks whose names the new
document also uses, pictures, section properties pointing at the old headers) is
dropped from deleted text; it carries no words.
"""

from __future__ import annotations

import copy
import datetime as dt
import difflib
import io
import re
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from lxml import etree

if TYPE_CHECKING:
    from ..load import Loaded

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
DOCUMENT = "word/document.xml"
AUTHOR = "drafter"
PAIR_RATIO = 0.5  # paragraphs or rows at least this alike are one changed unit
MOVE_MIN = 12  # shorter texts are not matched as moves (too many alike)
DP_LIMIT = 40_000  # cells of the pairing table before falling back to keys only
REF = re.compile(r"^\s*\d+(?:\.\d+)*\.?\s+")
WORD = re.compile(r"\s+|[^\s]+")
# Paragraph properties in schema order: the paragraph mark's rPr goes before these.
_AFTER_RPR = ("sectPr", "pPrChange")


def q(tag: str) -> str:
    """The qualified name of a WordprocessingML element."""
    return f"{{{W}}}{tag}"


# ---------------------------------------------------------------- text of units


# Qualified names met while reading text, made once (reading is the redline's inner loop).
_TR, _TC, _P, _T, _DEL_TEXT, _TAB, _BR = map(q, ("tr", "tc", "p", "t", "delText", "tab", "br"))


def text_of(element: Any) -> str:
    """The text of a paragraph, cell or row as Word shows it; cells joined by ' | '."""
    tag = element.tag
    if tag == _TR:
        return " | ".join(text_of(tc) for tc in element.iterchildren(_TC))
    if tag == _TC:
        return "\n".join(text_of(p) for p in element.iterchildren(_P))
    out: list[str] = []
    for node in element.iter(_T, _DEL_TEXT, _TAB, _BR):
        tag = node.tag
        out.append(node.text or "" if tag in (_T, _DEL_TEXT) else "\t" if tag == _TAB else "\n")
    return "".join(out)


@dataclass(eq=False)
class Unit:
    """A paragraph or a table row of one version's body."""

    kind: str  # 'p', 'row' or 'other'
    element: Any
    table: Any  # the w:tbl of a row
    text: str
    style: str

    @property
    def key(self) -> tuple[str, str, str]:
        """What must be equal for two units to be the same."""
        return (self.kind, self.style, self.text)

    @property
    def move_key(self) -> str:
        """The text without its leading reference number, for finding moves."""
        if self.kind == "row":
            cells = self.text.split(" | ")
            if cells and REF.match(cells[0] + " "):
                cells = cells[1:]
            return " | ".join(cells)
        return REF.sub("", self.text)


def units(body: Any) -> list[Unit]:
    """A body flattened into paragraphs and table rows, in order."""
    out: list[Unit] = []
    for child in body:
        tag = etree.QName(child).localname
        if tag == "p":
            style = child.find(f"{q('pPr')}/{q('pStyle')}")
            out.append(
                Unit(
                    "p",
                    child,
                    None,
                    text_of(child),
                    style.get(q("val")) if style is not None else "",
                )
            )
        elif tag == "tbl":
            for row in child.findall(q("tr")):
                out.append(Unit("row", row, child, text_of(row), ""))
        elif tag != "sectPr":
            out.append(Unit("other", child, None, etree.tostring(child, encoding="unicode"), tag))
    return out


# ---------------------------------------------------------------- alignment


@dataclass(frozen=True)
class Step:
    """One step of the merged body: what to do with an old and/or a new unit."""

    op: str  # equal, insert, delete, modify, move-from, move-to
    old: Unit | None = None
    new: Unit | None = None
    move: str = ""  # name linking a move's two ends


def _words(text: str) -> list[str]:
    return text.split()


def similarity(a: Unit, b: Unit) -> float:
    """How alike two units are (0–1); 0 when they cannot be one changed unit."""
    if a.kind != b.kind or a.kind == "other":
        return 0.0
    if a.kind == "p" and a.style != b.style:
        return 0.0
    if a.kind == "row":
        cells_a, cells_b = a.text.split(" | "), b.text.split(" | ")
        if len(cells_a) != len(cells_b):
            return 0.0
        if cells_a[0] == cells_b[0] and REF.match(cells_a[0] + " "):
            return 1.0  # the same reference number: the same row, changed
    return difflib.SequenceMatcher(None, _words(a.text), _words(b.text), autojunk=False).ratio()


def _pair_block(olds: Sequence[Unit], news: Sequence[Unit]) -> list[Step]:
    """Within a replaced stretch, pair units that are alike, keeping both orders."""
    n, m = len(olds), len(news)
    if n * m > DP_LIMIT:
        return [Step("delete", old=o) for o in olds] + [Step("insert", new=u) for u in news]
    score = [[0.0] * (m + 1) for _ in range(n + 1)]
    sim = [[similarity(o, u) for u in news] for o in olds]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            best = max(score[i + 1][j], score[i][j + 1])
            if sim[i][j] >= PAIR_RATIO:
                best = max(best, sim[i][j] + score[i + 1][j + 1])
            score[i][j] = best
    steps: list[Step] = []
    i = j = 0
    while i < n and j < m:
        if sim[i][j] >= PAIR_RATIO and score[i][j] == sim[i][j] + score[i + 1][j + 1]:
            steps.append(Step("modify", olds[i], news[j]))
            i, j = i + 1, j + 1
        elif score[i][j] == score[i + 1][j]:
            steps.append(Step("delete", old=olds[i]))
            i += 1
        else:
            steps.append(Step("insert", new=news[j]))
            j += 1
    steps += [Step("delete", old=o) for o in olds[i:]]
    steps += [Step("insert", new=u) for u in news[j:]]
    return steps


def align(old: Sequence[Unit], new: Sequence[Unit]) -> list[Step]:
    """The merged sequence of steps; unpaired units with the same text elsewhere are moves."""
    matcher = difflib.SequenceMatcher(
        None, [u.key for u in old], [u.key for u in new], autojunk=False
    )
    steps: list[Step] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            steps += [Step("equal", o, u) for o, u in zip(old[i1:i2], new[j1:j2], strict=True)]
        else:
            steps += _pair_block(old[i1:i2], new[j1:j2])
    return _moves(steps)


def _moves(steps: list[Step]) -> list[Step]:
    gone: dict[tuple[str, str], list[int]] = {}
    came: dict[tuple[str, str], list[int]] = {}
    for n, s in enumerate(steps):
        if s.op == "delete" and s.old and len(s.old.move_key) >= MOVE_MIN:
            gone.setdefault((s.old.kind, s.old.move_key), []).append(n)
        elif s.op == "insert" and s.new and len(s.new.move_key) >= MOVE_MIN:
            came.setdefault((s.new.kind, s.new.move_key), []).append(n)
    out = list(steps)
    count = 0
    for key, froms in gone.items():
        tos = came.get(key, [])
        if len(froms) == 1 and len(tos) == 1:
            count += 1
            name = f"move{count}"
            out[froms[0]] = Step("move-from", old=steps[froms[0]].old, move=name)
            out[tos[0]] = Step("move-to", new=steps[tos[0]].new, move=name)
    return out


# ---------------------------------------------------------------- revisions


class Marks:
    """Makes revision elements with unique ids, one author and one date."""

    def __init__(self, author: str, when: dt.datetime, first_id: int) -> None:
        self.author = author
        self.date = when.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        self.next_id = first_id

    def make(self, tag: str, **extra: str) -> Any:
        """A revision element (ins, del, moveFrom, …) with id, author and date."""
        element = etree.Element(q(tag))
        element.set(q("id"), str(self.next_id))
        self.next_id += 1
        element.set(q("author"), self.author)
        element.set(q("date"), self.date)
        for k, v in extra.items():
            element.set(q(k), v)
        return element

    def end(self, tag: str, start: Any) -> Any:
        """The end marker of a range started by `start`."""
        element = etree.Element(q(tag))
        element.set(q("id"), start.get(q("id")))
        return element


def mark_paragraph(p: Any, mark: Any) -> None:
    """Mark a paragraph's mark (its end) as inserted, deleted or moved."""
    ppr = p.find(q("pPr"))
    if ppr is None:
        ppr = etree.Element(q("pPr"))
        p.insert(0, ppr)
    rpr = ppr.find(q("rPr"))
    if rpr is None:
        rpr = etree.Element(q("rPr"))
        later = [c for c in ppr if etree.QName(c).localname in _AFTER_RPR]
        if later:
            later[0].addprevious(rpr)
        else:
            ppr.append(rpr)
    rpr.insert(0, mark)


def mark_row(tr: Any, mark: Any) -> None:
    """Mark a table row as inserted or deleted (after its other row properties)."""
    trpr = tr.find(q("trPr"))
    if trpr is None:
        trpr = etree.Element(q("trPr"))
        prex = tr.find(q("tblPrEx"))
        if prex is not None:
            prex.addnext(trpr)
        else:
            tr.insert(0, trpr)
    change = trpr.find(q("trPrChange"))
    if change is not None:
        change.addprevious(mark)
    else:
        trpr.append(mark)


def _runs(element: Any) -> list[Any]:
    return [r for r in element.iter(q("r"))]


def wrap_runs(element: Any, marks: Marks, tag: str, *, deleted: bool) -> None:
    """Put every run of a paragraph or row inside a revision element of its own."""
    for run in _runs(element):
        if deleted:
            for t in run.findall(q("t")):
                t.tag = q("delText")
            for t in run.findall(q("instrText")):
                t.tag = q("delInstrText")
        wrapper = marks.make(tag)
        run.addprevious(wrapper)
        wrapper.append(run)


def clean_old(element: Any) -> Any:
    """A copy of old content fit to live in the new package (see the module docstring)."""
    out = copy.deepcopy(element)
    for tag in ("bookmarkStart", "bookmarkEnd"):
        for node in list(out.iter(q(tag))):
            node.getparent().remove(node)
    for ppr in out.iter(q("pPr")):
        for sect in ppr.findall(q("sectPr")):
            ppr.remove(sect)
    for run in list(out.iter(q("r"))):
        if any(run.iter(q("drawing"), q("pict"), q("object"))):
            run.getparent().remove(run)
    return out


def _paragraphs(element: Any) -> list[Any]:
    return list(element.iter(q("p")))


def _moved(element: Any, marks: Marks, name: str, source: bool) -> Any:
    """A paragraph or row as one end of a move, its runs in moveFrom or moveTo."""
    tag = "moveFrom" if source else "moveTo"
    wrap_runs(element, marks, tag, deleted=False)
    paragraphs = _paragraphs(element)
    if paragraphs:
        start = marks.make(f"{tag}RangeStart", name=name)
        first, last = paragraphs[0], paragraphs[-1]
        ppr = first.find(q("pPr"))
        if ppr is not None:
            ppr.addnext(start)
        else:
            first.insert(0, start)
        last.append(marks.end(f"{tag}RangeEnd", start))
    if etree.QName(element).localname == "tr":
        mark_row(element, marks.make("del" if source else "ins"))
    else:
        mark_paragraph(element, marks.make(tag))
    return element


# ---------------------------------------------------------------- word by word


_SIMPLE_P = frozenset({"pPr", "r", "bookmarkStart", "bookmarkEnd", "proofErr"})
_SIMPLE_R = frozenset({"rPr", "t", "tab", "br"})


def _simple(p: Any) -> bool:
    for child in p:
        name = etree.QName(child).localname
        if name not in _SIMPLE_P:
            return False
        if name == "r" and any(etree.QName(c).localname not in _SIMPLE_R for c in child):
            return False
    return True


@dataclass(frozen=True)
class _Token:
    text: str  # a word, a space, '\t' or '\n'
    kind: str  # 't', 'tab' or 'br'
    rpr: Any  # the run properties it came with (or None)


def _tokens(p: Any) -> list[_Token]:
    out: list[_Token] = []
    for run in p.findall(q("r")):
        rpr = run.find(q("rPr"))
        for child in run:
            name = etree.QName(child).localname
            if name == "t":
                out += [_Token(w, "t", rpr) for w in WORD.findall(child.text or "")]
            elif name == "tab":
                out.append(_Token("\t", "tab", rpr))
            elif name == "br":
                out.append(_Token("\n", "br", rpr))
    return out


def _make_runs(tokens: Sequence[_Token], deleted: bool) -> Iterator[Any]:
    """Runs for tokens, one per stretch with the same run properties."""
    group: list[_Token] = []

    def flush() -> Iterator[Any]:
        if not group:
            return
        run = etree.Element(q("r"))
        if group[0].rpr is not None:
            run.append(copy.deepcopy(group[0].rpr))
        text = ""
        for tok in group:
            if tok.kind == "t":
                text += tok.text
                continue
            if text:
                _text(run, text, deleted)
                text = ""
            etree.SubElement(run, q(tok.kind))
        if text:
            _text(run, text, deleted)
        yield run

    for tok in tokens:
        if group and tok.rpr is not group[0].rpr:
            yield from flush()
            group = []
        group.append(tok)
    yield from flush()


def _text(run: Any, text: str, deleted: bool) -> None:
    t = etree.SubElement(run, q("delText" if deleted else "t"))
    t.text = text
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")


def merge_paragraph(old: Any, new: Any, marks: Marks) -> Any | None:
    """The new paragraph with word-level changes against the old; None if not simple."""
    if not (_simple(old) and _simple(new)):
        return None
    a, b = _tokens(old), _tokens(new)
    out = etree.Element(q("p"))
    ppr = new.find(q("pPr"))
    if ppr is not None:
        out.append(copy.deepcopy(ppr))
    for start in new.findall(q("bookmarkStart")):
        out.append(copy.deepcopy(start))
    matcher = difflib.SequenceMatcher(
        None, [(t.kind, t.text) for t in a], [(t.kind, t.text) for t in b], autojunk=False
    )
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            out.extend(_make_runs(b[j1:j2], deleted=False))
            continue
        if i2 > i1:
            wrapper = marks.make("del")
            wrapper.extend(_make_runs(a[i1:i2], deleted=True))
            out.append(wrapper)
        if j2 > j1:
            wrapper = marks.make("ins")
            wrapper.extend(_make_runs(b[j1:j2], deleted=False))
            out.append(wrapper)
    for end in new.findall(q("bookmarkEnd")):
        out.append(copy.deepcopy(end))
    return out


def merge_row(old: Any, new: Any, marks: Marks) -> Any | None:
    """The new row with word-level changes in each changed cell; None if they differ in shape."""
    old_cells, new_cells = old.findall(q("tc")), new.findall(q("tc"))
    if len(old_cells) != len(new_cells):
        return None
    row = copy.deepcopy(new)
    for old_cell, cell in zip(old_cells, row.findall(q("tc")), strict=True):
        if text_of(old_cell) == text_of(cell):
            continue
        olds, news = old_cell.findall(q("p")), cell.findall(q("p"))
        if len(olds) != len(news):
            return None
        for o, p in zip(olds, news, strict=True):
            merged = merge_paragraph(o, p, marks)
            if merged is None:
                return None
            p.addprevious(merged)
            cell.remove(p)
    return row


# ---------------------------------------------------------------- the merged body


class _Builder:
    """Lays out the merged steps as body elements, rows gathered into tables."""

    def __init__(self, marks: Marks) -> None:
        self.marks = marks
        self.out: list[Any] = []
        self.table: Any = None  # the output table rows are going into
        self.source: Any = None  # the input table it was started from
        self.columns = 0

    def paragraph(self, element: Any) -> None:
        self.table = None
        self.out.append(element)

    def row(self, element: Any, table: Any, *, old: bool) -> None:
        columns = len(table.findall(f"{q('tblGrid')}/{q('gridCol')}"))
        fits = self.table is not None and (
            self.source is table or (old and columns == self.columns)
        )
        if not fits:
            self.table = etree.Element(q("tbl"))
            for part in ("tblPr", "tblGrid"):
                found = table.find(q(part))
                if found is not None:
                    self.table.append(copy.deepcopy(found))
            self.source, self.columns = table, columns
            self.out.append(self.table)
        self.table.append(element)

    def put(self, unit: Unit, element: Any, *, old: bool) -> None:
        if unit.kind == "row":
            self.row(element, unit.table, old=old)
        else:
            self.paragraph(element)

    def step(self, s: Step) -> None:
        m = self.marks
        if s.op == "equal":
            assert s.new is not None
            self.put(s.new, copy.deepcopy(s.new.element), old=False)
        elif s.op == "insert":
            assert s.new is not None
            self.put(s.new, self.inserted(s.new), old=False)
        elif s.op == "delete":
            assert s.old is not None
            self.put(s.old, self.deleted(s.old), old=True)
        elif s.op == "move-from":
            assert s.old is not None
            self.put(s.old, _moved(clean_old(s.old.element), m, s.move, True), old=True)
        elif s.op == "move-to":
            assert s.new is not None
            self.put(s.new, _moved(copy.deepcopy(s.new.element), m, s.move, False), old=False)
        else:  # modify
            assert s.old is not None and s.new is not None
            merge = merge_row if s.new.kind == "row" else merge_paragraph
            merged = merge(clean_old(s.old.element), s.new.element, m)
            if merged is None:
                self.put(s.old, self.deleted(s.old), old=True)
                self.put(s.new, self.inserted(s.new), old=False)
            else:
                self.put(s.new, merged, old=False)

    def inserted(self, unit: Unit) -> Any:
        element = copy.deepcopy(unit.element)
        wrap_runs(element, self.marks, "ins", deleted=False)
        if unit.kind == "row":
            mark_row(element, self.marks.make("ins"))
        elif unit.kind == "p":
            mark_paragraph(element, self.marks.make("ins"))
        return element

    def deleted(self, unit: Unit) -> Any:
        element = clean_old(unit.element)
        wrap_runs(element, self.marks, "del", deleted=True)
        if unit.kind == "row":
            mark_row(element, self.marks.make("del"))
        elif unit.kind == "p":
            mark_paragraph(element, self.marks.make("del"))
        return element


def merge_bodies(old_body: Any, new_body: Any, marks: Marks) -> list[Any]:
    """The merged body's elements (without the final section properties)."""
    builder = _Builder(marks)
    for s in align(units(old_body), units(new_body)):
        if s.op == "delete" and s.old is not None and s.old.kind == "other":
            continue  # nothing but words is tracked outside paragraphs and rows
        builder.step(s)
    return builder.out


def redline(old_docx: bytes, new_docx: bytes, *, when: dt.datetime, author: str = AUTHOR) -> bytes:
    """The newer .docx with every difference from the older tracked as a revision."""
    with zipfile.ZipFile(io.BytesIO(old_docx)) as z:
        old_root = etree.fromstring(z.read(DOCUMENT))
    with zipfile.ZipFile(io.BytesIO(new_docx)) as z:
        entries = [(info, z.read(info.filename)) for info in z.infolist()]
    new_root = etree.fromstring(next(data for info, data in entries if info.filename == DOCUMENT))
    old_body, new_body = old_root.find(q("body")), new_root.find(q("body"))
    ids = [int(v) for v in new_body.xpath("//@w:id", namespaces={"w": W}) if str(v).isdigit()]
    marks = Marks(author, when, max(ids, default=0) + 1)
    merged = merge_bodies(old_body, new_body, marks)
    final = new_body.find(q("sectPr"))
    for child in list(new_body):
        new_body.remove(child)
    new_body.extend(merged)
    if final is not None:
        new_body.append(final)
    document = etree.tostring(new_root, xml_declaration=True, encoding="UTF-8", standalone=True)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in entries:
            z.writestr(info, document if info.filename == DOCUMENT else data)
    return out.getvalue()


def rendered_docx(loaded: Loaded, today: dt.date | None) -> bytes:
    """One version rendered to Word as `drafter render` would (INCOMPLETE if it has errors)."""
    from ..problems import Severity
    from ..render import RenderOptions, context_for
    from ..render.docx import build_docx
    from ..validate import validate

    options = RenderOptions(force=True, today=today)
    errors = any(p.severity is Severity.ERROR for p in validate(loaded, today=today))
    return build_docx(context_for(loaded, options, incomplete=errors), options)


def redline_document(old: Loaded, new: Loaded, today: dt.date | None = None) -> bytes:
    """The Word redline of two loaded versions, dated by the render timestamp."""
    from ..render import render_time

    return redline(rendered_docx(old, today), rendered_docx(new, today), when=render_time(today))
