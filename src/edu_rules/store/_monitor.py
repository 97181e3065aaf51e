"""The monitoring report built from the record: the accepted version of every unit and year.

The documents are read from their bytes as they were submitted and go through
:func:`edu_rules.monitoring.monitor.monitor`, exactly as ``edu-rules monitor`` takes
a folder; a unit-year without an accepted version is simply not in the panel.
"""

from __future__ import annotations

from collections.abc import Sequence

from edu_rules.store._judge import read_document

FORMATS = ("html", "md", "json", "xlsx")


def monitor_report(
    documents: Sequence[tuple[str, bytes]], fmt: str = "html", lang: str = "zh"
) -> str | bytes:
    """The report (``fmt`` of :data:`FORMATS`) on ``documents``, each ``(name, bytes)``.

    :raises CountyDataError: no document, or one the readers refuse.
    """
    from edu_rules.monitoring.monitor import monitor
    from edu_rules.monitoring.report import render

    counties = [read_document(raw, name) for name, raw in documents]
    return render(monitor(counties), fmt, lang)
