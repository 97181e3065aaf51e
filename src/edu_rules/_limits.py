"""Every bound edu-rules puts on its input, in one place, each with the reason for its value.

A county document comes from people and from other programs, and either can send
something absurd: a 200 MB file, a FIFO that never ends, a name of ten million
characters, a number with a hundred million digits, a workbook that inflates to
4 GB.  Each is refused *before* the expensive work, with a message naming the file
and the field (or sheet and cell).  The values below are far above anything a real
county-level unit needs (the largest has a few hundred schools) and far below what
would take a machine down; ``README.md`` ("Limits and guarantees") lists them for
users, and ``tests/test_limits.py`` checks that the schema and the readers agree
with them.
"""

from __future__ import annotations

from typing import Final

__all__ = [
    "LARGEST_EXPONENT",
    "MAX_DEPTH",
    "MAX_DOCUMENT_BYTES",
    "MAX_ID_CHARS",
    "MAX_LIST_ITEMS",
    "MAX_MERGED_CELLS",
    "MAX_NUMBER_DIGITS",
    "MAX_SCHOOLS",
    "MAX_SHEET_COLUMNS",
    "MAX_SHEET_ROWS",
    "MAX_TEXT_CHARS",
    "MAX_VALUES",
    "MAX_WORKBOOK_BYTES",
    "MAX_WORKBOOK_MEMBERS",
    "MAX_WORKBOOK_UNPACKED_BYTES",
    "MIB",
]

MIB: Final = 1 << 20
"""One mebibyte, the unit the byte bounds are written in."""

# --------------------------------------------------------------------------- documents

MAX_DOCUMENT_BYTES: Final = 64 * MIB
"""Largest county document (JSON) read, in bytes.  :data:`MAX_SCHOOLS` schools with
every figure given take about 8 MB indented, about 20 MB with every name at
:data:`MAX_TEXT_CHARS` Chinese characters; a real county's document is under 1 MB.
A larger file is refused from its size alone, before a byte of it is read (a 200 MB
file once took six minutes and 6 GB)."""

MAX_BATCH_FILE_BYTES: Final = 1024 * MIB
"""A JSON array file of many county documents (a province's 111 units, or a whole
country's 2,850 at about 55 MB): read whole, so bounded, at a size no real batch nears."""

MAX_SCHOOLS: Final = 10_000
"""Most schools in one document (``schools.maxItems`` in the schema).  No county-level
unit has nearly that many (the largest have a few hundred); 10⁵ schools once meant
three million findings, minutes and tens of gigabytes."""

MAX_TEXT_CHARS: Final = 200
"""Longest name (of a unit, a school, a functional zone, a monitored subject), in
characters (``maxLength`` in the schema).  The longest official school names are
about 40 characters; a 10-million-character name once made 1.8 GB of report."""

MAX_ID_CHARS: Final = 64
"""Longest school id, in characters: ids are codes (``450202-S001``, a 12-character
national school code), and every finding repeats its school's id."""

MAX_LIST_ITEMS: Final = 100
"""Most entries in a per-school or per-county list (music and art rooms, monitoring
results).  The standard asks for one music and one art room per 12 classes, so even a
school of 1,000 classes needs 84; the national monitoring has a dozen subjects."""

MAX_VALUES: Final = 1_000_000
"""Most values (numbers, texts, lists, objects) walked in data passed to
``load_county``.  A county of a few hundred schools holds about 20,000;
:data:`MAX_SCHOOLS` schools with every figure given, about 500,000.  Python data can
share one list many times over, so that 32 levels of pairs would mean 2³² values to
check: the walk stops at this bound (about four seconds)."""

MAX_DEPTH: Final = 32
"""Deepest nesting of JSON objects and lists, counted from the document.  A county
document is six levels deep; a caller's 10⁵-deep list (or a dict that contains
itself) must not exhaust the interpreter's stack or loop forever — jsonschema and
the message writer both recurse."""

LARGEST_EXPONENT: Final = 100
"""A number whose decimal exponent is beyond ±this is refused: no real figure is that
big (10¹⁰¹ yuan) or that fine, and exact arithmetic on ``1E+99999999`` (a hundred
million digits once converted) would take the machine down.  JSON text, Python data
and workbook cells are held to the same bound, checked before any conversion."""

MAX_NUMBER_DIGITS: Final = 50
"""Most significant digits of a decimal number (``12.345`` has five).  Figures are
counts, areas and money with at most a few decimals — 20 digits is already more than
any survey gives; exact fractions of 10⁵-digit decimals make every comparison and
coefficient of variation slow."""

# --------------------------------------------------------------------------- workbooks

MAX_WORKBOOK_BYTES: Final = 64 * MIB
"""Largest ``.xlsx`` file read, in bytes (compressed, as on disk).  A workbook is a zip
of XML, a few times smaller than the JSON of the same county."""

MAX_WORKBOOK_UNPACKED_BYTES: Final = 256 * MIB
"""Most bytes all parts of a workbook may unpack to, summed from the zip directory
before anything is inflated.  The XML of a county's workbook is a few times its JSON
(every cell spelled out), well within this; a 3.9 MB zip bomb unpacks to 4 GB."""

MAX_WORKBOOK_MEMBERS: Final = 1_000
"""Most parts (files) in a workbook's zip.  The template has 17."""

MAX_SHEET_ROWS: Final = 2 * MAX_SCHOOLS + 1_000
"""Last row a sheet may hold a value in: one row per school stage (two for a
through-school) plus the headers, with room to spare.  Cells are read as they are in
the file, never by walking the dimension a sheet claims (``A1:XFD1048576``)."""

MAX_SHEET_COLUMNS: Final = 256
"""Last column a sheet may hold a value in (``IV``): the schools sheet has 25
columns, the county sheet 9."""

MAX_MERGED_CELLS: Final = 500_000
"""Most cells a sheet's merged ranges may cover: merging each school field over the two
rows of :data:`MAX_SCHOOLS` through-schools covers 240,000."""

MAX_OBSERVATIONS: Final = 4 * MAX_SCHOOLS + 1_000
"""How many observations one plugin evaluator may yield for one rule and one county: one per
school stage (three at most) and some for the county, with room to spare.  An evaluator that
yields more (one that never stops) is stopped there, a fault, before it fills the memory."""
