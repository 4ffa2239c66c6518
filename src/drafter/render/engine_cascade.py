"""WeasyPrint's cascade, with selectors matched once per kind of element and shared
styles not merged again (the PDFs the same, byte for byte: tests/test_engine.py,
tests/test_engine_cascade.py).

- Signatures: WeasyPrint's cascade (`StyleFor`) asks cssselect2 which rules of each
  stylesheet match each element, and cssselect2 runs every candidate selector's test,
  many of them walking the element's ancestors (`.data td`): 6,174 matches for a
  34-page agreement, 47,162 for London's regional pack. Most elements look the same to
  every selector as many others (each cell of a column, each row's paragraphs), so a
  stylesheet's selectors are split by what their compiled tests read. Those that read
  only an element's tag, attributes, classes, id and language, and the same of its
  ancestors (by far most) are tested once per *signature*: the element's tag, the
  attributes those selectors name, and its parent's signature (Northfleet has 257, the
  London pack's report stylesheet 57). Their answer is kept per signature for the life
  of the process, shared by every stylesheet with the same selectors (a template's
  <style>, which WeasyPrint parses again for each document), so the next document's
  cells are matched at once too. Selectors that read anything else — siblings and
  positions (`:nth-child`, `+`, `:last-child`), children (`:has`, `:empty`), a disabled
  fieldset — are tested on every element as before (which of them are tried is kept per
  signature too). The two lists are merged in cssselect2's order (specificity, then
  order in the sheet: never equal for two rules), so the cascade sees the same list.
  A selector is known by the names its compiled test uses (cssselect2 compiles each
  into a Python lambda): one that uses a name outside `_ELEMENT_ONLY` is always tested
  anew, so a selector this reading does not understand is never kept. The attributes
  in a signature are those whose name is a string in a kept selector's test (which
  names every attribute it reads); classes and the id only as far as one is named.
- Shared styles: WeasyPrint gives an element the computed style of an earlier one with
  the same parent style, inline style and matched rules (1,947 of Northfleet's 3,087
  elements, 20,528 of the London pack's 23,581), but merges the declarations of its
  rules first all the same, into a cascaded style nothing reads. Here they are merged
  only for an element whose style is worked out (its pseudo-elements' always), and a
  sheet's precedence is found once per document rather than per declaration.

CPU seconds of WeasyPrint's `get_all_computed_styles` (bench/cascade_ab.py, alternated
in one process, the collector off): Northfleet 0.255 → 0.148 (signatures 0.083, shared
styles 0.028; median of 11), the London pack 2.03 → 0.80 (0.82 and 0.49; median of 5).
Tried and left out: `Box.descendants` with a stack instead of nested generators (about
9 ms of Northfleet's render, 45 ms of the London pack's); `table_boxes_children` handing
back at once the children of a box with no table parts among them (0.88 → 0.85 s of the
London pack's box tree).

Each patch goes in only over the cssselect2 and WeasyPrint source it was written against
(`EXPECTED`); `engine.tune()` calls `install()`; DRAFTER_STOCK_WEASYPRINT=1 leaves them out.
"""

from __future__ import annotations

import types
from collections.abc import Callable, Iterator
from typing import Any

from .engine_style import source_hash

# The source_hash of each cssselect2 function replaced or relied on (cssselect2 0.10.1)
EXPECTED = {
    "Matcher.match": "f7a761027c24ba61",
    "Matcher.add_selector": "8c7e42c95ad424b9",
    "Matcher.add_relevant_selectors": "dc6060bb377bdeb1",
    "_compile_node": "9a4b58568dfe6a8c",
    "ElementWrapper.classes": "3cf962acbf0fdb21",
    "ElementWrapper.id": "d1fdff2197e4b2de",
    "ElementWrapper.lang": "7b31a84dfea6d27e",
    "ElementWrapper.local_name": "3ef98f45cb472cca",
    # and of WeasyPrint 70's
    "StyleFor.__init__": "b1e725a7552502aa",
    "StyleFor.set_computed_styles": "b5b15856b8beff3f",
    "declaration_precedence": "510a33df7059e753",
}

