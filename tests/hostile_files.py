"""Hostile uploads, built in memory: zip bombs that lie, sheets a parser would blow up, CSV and
GeoJSON far beyond anything a municipality uploads.

Zip archives are written by hand here (`zip_bytes`), so that a member can declare another size
than it has; big members are generated and packed a megabyte at a time, never held whole.
"""

from __future__ import annotations

import io
import json
import random
import struct
import zlib
from collections.abc import Iterable, Iterator, Mapping, Sequence

MEGABYTE = 1024 * 1024

_LOCAL_HEADER = struct.Struct("<4s5H3L2H")
_DIRECTORY_ENTRY = struct.Struct("<4s6H3L5H2L")
_END_RECORD = struct.Struct("<4s4H2LH")
_DEFLATED = 8

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
)
_PACKAGE_RELATIONSHIPS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="boliger" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELATIONSHIPS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
)
SHEET_MEMBER = "xl/worksheets/sheet1.xml"


def zip_bytes(
    members: Sequence[tuple[str, bytes | Iterable[bytes]]],
    *,
    declared: Mapping[str, int] | None = None,
) -> bytes:
    """A zip archive of deflated members; `declared` gives a member a size it does not have."""
    out = io.BytesIO()
    entries = []
    for name, content in members:
        chunks = [content] if isinstance(content, bytes) else content
        packer = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
        crc, size, packed = 0, 0, []
        for chunk in chunks:
            crc = zlib.crc32(chunk, crc)
            size += len(chunk)
            packed.append(packer.compress(chunk))
        packed.append(packer.flush())
        data = b"".join(packed)
        stated = (declared or {}).get(name, size)
        encoded = name.encode()
        offset = out.tell()
        out.write(
            _LOCAL_HEADER.pack(
                b"PK\x03\x04", 20, 0, _DEFLATED, 0, 0, crc, len(data), stated, len(encoded), 0
            )
        )
        out.write(encoded)
        out.write(data)
        entries.append(
            _DIRECTORY_ENTRY.pack(
                b"PK\x01\x02",
                20,
                20,
                0,
                _DEFLATED,
                0,
                0,
                crc,
                len(data),
                stated,
                len(encoded),
                0,
                0,
                0,
                0,
                0,
                offset,
            )
            + encoded
        )
    start = out.tell()
    for entry in entries:
        out.write(entry)
    size = out.tell() - start
    out.write(_END_RECORD.pack(b"PK\x05\x06", 0, 0, len(entries), len(entries), size, start, 0))
    return out.getvalue()


def workbook_bytes(
    sheet: bytes | Iterable[bytes],
    *,
    declared_sheet_size: int | None = None,
    extra_members: Sequence[tuple[str, bytes | Iterable[bytes]]] = (),
) -> bytes:
    """A minimal workbook whose one sheet, named boliger, holds `sheet` (its XML)."""
    members = [
        ("[Content_Types].xml", _CONTENT_TYPES.encode()),
        ("_rels/.rels", _PACKAGE_RELATIONSHIPS.encode()),
        ("xl/workbook.xml", _WORKBOOK.encode()),
        ("xl/_rels/workbook.xml.rels", _WORKBOOK_RELATIONSHIPS.encode()),
        (SHEET_MEMBER, sheet),
        *extra_members,
    ]
    declared = {} if declared_sheet_size is None else {SHEET_MEMBER: declared_sheet_size}
    return zip_bytes(members, declared=declared)


def sheet_xml(rows: Iterable[bytes]) -> Iterator[bytes]:
    """A worksheet's XML around the given `<row>` elements."""
    yield (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b"<sheetData>"
    )
    yield from rows
    yield b"</sheetData></worksheet>"


def text_cell(address: str | None, text: str) -> bytes:
    """An inline-string cell, with the address `r` or (None) without one."""
    where = f' r="{address}"' if address else ""
    return f'<c{where} t="inlineStr"><is><t>{text}</t></is></c>'.encode()


def lying_zip_bomb_xlsx(megabytes: int) -> bytes:
    """The issue's bomb: the sheet declares 1,000 bytes and inflates to `megabytes` MB, a
    header cell of one letter repeated (packed about a thousand times smaller)."""

    def rows() -> Iterator[bytes]:
        yield b'<row r="1"><c r="A1" t="inlineStr"><is><t>'
        letters = b"A" * MEGABYTE
        for _ in range(megabytes):
            yield letters
        yield b"</t></is></c></row>"

    return workbook_bytes(sheet_xml(rows()), declared_sheet_size=1000)


def wide_sheet_xlsx(columns: int = 20_000, rows: int = 2_000) -> bytes:
    """A header row of `columns` cells without addresses (calamine places them in order), and
    `rows` rows of one cell: a dense grid of columns times rows."""

    def sheet_rows() -> Iterator[bytes]:
        yield b'<row r="1">' + text_cell(None, "x") * columns + b"</row>"
        for row in range(2, rows + 2):
            yield f'<row r="{row}">'.encode() + text_cell(f"A{row}", "y") + b"</row>"

    return workbook_bytes(sheet_xml(sheet_rows()))


