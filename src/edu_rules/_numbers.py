"""Exact numbers for rules that must be right at the boundary.

Every quantity the engine compares is an :data:`Exact` — an ``int`` or a
:class:`fractions.Fraction` built from the *decimal text* of the input, never from
the binary float nearest to it.  That is what makes 9 PE teachers for 1000 pupils
exactly ``9/10`` per 100 pupils, and therefore exactly at the 0.9 threshold.
Floats appear only when a value is written out for people or JSON.
"""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction
from typing import TypeAlias

from edu_rules._limits import LARGEST_EXPONENT  # the bound lives with the others

Exact: TypeAlias = int | Fraction
"""An exact rational: ``int`` where the value is whole, else ``Fraction``."""


def exact(value: object) -> Exact:
    """Turn a JSON-ish number into an exact rational.

    ``float`` goes through its shortest ``repr`` (``0.9`` → ``9/10``), which is the
    decimal text the number was written with whenever that text has at most 15
    significant digits.  ``Decimal`` (what the loader parses JSON numbers into)
    converts exactly.  ``bool`` is refused: ``true`` is not ``1`` here.
    """
    if isinstance(value, bool):
        raise TypeError("a boolean is not a number")
    if isinstance(value, int):
        return value
    if isinstance(value, Fraction):
        return value.numerator if value.denominator == 1 else value
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError("must be a finite number (NaN and Infinity are not allowed)")
        if value.is_integer() and abs(value) < _EXACT_WHOLE_FLOATS:
            return int(value)  # below 2**53 the float is the whole number its text says
        fraction = _shortest_decimal(value)
        return fraction.numerator if fraction.denominator == 1 else fraction
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError("must be a finite number (NaN and Infinity are not allowed)")
        fraction = Fraction(value)
        return fraction.numerator if fraction.denominator == 1 else fraction
    if isinstance(value, str):
        fraction = Fraction(value)
        return fraction.numerator if fraction.denominator == 1 else fraction
    raise TypeError(f"not a number: {value!r}")


_REMEMBERED: dict[float, Exact] = {}
_REMEMBERED_MOST = 1 << 16
"""How many floats :func:`exact_float` remembers (about 10 MB) before it starts afresh."""


def exact_float(value: float) -> Exact:
    """:func:`exact` of a ``float``, remembered: a batch repeats most of its figures.

    Equal floats have one exact value (``0.0`` and ``-0.0`` are both ``0``), and an
    exact value is immutable, so one can serve every county that gives the figure.
    """
    found = _REMEMBERED.get(value)
    if found is None:
        found = exact(value)  # raises for NaN and infinities, which are never kept
        if len(_REMEMBERED) >= _REMEMBERED_MOST:
            _REMEMBERED.clear()
        _REMEMBERED[value] = found
    return found


_EXACT_WHOLE_FLOATS = 2**53
"""Below this a whole float and its shortest text are the same integer; above it they
can differ (``2.071308126175183e16`` is 20713081261751832 in binary, …830 as text)."""


def _shortest_decimal(value: float) -> Fraction:
    """``Fraction(repr(value))``, without parsing the text through Fraction's regex.

    ``repr`` of a finite float is ``[-]digits[.digits][e±digits]``, whose exact value is
    the digits as one integer times a power of ten (a national batch converts about a
    million of these).
    """
    mantissa, _, exponent = repr(value).partition("e")
    whole, _, fraction = mantissa.partition(".")
    power = (int(exponent) if exponent else 0) - len(fraction)
    digits = int(whole + fraction)
    return Fraction(digits * 10**power) if power >= 0 else Fraction(digits, 10**-power)


_TOO_BIG = 10 ** (LARGEST_EXPONENT + 1)
_SAFE_FLOATS = (1e-99, 1e100)  # strictly inside the bound, whatever the float's last digit


def out_of_range(value: object) -> bool:
    """Whether a finite input number lies beyond :data:`LARGEST_EXPONENT` (zero never does).

    A ``float`` is judged by its shortest decimal text (``repr``), as the same number
    written in a JSON file would be: ``1e300`` is out of range as text and as data.
    """
    if isinstance(value, bool) or not value:
        return False
    if isinstance(value, int):
        return not -_TOO_BIG < value < _TOO_BIG
    if isinstance(value, float):
        if _SAFE_FLOATS[0] < abs(value) < _SAFE_FLOATS[1] or not math.isfinite(value):
            return False
        value = Decimal(repr(value))
    if isinstance(value, Decimal):
        return value.is_finite() and abs(value.adjusted()) > LARGEST_EXPONENT
    return False


def to_json_number(value: Exact) -> int | float:
    """The JSON form of an exact value: ``int`` when whole, else the nearest float.

    A value that came from decimal text (``0.9``) comes back as the same text.
    """
    if isinstance(value, int):
        return value
    if value.denominator == 1:
        return value.numerator
    return float(value)


def optional_json_number(value: Exact | None) -> int | float | None:
    """:func:`to_json_number`, with unknown (``None``) kept unknown."""
    return None if value is None else to_json_number(value)


def ceil_whole(value: Exact) -> int:
    """Round up to a whole real-world unit (a teacher, a classroom)."""
    return math.ceil(value)


def display(value: Exact | None, digits: int = 2) -> str:
    """Round for people: ``Fraction(9, 10)`` → ``'0.9'``; rounding never reaches a comparison."""
    if value is None:
        return "—"
    if isinstance(value, int) or value.denominator == 1:
        return f"{int(value):,}"
    text = f"{float(value):,.{digits}f}".rstrip("0").rstrip(".")
    return text if text not in {"-0", ""} else "0"
