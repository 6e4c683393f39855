"""An XLSX workbook checked before a parser sees it: zip bombs, and sheets a parser would blow up.

A workbook is a zip archive whose directory says how big each member is, but nothing makes it
tell the truth: a 0.4 MB file whose sheet claimed 1,000 bytes inflated to 400 MB in the parser.
So the directory is bounded before Python's zipfile reads it, and every member is inflated here,
counting bytes: it must come out exactly as big as the directory says, and inflation stops
the moment it would grow past that.

While a member inflates, its XML is looked at for what calamine (fastexcel's parser) would
allocate. Calamine lays a sheet out as a dense grid from its first cell to its last, so two
cells far apart cost gigabytes; it places a cell by its address (`r="B7"`, the last one when a
cell has two), or by its order in the row when it has none. Any member may be a sheet (the
workbook's own relationships say which, and calamine reads what they point to whatever it
looks like), so every member is looked at. A first look per batch of XML passes what a small
sheet holds: addresses with one column letter and rows few enough. Any other member is
inflated again and every address read, to find the columns and rows it spans.
"""

from __future__ import annotations

import functools
import io
import struct
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass

import polars as pl

from warehouse.validation.limits import ReadLimits, format_count, megabytes

INVALID = "Filen er ikke en gyldig XLSX-fil. Lagre den på nytt fra Excel."

_END_RECORD = struct.Struct("<4s4H2LH")
_END_SIGNATURE = b"PK\x05\x06"
_ZIP64_LOCATOR_SIGNATURE = b"PK\x06\x07"
_ZIP64_LOCATOR_BYTES = 20
_LOCAL_HEADER = struct.Struct("<4s5H3L2H")
_LOCAL_SIGNATURE = b"PK\x03\x04"
_DIRECTORY_BYTES_PER_MEMBER = 1024  # a directory entry: 46 bytes and a name; Excel's are ~100
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")

_INPUT_CHUNK = 64 * 1024
_OUTPUT_CHUNK = 1024 * 1024
_BATCH_BYTES = 32 * 1024 * 1024
_WINDOW_BYTES = 4 * 1024 * 1024
# Text between two tags longer than any cell Excel can hold (32,767 characters) several times.
_MAX_TEXT_BETWEEN_TAGS = 4 * 1024 * 1024
_ONE_LETTER_COLUMNS = 26

_PREFIX = r"(?:[A-Za-z_][\w.\-]*:)?"
_ADDRESS = r"\sr\s*=\s*[\"']\s*"  # the attribute r itself, not q:r or xmlns:r
_ADDRESS_VALUE = _ADDRESS + r"[A-Za-z]*[0-9]*"
_CELL = rf"<{_PREFIX}c[\s/>]"
_ROW = rf"<{_PREFIX}row[\s/>]"
_SHARED_STRING = rf"<{_PREFIX}si[\s/>]"
# A cell element none of whose attributes is named r.
_UNADDRESSED_CELL = (
    rf"<{_PREFIX}c(?:\s+(?:[^\sr=>/][^\s=>/]*|r[^\s=>/]+)\s*=\s*(?:\"[^\"]*\"|'[^']*'))*\s*/?>"
)


class _Refused(Exception):
    """A workbook that must not reach the parser; the message is for people."""


def workbook_problem(content: bytes, limits: ReadLimits) -> str | None:
    """Why the workbook in `content` must not be parsed, else None."""
    try:
        _check_directory(content, limits)
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            members = archive.infolist()
        _check_declared_sizes(members, len(content), limits)
        strings = 0
        for member in members:
            strings += _check_member(content, member, limits)
        if strings > limits.max_cells:
            raise _Refused(
                f"Arbeidsboken har mer enn {format_count(limits.max_cells)} tekster. "
                "Del den opp i mindre filer."
            )
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, struct.error):
        return INVALID
    except _Refused as refusal:
        return str(refusal)
    return None


