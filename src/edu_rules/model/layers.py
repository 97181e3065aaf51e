"""Policy layers and how a county's code picks the ones that govern it.

A layer is one level of government's rules: national (教督〔2017〕6号), a province's
implementation rules, a city's plan.  Each governs a *jurisdiction*, a prefix of the
6-digit administrative division code: ``""`` for the whole country, ``"45"`` for
Guangxi, ``"4502"`` for Liuzhou.  The layers that govern a county are those whose
prefix starts its code, stacked from the top down by :class:`Level` rank and prefix
length — never by the order plugins happened to be installed or registered.
"""

from __future__ import annotations

import enum

import attrs

from edu_rules._frozen import pickled_by_fields


class Level(enum.Enum):
    """A level of government, with its rank (0 = top) and the length of its code prefix."""

    NATIONAL = "national"
    PROVINCIAL = "provincial"
    MUNICIPAL = "municipal"
    COUNTY = "county"

    @property
    def rank(self) -> int:
        """0 for national, 3 for county: a lower rank is a higher authority."""
        return _RANKS[self]

    @property
    def prefix_length(self) -> int:
        """How many digits of the division code a jurisdiction at this level has."""
        return _PREFIX_LENGTHS[self]


_RANKS = {Level.NATIONAL: 0, Level.PROVINCIAL: 1, Level.MUNICIPAL: 2, Level.COUNTY: 3}
_PREFIX_LENGTHS = {Level.NATIONAL: 0, Level.PROVINCIAL: 2, Level.MUNICIPAL: 4, Level.COUNTY: 6}


@pickled_by_fields
@attrs.frozen
class Title:
    """A name in both languages the reports speak."""

    zh: str
    en: str


@attrs.frozen
class Layer:
    """What a plugin declares about the layer it adds (see ``edu_rules_layer``).

    ``name`` prefixes the ids of the layer's own rules (``national.L4``).
    ``distribution`` and ``version`` are filled in by the engine from the installed
    package that provided the plugin; a plugin leaves them ``None``.
    """

    name: str
    level: Level
    jurisdiction: str
    title: Title
    citation: str
    issued: str | None = None
    distribution: str | None = None
    version: str | None = None
    documents: tuple[str, ...] = ()  # other documents its rules may cite (a procedure)

    def governs(self, code: str) -> bool:
        """Whether a county with division ``code`` falls under this layer."""
        return code.startswith(self.jurisdiction)

    @property
    def sort_key(self) -> tuple[int, int, str]:
        """Top-down order: level rank, then prefix length, then the prefix itself."""
        return (self.level.rank, len(self.jurisdiction), self.jurisdiction)