def far_corners_xlsx(last: str = "XFD1048576", twice_addressed: bool = False) -> bytes:
    """Two cells, A1 and `last`: calamine would lay out the whole grid between them. With
    `twice_addressed`, the far cell is written as B1 with a second address (the one calamine
    uses)."""
    far = (
        f'<c r="B1" r="{last}" t="inlineStr"><is><t>y</t></is></c>'.encode()
        if twice_addressed
        else text_cell(last, "y")
    )
    return workbook_bytes(sheet_xml([b'<row r="1">' + text_cell("A1", "x") + far + b"</row>"]))


def many_members_xlsx(count: int) -> bytes:
    """A workbook with `count` tiny members besides its own."""
    extra = [(f"xl/media/part{i}.xml", b"<a/>") for i in range(count)]
    return workbook_bytes(sheet_xml([]), extra_members=extra)


def shared_strings_xlsx(count: int, padding_bytes: int) -> bytes:
    """A shared-strings part of `count` empty strings, with `padding_bytes` of bytes that do not
    pack beside it, so that the workbook is no more packed than an ordinary one."""
    padding = random.Random(2026).randbytes(padding_bytes)

    def strings() -> Iterator[bytes]:
        yield b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        block = b"<si><t/></si>" * 100_000
        for _ in range(count // 100_000):
            yield block
        yield b"</sst>"

    return workbook_bytes(
        sheet_xml([]),
        extra_members=[("xl/sharedStrings.xml", strings()), ("xl/media/image1.bin", padding)],
    )


def million_delimiters_csv() -> bytes:
    """A 1 MB header line of delimiters: a million empty columns."""
    return b"bolig_id" + b";" * 1_000_000 + b"\r\nB1\r\n"


def one_long_line_csv(megabytes: int = 45) -> bytes:
    """A header, then one line of `megabytes` MB."""
    return b"bolig_id;adresse\r\nB1;" + b"x" * (megabytes * MEGABYTE) + b"\r\n"


def too_many_lines_csv(lines: int = 1_100_000) -> bytes:
    """A one-column table of `lines` lines."""
    return b"bolig_id\r\n" + b"B\r\n" * lines


def too_many_cells_csv(columns: int = 200, lines: int = 50_000) -> bytes:
    """`columns` columns (each within bounds) on `lines` lines of empty cells."""
    header = ";".join(["bolig_id", *(f"k{i}" for i in range(columns - 1))]).encode()
    return header + b"\r\n" + (b";" * (columns - 1) + b"\r\n") * lines


def _feature(properties: dict, geometry: dict) -> dict:
    return {"type": "Feature", "properties": properties, "geometry": geometry}


def _square(x: float, y: float) -> dict:
    ring = [[x, y], [x + 0.01, y], [x + 0.01, y + 0.01], [x, y + 0.01], [x, y]]
    return {"type": "Polygon", "coordinates": [ring]}


def geojson_bytes(features: Iterable[dict]) -> bytes:
    return json.dumps({"type": "FeatureCollection", "features": list(features)}).encode()


def many_features_geojson(count: int = 25_000) -> bytes:
    """`count` small squares, each a grunnkrets."""
    return geojson_bytes(
        _feature({"grunnkrets": f"{11080000 + i:08d}", "navn": "A"}, _square(5 + i % 100, 58))
        for i in range(count)
    )


def many_vertices_geojson(vertices: int = 2_100_000, per_feature: int = 100_000) -> bytes:
    """Polygons of `per_feature` short points each, `vertices` points in all."""
    ring = [[5, 58 + i % 2] for i in range(per_feature - 1)] + [[5, 58]]
    geometry = {"type": "Polygon", "coordinates": [ring]}
    return geojson_bytes(
        _feature({"grunnkrets": f"{11080000 + i:08d}", "navn": "A"}, geometry)
        for i in range(vertices // per_feature)
    )


def one_huge_feature_geojson(vertices: int = 1_500_000) -> bytes:
    """One polygon whose text is over 10 MB."""
    ring = [[5, 58 + i % 2] for i in range(vertices - 1)] + [[5, 58]]
    geometry = {"type": "Polygon", "coordinates": [ring]}
    return geojson_bytes([_feature({"grunnkrets": "11080101", "navn": "A"}, geometry)])


def distinct_properties_geojson(features: int = 20_000, per_feature: int = 100) -> bytes:
    """Every feature with property names of its own: GDAL makes a column of each for all."""
    return geojson_bytes(
        _feature({f"p{j}_{i}": 1 for i in range(per_feature)}, _square(5, 58))
        for j in range(features)
    )


def tangled_polygon_geojson(vertices: int = 30_000) -> bytes:
    """One polygon whose edges cross each other all the way up: costly to repair."""
    ring = [[5.7 + (i % 2) * 0.01, 58.8 + i * 1e-7] for i in range(vertices - 1)] + [[5.7, 58.8]]
    geometry = {"type": "Polygon", "coordinates": [ring]}
    return geojson_bytes([_feature({"grunnkrets": "11080101", "navn": "A"}, geometry)])


def oversized_geojson(megabytes: int = 55) -> bytes:
    """A valid file padded with spaces beyond the size limit."""
    return geojson_bytes([]).replace(b"[]", b"[" + b" " * (megabytes * MEGABYTE) + b"]")
