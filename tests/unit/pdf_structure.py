"""A tagged PDF's structure tree read with pypdf, for tests of the report's accessibility.

`outline(pdf)` gives what a screen reader works from: /Lang, /Title, DisplayDocTitle,
/MarkInfo, the PDF/UA part in the XMP metadata, and the structure elements in reading order
with the text of their marked content (headings, cells), their /Alt (figures) and /Scope (header
cells). The text per marked-content id comes from pypdf's `extract_text` visitors: BDC/EMC
arrive in `visitor_operand_before`, decoded text in `visitor_text`.
"""

from __future__ import annotations

import io
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field

from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NumberObject


@dataclass
class Element:
    """One structure element: its role ('H1', 'P', 'Table', 'TH', 'Figure', …) and content."""

    role: str
    text: str = ""
    alt: str | None = None
    scope: str | None = None
    children: list[Element] = field(default_factory=list)


@dataclass
class Outline:
    """The document facts and the structure tree of a PDF."""

    lang: str | None
    title: str | None
    display_doc_title: bool
    marked: bool
    pdfua_part: str | None
    root: Element
    unmarked_text_pages: list[int]  # pages that show text outside any marked content


def _resolve(value: object) -> object:
    return value.get_object() if isinstance(value, IndirectObject) else value


def _marked_texts(reader: PdfReader) -> tuple[dict[tuple[int, int], str], list[int]]:
    """Text per (page index, MCID), and the pages that show text outside marked content."""
    texts: dict[tuple[int, int], list[str]] = defaultdict(list)
    unmarked: set[int] = set()
    for index, page in enumerate(reader.pages):
        stack: list[int] = []

        def before(operator, operands, cm, tm, stack=stack) -> None:
            if operator in (b"BDC", b"BMC"):
                properties = _resolve(operands[1]) if len(operands) > 1 else None
                mcid = properties.get("/MCID") if isinstance(properties, DictionaryObject) else None
                stack.append(-1 if mcid is None else int(mcid))  # -1: an artifact or other
            elif operator == b"EMC" and stack:
                stack.pop()

        def text(value, cm, tm, font, size, stack=stack, index=index) -> None:
            if not stack:
                if value.strip():
                    unmarked.add(index)
            elif stack[-1] >= 0:
                texts[(index, stack[-1])].append(value)

        page.extract_text(visitor_operand_before=before, visitor_text=text)
    joined = {key: re.sub(r"\s+", " ", "".join(parts)).strip() for key, parts in texts.items()}
    return joined, sorted(unmarked)


def _page_index(reader: PdfReader, reference: object) -> int | None:
    if not isinstance(reference, IndirectObject):
        return None
    for index, page in enumerate(reader.pages):
        if page.indirect_reference is not None and page.indirect_reference.idnum == reference.idnum:
            return index
    return None


def _scope(attributes: object) -> str | None:
    attributes = _resolve(attributes)
    for attribute in attributes if isinstance(attributes, ArrayObject) else [attributes]:
        attribute = _resolve(attribute)
        if isinstance(attribute, DictionaryObject) and "/Scope" in attribute:
            return str(attribute["/Scope"])[1:]
    return None


def _element(
    reader: PdfReader, node: DictionaryObject, page: int | None, texts: dict[tuple[int, int], str]
) -> Element:
    own_page = _page_index(reader, node.get("/Pg"))
    page = own_page if own_page is not None else page
    alt = node.get("/Alt")
    element = Element(
        role=str(node.get("/S", "/?"))[1:],
        alt=None if alt is None else str(alt),
        scope=_scope(node.get("/A")),
    )
    kids = _resolve(node.get("/K"))
    kids = kids if isinstance(kids, ArrayObject) else ([] if kids is None else [kids])
    parts = []
    for kid in kids:
        kid = _resolve(kid)
        if isinstance(kid, (NumberObject, int)):
            parts.append(texts.get((page, int(kid)), ""))
        elif isinstance(kid, DictionaryObject) and kid.get("/Type") == "/MCR":
            kid_page = _page_index(reader, kid.get("/Pg"))
            on_page = kid_page if kid_page is not None else page
            parts.append(texts.get((on_page, int(kid["/MCID"])), ""))
        elif isinstance(kid, DictionaryObject) and "/S" in kid:
            child = _element(reader, kid, page, texts)
            element.children.append(child)
            parts.append(child.text)
    element.text = " ".join(part for part in parts if part).strip()
    return element


def outline(pdf: bytes) -> Outline:
    """The document facts and structure tree of `pdf`."""
    reader = PdfReader(io.BytesIO(pdf))
    catalog = reader.trailer["/Root"]
    preferences = _resolve(catalog.get("/ViewerPreferences")) or {}
    mark_info = _resolve(catalog.get("/MarkInfo")) or {}
    metadata = _resolve(catalog.get("/Metadata"))
    xmp = metadata.get_data().decode("utf-8", "replace") if metadata is not None else ""
    part = re.search(r"pdfuaid:part(?:>|=\")\s*(\d)", xmp)
    texts, unmarked = _marked_texts(reader)
    tree = _resolve(catalog.get("/StructTreeRoot"))
    root = Element("StructTreeRoot")
    if tree is not None:
        root = _element(reader, DictionaryObject({**tree, "/S": "/StructTreeRoot"}), None, texts)
    return Outline(
        lang=str(catalog["/Lang"]) if "/Lang" in catalog else None,
        title=reader.metadata.title if reader.metadata else None,
        display_doc_title=bool(preferences.get("/DisplayDocTitle", False)),
        marked=bool(mark_info.get("/Marked", False)),
        pdfua_part=part.group(1) if part else None,
        root=root,
        unmarked_text_pages=unmarked,
    )


def walk(element: Element) -> Iterator[Element]:
    """`element` and everything under it, in reading order."""
    yield element
    for child in element.children:
        yield from walk(child)


def find(element: Element, *roles: str) -> list[Element]:
    """The elements under `element` (itself included) with one of `roles`, in reading order."""
    return [node for node in walk(element) if node.role in roles]