# What a compiled test may read and still be answered from a signature: the element's
# tag (also as its ElementTree tag), attributes, classes, id and language, its parent and
# ancestors (each seen the same way), the document's kind (`in_html_document`), and the
# string helpers and built-ins cssselect2 writes around them. Anything else (index,
# previous, siblings, children, text, the subtree, fieldsets) makes a selector be tested
# on every element.
_ELEMENT_ONLY = frozenset(
    {
        "parent", "ancestors", "local_name", "namespace_url", "in_html_document",
        "classes", "id", "lang", "etree_element", "get", "attrib",
        "lower", "startswith", "endswith", "split_whitespace", "ascii_lower",
        "tag", "urlparse", "scheme", "any", "next",
    }
)  # fmt: skip
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_BUCKETS = ("id_selectors", "class_selectors", "lower_local_name_selectors", "namespace_selectors")
_LISTS = ("lang_attr_selectors", "other_selectors")
# Signatures kept per stylesheet; past this many they are forgotten and made anew.
# Northfleet's two stylesheets make 370 in all.
LIMIT = 50_000


def _reads(code: types.CodeType, names: set[str], strings: set[str]) -> None:
    """Every name and string constant of a compiled test and the code nested in it."""
    names.update(code.co_names)
    for constant in code.co_consts:
        if isinstance(constant, types.CodeType):
            _reads(constant, names, strings)
        elif isinstance(constant, str):
            strings.add(constant)


class Plan:
    """What a stylesheet's element-only selectors can see, and their answers per
    signature: shared by every stylesheet with the same selectors in the same order (a
    template's <style>, which WeasyPrint parses again for each document)."""

    count = 0

    def __init__(self, matcher: Any) -> None:
        names: set[str] = set()
        strings: set[str] = set()
        kept: set[int] = set()
        anew_ids: set[str] = set()
        anew_classes: set[str] = set()
        for (bucket, key), entries in _entries(matcher):
            for entry in entries:
                read: set[str] = set()
                said: set[str] = set()
                _reads(entry[0].__code__, read, said)
                if read <= _ELEMENT_ONLY:
                    kept.add(entry[2])
                    names |= read
                    strings |= said
                elif bucket == "id_selectors":
                    anew_ids.add(key)
                elif bucket == "class_selectors":
                    anew_classes.add(key)
        self.kept = frozenset(kept)
        # Which of the others are tried on an element depends on its id, classes, tag and
        # `lang` attribute (cssselect2 keeps them by those): all in its signature too.
        self.strings = frozenset(strings | anew_ids | anew_classes)
        self.lang = "lang" in names
        # Attributes whose whole value matters (read by name), and whether classes or the
        # id matter only as far as a selector names one of them.
        self.attributes = self.strings | ({"lang", _XML_LANG} if self.lang else set())
        if any(e[2] not in kept for e in matcher.lang_attr_selectors):
            self.attributes |= {"lang"}
        self.classes = ("classes" in names or bool(anew_classes)) and "class" not in self.attributes
        self.id = ("id" in names or bool(anew_ids)) and "id" not in self.attributes
        self.signatures: dict[tuple[Any, ...], int] = {}
        # Per signature: the order (in the sheet) of each kept selector that matches, and
        # of each other selector to be tested.
        self.answers: dict[int, tuple[tuple[int, ...], tuple[int, ...]]] = {}
        self.class_parts: dict[str, frozenset[str]] = {}
        self.generation = 0
        Plan.count += 1
        self.slot = f"_drafter_signature_{Plan.count}"

    def signature(self, element: Any) -> int:
        """The element's signature: its tag, the attributes the kept selectors can see,
        and its parent's signature (the document's kind and language at the root)."""
        kept = element.__dict__.get(self.slot)
        if kept is not None and kept[0] == self.generation:
            return kept[1]  # type: ignore[no-any-return]
        parent = element.parent
        if parent is None:
            above: Any = (element.in_html_document, element.lang if self.lang else None)
        else:
            above = self.signature(parent)
        etree = element.etree_element
        attributes = etree.attrib
        seen: tuple[Any, ...] = ()
        if attributes:
            seen = tuple(item for item in attributes.items() if item[0] in self.attributes)
            if self.classes and "class" in attributes:
                seen += (self._classes(attributes["class"]),)
            if self.id and attributes.get("id") in self.strings:
                seen += (("#", attributes["id"]),)
        key = (above, etree.tag, seen)
        number = self.signatures.get(key)
        if number is None:
            number = self.signatures[key] = len(self.signatures)
        element.__dict__[self.slot] = (self.generation, number)
        return number

    def _classes(self, value: str) -> frozenset[str]:
        part = self.class_parts.get(value)
        if part is None:
            from cssselect2.compiler import split_whitespace  # type: ignore[import-untyped]

            part = self.class_parts[value] = frozenset(split_whitespace(value)) & self.strings
        return part

    def forget(self) -> None:
        """Start the kept signatures and answers again (elements' signatures go stale)."""
        self.signatures.clear()
        self.answers.clear()
        self.class_parts.clear()
        self.generation += 1