def _check_directory(content: bytes, limits: ReadLimits) -> None:
    """Bound the zip directory before zipfile makes an object of every entry in it."""
    at = len(content) - _END_RECORD.size
    if content[at : at + 4] != _END_SIGNATURE:  # as zipfile looks: without a comment first
        at = content.rfind(_END_SIGNATURE, max(0, len(content) - _END_RECORD.size - 65_535))
    if at < 0:
        raise _Refused(INVALID)
    *_, entries, directory_bytes, _offset, _comment = _END_RECORD.unpack_from(content, at)
    locator = at - _ZIP64_LOCATOR_BYTES
    zip64 = locator >= 0 and content[locator : locator + 4] == _ZIP64_LOCATOR_SIGNATURE
    too_many = (
        zip64  # for huge archives only; a workbook never needs one
        or entries > limits.max_zip_members
        or directory_bytes > limits.max_zip_members * _DIRECTORY_BYTES_PER_MEMBER
    )
    if too_many:
        raise _too_many_members(limits)


def _too_many_members(limits: ReadLimits) -> _Refused:
    return _Refused(
        f"Arbeidsboken har flere enn {limits.max_zip_members} deler inni seg, flere enn en "
        "Excel-fil har. Lagre den på nytt fra Excel."
    )


def _check_declared_sizes(members: list[zipfile.ZipInfo], size: int, limits: ReadLimits) -> None:
    """What the directory declares must be within bounds (each member is held to it later)."""
    if len(members) > limits.max_zip_members:
        raise _too_many_members(limits)
    declared = sum(member.file_size for member in members)
    if declared > limits.max_unzipped_bytes:
        raise _Refused(
            f"Arbeidsboken blir større enn {megabytes(limits.max_unzipped_bytes)} når den pakkes "
            "ut, og leses ikke. Del den opp i mindre filer."
        )
    if declared > limits.max_compression_ratio * size:
        raise _Refused(
            "Arbeidsboken er komprimert mer enn en vanlig Excel-fil kan være, og leses ikke. "
            "Lagre den på nytt fra Excel."
        )


def _check_member(content: bytes, member: zipfile.ZipInfo, limits: ReadLimits) -> int:
    """Inflate one member, held to its declared size, and look at its XML. Returns how many
    shared strings it holds."""
    if member.flag_bits & 0x1 or member.compress_type not in (
        zipfile.ZIP_STORED,
        zipfile.ZIP_DEFLATED,
    ):
        raise _Refused(
            "Arbeidsboken er kryptert eller pakket på en måte Excel ikke bruker. Lagre den på "
            "nytt fra Excel, uten passord."
        )
    data = _compressed_data(content, member)
    first = _FirstLook(limits)
    _look_at(data, member, first.add)
    if first.unusual:
        shape = _Shape()
        _look_at(data, member, shape.add)
        shape.check(limits)
    return first.shared_strings


def _look_at(data: memoryview, member: zipfile.ZipInfo, look: Callable[[list[str]], None]) -> None:
    """Inflate a member and hand its text to `look` in batches."""
    batches = _Batches(look)
    _inflate(data, member, batches.feed)
    batches.close()


def _compressed_data(content: bytes, member: zipfile.ZipInfo) -> memoryview:
    """A member's compressed bytes: after its local header, as long as the directory says."""
    offset = member.header_offset
    if offset < 0 or offset + _LOCAL_HEADER.size > len(content):
        raise _Refused(INVALID)
    signature, *_, name_length, extra_length = _LOCAL_HEADER.unpack_from(content, offset)
    start = offset + _LOCAL_HEADER.size + name_length + extra_length
    end = start + member.compress_size
    if signature != _LOCAL_SIGNATURE or end > len(content):
        raise _Refused(INVALID)
    return memoryview(content)[start:end]


