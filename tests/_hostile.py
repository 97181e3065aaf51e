"""Hostile files, built cheaply: a zip bomb, a workbook with a far-away cell, a sparse giant.

Shared by the hostile-input corpus (``tests/test_hostile_input.py``) and the limit
tests (``tests/test_limits.py``); each builder takes a fraction of a second.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from pathlib import Path

_MIB = 1 << 20


def sparse_file(path: Path, size: int) -> Path:
    """A file of ``size`` bytes that takes no disk space (a hole): cheap to make, costly to read."""
    with path.open("wb") as out:
        out.truncate(size)
    return path


def _deflated_spaces(head: bytes, spaces_mib: int, tail: bytes) -> tuple[bytes, int, int]:
    """Raw deflate of ``head + b" " * spaces_mib MiB + tail``: (data, CRC-32, size).

    After a full flush the compressor starts afresh, so every MiB of spaces compresses
    to the same bytes: one is compressed and repeated, and the whole is a valid stream.
    """
    chunk = b" " * _MIB
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = compressor.compress(head) + compressor.flush(zlib.Z_FULL_FLUSH)
    block = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    last = compressor.compress(tail) + compressor.flush()
    crc = zlib.crc32(head)
    view = memoryview(chunk)
    for _ in range(spaces_mib):
        crc = zlib.crc32(view, crc)
    crc = zlib.crc32(tail, crc)
    return first + block * spaces_mib + last, crc, len(head) + spaces_mib * _MIB + len(tail)


def zip_bomb(path: Path, workbook: Path, member: str, spaces_mib: int) -> Path:
    """``workbook`` with ``member`` (a sheet's XML) padded by ``spaces_mib`` MiB of spaces.

    The result is a genuine, consistent zip: a reader that trusts it inflates every byte.
    Written by hand because :mod:`zipfile` cannot store data compressed elsewhere.
    """
    with zipfile.ZipFile(workbook) as source:
        members = [(info.filename, source.read(info.filename)) for info in source.infolist()]
    out = io.BytesIO()
    central: list[bytes] = []
    for name, data in members:
        encoded = name.encode()
        if name == member:
            head, _, tail = data.partition(b">")  # the spaces go after the XML declaration
            body, crc, size = _deflated_spaces(head + b">", spaces_mib, tail)
        else:
            compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
            body, crc, size = (
                compressor.compress(data) + compressor.flush(),
                zlib.crc32(data),
                len(data),
            )
        offset = out.tell()
        out.write(
            struct.pack(
                "<4s5H3L2H", b"PK\x03\x04", 20, 0, 8, 0, 0, crc, len(body), size, len(encoded), 0
            )
        )
        out.write(encoded)
        out.write(body)
        central.append(
            struct.pack(
                "<4s6H3L5H2L",
                b"PK\x01\x02",
                20,
                20,
                0,
                8,
                0,
                0,
                crc,
                len(body),
                size,
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
    directory = b"".join(central)
    out.write(directory)
    out.write(
        struct.pack(
            "<4s4H2LH", b"PK\x05\x06", 0, 0, len(central), len(central), len(directory), start, 0
        )
    )
    path.write_bytes(out.getvalue())
    return path