class Split:
    """One Matcher's selectors as two Matchers, the kept ones and the others, and what
    it gives for the selector of each order."""

    def __init__(self, matcher: Any, plan: Plan, make: Callable[[], Any]) -> None:
        self.order, self.plan = matcher.order, plan
        self.kept, self.anew = make(), make()
        self.tests: dict[int, Callable[[Any], Any]] = {}
        self.matched: dict[int, tuple[Any, ...]] = {}
        for owner, entries in _entries(matcher):
            for entry in entries:
                self.tests[entry[2]], self.matched[entry[2]] = entry[0], entry[1:]
                _add(self.kept if entry[2] in plan.kept else self.anew, owner, entry)


# Plans by the selectors they were made from; past this many they are made anew.
_PLANS: dict[tuple[Any, ...], Plan] = {}
_PLANS_LIMIT = 64


def _plan(matcher: Any) -> Plan:
    """The plan of the matcher's selectors: their compiled code, specificity, order and
    pseudo-element, where cssselect2 keeps them."""
    selectors = tuple(
        (owner, tuple((e[0].__code__, e[1], e[2], e[3]) for e in entries))
        for owner, entries in _entries(matcher)
    )
    plan = _PLANS.get(selectors)
    if plan is None:
        if len(_PLANS) >= _PLANS_LIMIT:
            _PLANS.clear()
        plan = _PLANS[selectors] = Plan(matcher)
    return plan


def _entries(matcher: Any) -> Iterator[tuple[tuple[str, Any], list[Any]]]:
    """Each list of selector entries of a Matcher, with where it is kept."""
    for bucket in _BUCKETS:
        for key, entries in getattr(matcher, bucket).items():
            yield (bucket, key), entries
    for name in _LISTS:
        yield (name, None), getattr(matcher, name)


def _add(matcher: Any, owner: tuple[str, Any], entry: Any) -> None:
    bucket, key = owner
    if key is None:
        getattr(matcher, bucket).append(entry)
    else:
        getattr(matcher, bucket).setdefault(key, []).append(entry)


def candidates(matcher: Any, element: Any) -> list[Any]:
    """The entries of a Matcher that cssselect2's `match` would test on the element."""
    from webencodings import ascii_lower  # type: ignore[import-untyped]

    found: list[Any] = []
    if element.id is not None and element.id in matcher.id_selectors:
        found += matcher.id_selectors[element.id]
    for class_name in element.classes:
        found += matcher.class_selectors.get(class_name, ())
    found += matcher.lower_local_name_selectors.get(ascii_lower(element.local_name), ())
    found += matcher.namespace_selectors.get(element.namespace_url, ())
    if "lang" in element.etree_element.attrib:
        found += matcher.lang_attr_selectors
    return found + list(matcher.other_selectors)