def _inflate(data: memoryview, member: zipfile.ZipInfo, sink: Callable[[bytes], None]) -> None:
    """Feed a member's inflated bytes to `sink`, refusing it the moment it outgrows its
    declared size, or when it ends up smaller."""
    size = 0
    for chunk in _inflated_chunks(data, member.compress_type):
        size += len(chunk)
        if size > member.file_size:
            raise _Refused(_WRONG_SIZE)
        sink(chunk)
    if size != member.file_size:
        raise _Refused(_WRONG_SIZE)


_WRONG_SIZE = (
    "Arbeidsboken er skadet eller laget for å lure: en del av den blir en annen størrelse når "
    "den pakkes ut enn arbeidsboken selv oppgir. Lagre den på nytt fra Excel."
)


def _inflated_chunks(data: memoryview, method: int):
    """The member's bytes, a megabyte at a time, never more at once."""
    if method == zipfile.ZIP_STORED:
        for start in range(0, len(data), _OUTPUT_CHUNK):
            yield bytes(data[start : start + _OUTPUT_CHUNK])
        return
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    try:
        for start in range(0, len(data), _INPUT_CHUNK):
            pending = data[start : start + _INPUT_CHUNK]
            while True:
                chunk = inflater.decompress(pending, _OUTPUT_CHUNK)
                if chunk:
                    yield chunk
                pending = inflater.unconsumed_tail
                if inflater.eof or (not pending and len(chunk) < _OUTPUT_CHUNK):
                    break
            if inflater.eof:
                break
    except zlib.error as error:
        raise _Refused(INVALID) from error
    if not inflater.eof:
        raise _Refused(INVALID)


class _Batches:
    """A member's bytes as they inflate, handed on as text in batches cut between tags."""

    def __init__(self, look: Callable[[list[str]], None]) -> None:
        self._look = look
        self._pieces: list[bytes] = []
        self._size = 0

    def feed(self, chunk: bytes) -> None:
        if not self._pieces and not self._size and chunk.startswith(_UTF16_BOMS):
            # XML that calamine may decode and this look cannot read.
            raise _Refused(
                "Arbeidsboken har en del i en tegnkoding Excel ikke bruker. Lagre den på nytt "
                "fra Excel."
            )
        self._pieces.append(chunk)
        self._size += len(chunk)
        if self._size >= _BATCH_BYTES:
            self._flush(last=False)

    def close(self) -> None:
        self._flush(last=True)

    def _flush(self, *, last: bool) -> None:
        data = b"".join(self._pieces)
        cut = len(data) if last else max(data.rfind(b"<"), 0)
        if len(data) - cut > _MAX_TEXT_BETWEEN_TAGS:
            raise _Refused(
                "Arbeidsboken har en celle med mer tekst enn Excel tillater. Lagre den på nytt "
                "fra Excel."
            )
        self._pieces = [data[cut:]]
        self._size = len(data) - cut
        self._look(_windows(data, cut))


def _windows(data: bytes, end: int) -> list[str]:
    """`data[:end]` as text in pieces of about 4 MB cut before a tag, which polars looks at
    in parallel (a cut before `<` never splits a tag or a UTF-8 character)."""
    windows, start = [], 0
    while end - start > _WINDOW_BYTES:
        cut = data.rfind(b"<", start + 1, start + _WINDOW_BYTES)
        cut = cut if cut > start else start + _WINDOW_BYTES
        windows.append(data[start:cut].decode("utf-8", "replace"))
        start = cut
    windows.append(data[start:end].decode("utf-8", "replace"))
    return windows


