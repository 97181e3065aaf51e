"""The three evaluators the Liuzhou rules need that the core does not provide."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from edu_rules import (
    Context,
    Evaluator,
    Observation,
    Outcome,
    Rule,
    ScheduleState,
    schedule_state,
    year_passed,
)


def _years(count: int) -> str:
    return f"{count} year" if count == 1 else f"{count} years"


def schedule(rule: Rule, context: Context) -> Iterator[Observation]:
    """Where the unit stands against the year the plan schedules it for (advisory).

    ``values.planned_year`` maps division codes to planned years.  Assessed in or
    after that year without passing → shortfall, ``gap`` = years behind (0 in the
    planned year itself); before it → met, with the years that remain; passed (the
    binding rules' verdict is ``pass``, or a national recognition year is on
    record) → met.  ``details`` carries ``planned_year`` and ``state`` (a
    :class:`edu_rules.ScheduleState` value) for the progress view.
    """
    county = context.county
    subject = context.county_subject()
    planned = rule.value["planned_year"].get(county.code)
    year = county.assessment_year
    if planned is None:
        yield Observation(
            subject,
            Outcome.NOT_EVALUABLE,
            note=f"{county.code} 不在规划的分步安排中 / {county.code} is not in the plan's "
            "schedule",
        )
        return
    if context.provisional_status is None:
        yield Observation(
            subject,
            Outcome.NOT_EVALUABLE,
            required=planned,
            note="尚无结论可比较 / no verdict to compare",
        )
        return
    recognised = county.procedure.national_recognition_year
    passed_in = year_passed(recognised, context.provisional_status, year)
    state = schedule_state(planned, year, passed_in)
    details = {"planned_year": planned, "state": state.value}
    if state is ScheduleState.BEHIND:
        behind = year - planned
        note = (
            f"规划{planned}年：今年到期，尚未通过 / planned for {planned}: due this year and "
            "not passed"
            if behind == 0
            else f"落后规划{behind}年（规划{planned}年） / behind plan by {_years(behind)} "
            f"(planned for {planned})"
        )
        yield Observation(
            subject,
            Outcome.SHORTFALL,
            measured=year,
            required=planned,
            gap=behind,
            note=note,
            details=details,
        )
        return
    if state is ScheduleState.ON:
        note = (
            f"距规划年份还有{planned - year}年（规划{planned}年） / "
            f"{_years(planned - year)} remain (planned for {planned})"
        )
    else:
        how = ("认定", "recognised") if passed_in == recognised else ("通过", "passes")
        note = (
            f"{passed_in}年{how[0]}（规划{planned}年） / {how[1]} in {passed_in} "
            f"(planned for {planned})"
        )
    yield Observation(
        subject, Outcome.MET, measured=year, required=planned, gap=0, note=note, details=details
    )


def present(rule: Rule, context: Context) -> Iterator[Observation]:
    """The list at ``params.field`` holds at least one entry (taking part in monitoring).

    Unknown (``null``) is not evaluable; an empty list is a shortfall.
    """
    field = rule.params["field"]
    value = context.value_at(field)
    subject = context.county_subject()
    if value is None:
        yield Observation(subject, Outcome.NOT_EVALUABLE, missing=(field,))
        return
    count = len(value)
    yield Observation(
        subject,
        Outcome.MET if count else Outcome.SHORTFALL,
        measured=count,
        required=1,
        gap=0 if count else 1,
    )


def whole_unit(rule: Rule, context: Context) -> Iterator[Observation]:
    """Not evaluable for a functional zone's document alone; met for a whole unit.

    A document named for 柳东新区 or 阳和工业新区 (and not for 鱼峰区) describes part of
    鱼峰区: its figures cannot stand for the unit, so the verdict stays open.
    """
    del rule
    from edu_rules_liuzhou import zones  # the layer's data, read once

    found = zones().zone_document(context.county)
    subject = context.county_subject()
    if found is None:
        yield Observation(subject, Outcome.MET, measured=1, required=1)
        return
    host, zone = found
    yield Observation(
        subject,
        Outcome.NOT_EVALUABLE,
        required=1,
        missing=(f"the rest of {host.name}'s schools",),
        note=(
            f"{zone.name}'s document alone is part of {host.name} ({host.code}), assessed as "
            f"one unit with it: evaluate it in a batch with {host.name}'s document, which "
            f"folds its schools in ({zone.name}的文件只是{host.name}的一部分，须与{host.name}"
            "的文件一并评估)"
        ),
    )


EVALUATORS: Mapping[str, Evaluator] = {
    "liuzhou.schedule": Evaluator(schedule),
    "liuzhou.present": Evaluator(present),
    "liuzhou.whole_unit": Evaluator(whole_unit),
}
"""The evaluators this plugin provides, by the names its rules use.

They read nothing the planner could add or the reports draw, so they declare no remedy,
boundaries or chart."""