def signature_match(match: Callable[[Any, Any], list[Any]]) -> Callable[[Any, Any], list[Any]]:
    """cssselect2's Matcher.match answering the element-only selectors per signature."""
    from cssselect2 import Matcher  # type: ignore[import-untyped]

    def matched(self: Any, element: Any) -> list[Any]:
        split = self.__dict__.get("_drafter_split")
        if split is None or split.order != self.order:
            split = self.__dict__["_drafter_split"] = Split(self, _plan(self), Matcher)
        plan = split.plan
        number = plan.signature(element)
        answer = plan.answers.get(number)
        if answer is None:
            if len(plan.signatures) > LIMIT:
                plan.forget()
                number = plan.signature(element)
            kept = tuple(found[1] for found in match(split.kept, element))
            answer = plan.answers[number] = (
                kept,
                tuple(e[2] for e in candidates(split.anew, element)),
            )
        by_order = split.matched
        found = [by_order[order] for order in answer[0]]
        if not answer[1]:
            return found
        tests = split.tests
        anew = [by_order[order] for order in answer[1] if tests[order](element)]
        return sorted(found + anew) if anew else found

    matched.__wrapped__ = match  # type: ignore[attr-defined]
    return matched


def shared_styles_uncascaded(init: Callable[..., None]) -> Callable[..., None]:
    """`StyleFor.__init__` (WeasyPrint 70's own) merging an element's declarations only
    when its computed style is not shared with an earlier element's."""
    from math import inf

    from weasyprint.css import (
        PROGRESS_LOGGER,
        declaration_precedence,
        find_style_attributes,
        preprocess_declarations,
    )

    def __init__(
        self: Any,
        html: Any,
        sheets: Any,
        presentational_hints: Any,
        font_config: Any,
        target_collector: Any,
    ) -> None:
        cascaded_styles: dict[tuple[Any, Any], dict[str, Any]] = {}
        computed_styles: dict[tuple[Any, Any], Any] = {}
        self._cascaded_styles, self._computed_styles = cascaded_styles, computed_styles
        self.initial_page_sizes = {"box": None, "area": None}
        self._sheets = sheets
        self.font_config = font_config

        PROGRESS_LOGGER.info("Step 3 - Applying CSS")
        layer_order = inf
        elements_declarations = {}
        for specificity, element, declarations, base_url in find_style_attributes(
            html.etree_element, presentational_hints, html.base_url
        ):
            style = cascaded_styles.setdefault((element, None), {})
            elements_declarations[element] = tuple(declarations)
            for name, values, importance in preprocess_declarations(base_url, declarations):
                precedence = declaration_precedence("author", importance)
                weight = (precedence, layer_order, specificity)
                old_weight = style.get(name, (None, None))[1]
                if old_weight is None or old_weight <= weight:
                    style[name] = values, weight

        # A sheet's precedence depends only on whether a declaration is important.
        precedences = [
            (declaration_precedence(origin, False), declaration_precedence(origin, True))
            for _sheet, origin, _specificity in sheets
        ]
        computed_cache: dict[tuple[Any, ...], Any] = {}
        for element in html.wrapper_element.iter_subtree():
            etree_element = element.etree_element
            parent = element.parent.etree_element if element.parent else None
            parent_id = id(computed_styles[parent, None]) if element.parent else None
            element_declarations = elements_declarations.get(etree_element)
            selectors_keys = []
            matched = []
            for (sheet, _origin, sheet_specificity), precedence in zip(
                sheets, precedences, strict=True
            ):
                for selector in sheet.matcher.match(element):
                    specificity, _order, pseudo_type, (declarations, layer) = selector
                    layer_order = inf if layer is None else sheet.layers.index(layer)
                    selectors_keys.append((sheet, specificity, id(declarations), layer_order))
                    specificity = sheet_specificity or specificity
                    matched.append(
                        (specificity, pseudo_type, declarations, layer_order, precedence)
                    )
            key = (parent_id, element_declarations, tuple(selectors_keys))
            shared = computed_cache.get(key)
            for specificity, pseudo_type, declarations, layer_order, precedence in matched:
                if pseudo_type is None and shared is not None:
                    continue  # the element's own cascaded style would never be read
                style = cascaded_styles.setdefault((etree_element, pseudo_type), {})
                normal, important = precedence
                for name, values, importance in declarations:
                    weight = (important if importance else normal, layer_order, specificity)
                    old_weight = style.get(name, (None, None))[1]
                    if old_weight is None or old_weight <= weight:
                        style[name] = values, weight

            if shared is not None:
                computed_styles[etree_element, None] = shared
            else:
                self.set_computed_styles(
                    etree_element,
                    root=html.etree_element,
                    parent=parent,
                    base_url=html.base_url,
                    target_collector=target_collector,
                )
                computed_cache[key] = computed_styles[etree_element, None]

        for element, pseudo_type in cascaded_styles:
            if pseudo_type:
                self.set_computed_styles(
                    element,
                    pseudo_type=pseudo_type,
                    root=html.etree_element,
                    parent=element,
                    base_url=html.base_url,
                    target_collector=target_collector,
                )
        self._cascaded_styles.clear()

    __init__.__wrapped__ = init  # type: ignore[attr-defined]
    return __init__


