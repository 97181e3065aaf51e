"""The city and province view: many county documents, evaluated together, against plans.

A city or province feeds a *batch*: a folder of county documents, a JSON array, or
several files (:func:`load_batch`).  :func:`evaluate_batch` lets every layer adjust
the batch as a whole first (``edu_rules_prepare_batch``: Liuzhou folds the documents
of 柳东新区 and 阳和工业新区 into 鱼峰区), evaluates each unit, and then measures
progress:

- per unit: its status, the year its layer's plan schedules it for, and where it
  stands against that plan (:class:`ScheduleState`);
- per :class:`Target` a layer sets (``edu_rules_targets``: "50% of Liuzhou's 10
  units by the end of 2025"): the units counted as recognised, the exact share
  reached, whether it is met and whether it is due.

A unit counts as recognised for a target when its document records a national
recognition year no later than the target year, or when it gets a ``pass`` verdict
in an assessment year no later than the target year.  A unit of the target that is
not in the batch counts as not recognised, and the progress says so.

**The columnar summary.**  :func:`summary_rows` gives the summary rows of many parsed
documents by judging each rule for all of them at once, in columns (numpy, the ``fast``
extra); the units it cannot judge so (a layer that prepares counties, a plugin's
evaluator, a rule with provisions) it leaves to the per-unit path, and says which
(:mod:`edu_rules.batch.columnar`).

**Planned years.**  A layer's schedule rule (family ``schedule``) exposes the
planned year of the unit on its finding as ``details["planned_year"]``; the batch
reads it from there, so a plan is data in the layer that adopted it.
"""

from edu_rules.batch.columnar import Summaries, summary_rows
from edu_rules.batch.load import Pending, load_batch, read_batch, scan_batch
from edu_rules.batch.prepare import held_back
from edu_rules.batch.progress import (
    Basis,
    BatchResult,
    CountedUnit,
    TargetProgress,
    UnitProgress,
    planned_year,
    progress_data,
    unit_progress,
)
from edu_rules.batch.run import DEFAULT_UNIT_SECONDS, evaluate_batch, evaluate_each, stream_each

__all__ = [
    "DEFAULT_UNIT_SECONDS",
    "Basis",
    "BatchResult",
    "CountedUnit",
    "Pending",
    "Summaries",
    "TargetProgress",
    "UnitProgress",
    "evaluate_batch",
    "evaluate_each",
    "held_back",
    "load_batch",
    "planned_year",
    "progress_data",
    "read_batch",
    "scan_batch",
    "stream_each",
    "summary_rows",
    "unit_progress",
]
