"""What the worker processes do for the record: judge a submission, build the monitoring report.

Both are CPU work and run in the service's pool, never on the event loop; the
database is written by the event loop's threads afterwards, with what they return.
"""

from __future__ import annotations

from collections.abc import Sequence

from edu_rules.web._work import Answer, _answered, _registry


@_answered
def judge(raw: bytes, name: str) -> object:
    """A submission read and judged by the installed layers (a :class:`Judgment`)."""
    from edu_rules.store._judge import judge as judge_document

    return judge_document(raw, name, _registry())


@_answered
def monitor_report(documents: Sequence[tuple[str, bytes]], fmt: str, lang: str) -> str | bytes:
    """The monitoring report on the accepted documents, in ``fmt``."""
    from edu_rules.store._monitor import monitor_report as report

    return report(documents, fmt, lang)


__all__ = ["Answer", "judge", "monitor_report"]
