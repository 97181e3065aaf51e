"""What the tighten-only law on outcomes costs per unit.

For each chain of layers here, one realistic county (a bundled example, re-coded where the
chain is a fictional one) is evaluated many times with the law and, for comparison, with the
law switched off (the rules a lower layer changes are then not judged again); the medians and
their difference are printed.  The chains:

- Liuzhou (national + Guangxi + Liuzhou, a bundled 150-school-class county): no lower layer
  changes a higher rule, so the law plans nothing and judges nothing twice;
- Capital City (national + the example province of ``examples/layer-capital``): rounding,
  added components and branches on the seven indicators and the music and art rooms;
- Northland (national + ``examples/layer-northland``): an exclusion on the school rule.

Nothing here asserts a speed.  Run::

    python benchmarks/law.py            # 200 calls each
    python benchmarks/law.py --calls 50
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path
from typing import Any

import edu_rules
from edu_rules import engine
from edu_rules.layering import Judged

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def _recoded(name: str, code: str) -> dict[str, Any]:
    data = json.loads((EXAMPLES / name).read_text(encoding="utf-8"))
    old = data["code"]
    data["code"] = code
    for school in data["schools"]:
        school["id"] = school["id"].replace(old, code)
    return data


def _median_ms(county: edu_rules.County, calls: int) -> float:
    times = []
    for _ in range(calls):
        start = time.perf_counter()
        edu_rules.evaluate(county)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> None:
    """Print the law's cost per unit for each chain."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=200)
    args = parser.parse_args()
    cases = {
        "Liuzhou 鹿寨县 (450223)": json.loads(
            (EXAMPLES / "450223-luzhai.json").read_text(encoding="utf-8")
        ),
        "Capital City (融水's schools as 960102)": _recoded("450225-rongshui.json", "960102"),
        "Northland (三江's schools as 960201)": _recoded("450226-sanjiang.json", "960201"),
    }
    law = engine._hold_to_law  # noqa: SLF001 - switched off for the comparison only
    print(
        f"{'chain':<42} {'schools':>7} {'re-judged':>9} {'with law':>9} {'without':>9} {'law':>8}"
    )
    for title, document in cases.items():
        county = edu_rules.load_county(document)
        registry = edu_rules.default_registry()
        chain = registry.chain(county.code)
        ruleset = registry.ruleset(
            tuple(loaded.layer.name for loaded in chain),
            engine.default_as_of(county.assessment_year),
        )
        again = sum(len(prefix.rules) for prefix in engine.prefixes(registry, chain, ruleset))
        edu_rules.evaluate(county)  # warm the caches
        with_law = _median_ms(county, args.calls)
        engine._hold_to_law = lambda *_, **__: Judged()  # type: ignore[assignment]  # noqa: SLF001
        try:
            without = _median_ms(county, args.calls)
        finally:
            engine._hold_to_law = law  # noqa: SLF001
        print(
            f"{title:<42} {len(county.schools):>7} {again:>9} {with_law:>7.2f}ms "
            f"{without:>7.2f}ms {with_law - without:>+6.2f}ms"
        )


if __name__ == "__main__":
    main()