def _relied_on(patch: str) -> dict[str, Any]:
    """The functions whose source a patch was written against, by their EXPECTED name."""
    from cssselect2 import ElementWrapper, Matcher, compiler
    from weasyprint.css import StyleFor, declaration_precedence

    if patch == "shared styles":
        return {
            "StyleFor.__init__": getattr(StyleFor.__init__, "__wrapped__", StyleFor.__init__),
            "StyleFor.set_computed_styles": StyleFor.set_computed_styles,
            "declaration_precedence": declaration_precedence,
        }
    return {
        "Matcher.match": getattr(Matcher.match, "__wrapped__", Matcher.match),
        "Matcher.add_selector": Matcher.add_selector,
        "Matcher.add_relevant_selectors": Matcher.add_relevant_selectors,
        "_compile_node": compiler._compile_node,
        "ElementWrapper.classes": ElementWrapper.classes.func,
        "ElementWrapper.id": ElementWrapper.id.func,
        "ElementWrapper.lang": ElementWrapper.lang.func,
        "ElementWrapper.local_name": ElementWrapper.local_name.func,
    }


PATCHES = ("signatures", "shared styles")


def _slot(patch: str) -> tuple[Any, str, Callable[[Any], Any]]:
    """Where a patch goes, and what makes it from the function it replaces."""
    from cssselect2 import Matcher
    from weasyprint.css import StyleFor

    if patch == "shared styles":
        return StyleFor, "__init__", shared_styles_uncascaded
    return Matcher, "match", signature_match


def install(patches: tuple[str, ...] = PATCHES) -> dict[str, bool]:
    """Put in each patch (of `patches`) whose cssselect2 or WeasyPrint source is as
    expected; say which."""
    done = {}
    for patch in PATCHES:
        owner, name, make = _slot(patch)
        current = getattr(owner, name)
        done[patch] = (
            patch in patches
            and not hasattr(current, "__wrapped__")
            and all(EXPECTED.get(n, "-") == source_hash(f) for n, f in _relied_on(patch).items())
        )
        if done[patch]:
            setattr(owner, name, make(current))
    return done


def ab_slots(patch: str) -> list[tuple[Any, str, Any, Any]]:
    """(owner, attribute, stock value, patched value) of an installed patch, for A/B."""
    owner, name, _make = _slot(patch)
    patched = getattr(owner, name)
    return [(owner, name, getattr(patched, "__wrapped__", patched), patched)]
