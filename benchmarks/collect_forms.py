"""How long collecting a county's school forms takes: ``edu-rules collect`` on 145 forms.

Makes one synthetic county of ``--schools`` schools (``generate_national.py``, seeded),
writes its per-school forms and its county form with the project's own template
(``edu-rules template --school DIR --from`` and ``--county --from``), then times
collecting them (:func:`edu_rules.io.excel.forms.collect`, as ``edu-rules collect``
runs it) and checks the collected document is the one the forms were made from.
Nothing here asserts a speed: it measures and prints.  Typical use::

    python benchmarks/collect_forms.py               # 145 schools
    python benchmarks/collect_forms.py --schools 300
"""

from __future__ import annotations

import argparse
import random
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import generate_national

import edu_rules
from edu_rules.io.excel import forms
from edu_rules.io.serialization import to_json


def main() -> None:
    """Write the forms, time collecting them, and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--schools", type=int, default=145)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    rng = random.Random(generate_national.DEFAULT_SEED)
    # make_county adds a special-education school to the schools asked for
    document = generate_national.make_county(
        rng, "450223", "鹿寨县", stages=0, schools=args.schools - 1
    )
    county = edu_rules.load_county(document)
    with tempfile.TemporaryDirectory() as temporary:
        folder, county_form = Path(temporary) / "forms", Path(temporary) / "county.xlsx"
        started = time.perf_counter()
        written = forms.write_school_forms(folder, county)
        forms.write_county_form(county_form, county)
        wrote = time.perf_counter() - started
        times = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            collected = forms.collect([folder], county_form)
            times.append(time.perf_counter() - started)
        same = to_json(edu_rules.load_county(collected.document)) == to_json(county)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"schools: {len(county.schools)}, forms written: {len(written)} in {wrote:.1f} s")
    print(
        f"collect {len(written)} forms + the county form: median {statistics.median(times):.2f} s "
        f"(runs: {', '.join(f'{t:.2f}' for t in times)}), "
        f"{1000 * statistics.median(times) / len(written):.0f} ms a form"
    )
    print(f"the same document as the forms were made from: {same}; peak memory {peak:.0f} MB")


if __name__ == "__main__":
    main()
