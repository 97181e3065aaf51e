"""What a layer may say about the data before the rules run, and what it adopts.

:class:`Prepared` is what the ``edu_rules_prepare_*`` hooks return: the adjusted
data and a note the result shows (scope decisions are part of the verdict's story).
:class:`Adoption` records that a layer makes a higher layer's rules binding in its
jurisdiction, with the citation that does so.
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from edu_rules.model.county import County
from edu_rules.model.layers import Title


@attrs.frozen
class Prepared:
    """A layer's adjustment of the input, with the note that explains it."""

    note: Title
    county: County | None = None
    counties: Sequence[County] | None = None


@attrs.frozen
class Adoption:
    """A layer adopts higher-layer rules: ``rules`` are ids or prefixes ending in ``*``."""

    rules: tuple[str, ...]
    citation: str
    note: Title | None = None

    def covers(self, rule_id: str) -> bool:
        """Whether this adoption names ``rule_id`` (exactly or by a ``prefix*`` pattern)."""
        return any(
            rule_id.startswith(pattern[:-1]) if pattern.endswith("*") else rule_id == pattern
            for pattern in self.rules
        )