class _FirstLook:
    """The cheap look, one pattern over the text: does a member hold anything a small sheet
    does not, and how many shared strings (each one a string the parser keeps)."""

    def __init__(self, limits: ReadLimits) -> None:
        self._unusual = _unusual_pattern(
            min(limits.max_rows, limits.max_cells // _ONE_LETTER_COLUMNS)
        )
        self.unusual = False
        self.shared_strings = 0

    def add(self, windows: list[str]) -> None:
        # Counted, not extracted: a list of nine million matches is itself half a gigabyte.
        texts = pl.Series(windows)
        self.shared_strings += int(texts.str.count_matches(_SHARED_STRING).sum())
        self.unusual = self.unusual or bool(texts.str.contains(self._unusual).any())


@functools.cache
def _unusual_pattern(most_rows: int) -> str:
    """Cells without an address, and addresses with two or more column letters or a row
    beyond `most_rows`."""
    return "|".join(
        [
            _UNADDRESSED_CELL,
            _ADDRESS + r"[A-Za-z]{2}",
            _ADDRESS + r"[A-Za-z]?0*(?:" + greater_than(most_rows) + ")",
        ]
    )


def greater_than(number: int) -> str:
    """A regex matching the start of every decimal number (no leading zeros) above `number`."""
    digits = str(number)
    choices = [f"[1-9][0-9]{{{len(digits)},}}"]
    for position, digit in enumerate(digits):
        if digit != "9":
            rest = len(digits) - position - 1
            choices.append(f"{digits[:position]}[{int(digit) + 1}-9][0-9]{{{rest}}}")
    return "|".join(choices)


@dataclass
class _Shape:
    """What a member's XML would make the parser lay out, read address by address."""

    rows: int = 0  # the highest row an address names
    columns: int = 0  # the highest column an address names
    cells: int = 0
    unaddressed_cells: int = 0
    row_elements: int = 0

    def add(self, windows: list[str]) -> None:
        texts = pl.Series(windows)
        values = (
            texts.str.extract_all(_ADDRESS_VALUE)
            .explode()
            .drop_nulls()
            .str.replace(_ADDRESS, "")
            .str.to_uppercase()
        )
        letters = values.str.extract(r"^([A-Z]*)").unique().to_list()
        numbers = values.str.extract(r"([0-9]*)$").str.strip_chars_start("0")
        self.columns = max([self.columns, *(_column_number(text) for text in letters if text)])
        if len(numbers) and numbers.str.len_bytes().max() > 9:
            self.rows = 10**10
        elif len(numbers):
            self.rows = max(self.rows, numbers.cast(pl.Int64, strict=False).fill_null(0).max())
        self.cells += int(texts.str.count_matches(_CELL).sum())
        self.unaddressed_cells += int(texts.str.count_matches(_UNADDRESSED_CELL).sum())
        self.row_elements += int(texts.str.count_matches(_ROW).sum())

    def check(self, limits: ReadLimits) -> None:
        """Refuse a sheet whose grid would hold more than the limits allow."""
        # Without an address a cell goes to its place in the row, a row after the one before.
        columns = max(self.columns, self.cells if self.unaddressed_cells else 0)
        rows = self.rows + (self.row_elements if self.unaddressed_cells else 0)
        if self.unaddressed_cells and columns > limits.max_columns:
            raise _Refused(
                "Et ark har celler uten celleadresse, som Excel alltid skriver. Åpne filen i "
                "Excel og lagre den på nytt."
            )
        if columns > limits.max_columns:
            raise _Refused(
                f"Et ark har {format_count(columns)} kolonner; høyst {limits.max_columns} leses. "
                "Fjern kolonnene som ikke hører til formatet."
            )
        if rows > limits.max_rows:
            raise _Refused(
                f"Et ark har mer enn {format_count(limits.max_rows)} rader. Del det opp i "
                "mindre filer."
            )
        if rows * columns > limits.max_cells:
            raise _Refused(
                f"Et ark strekker seg over {format_count(rows)} rader og {columns} kolonner, mer "
                f"enn {format_count(limits.max_cells)} celler. Slett tomme rader og kolonner "
                "under og til høyre for tabellen, eller del den opp."
            )


def _column_number(letters: str) -> int:
    """'A' -> 1, 'Z' -> 26, 'AA' -> 27; more than three letters is beyond any sheet."""
    if len(letters) > 3:
        return 10**6
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - ord("A") + 1
    return number
