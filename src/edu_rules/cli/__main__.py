"""``python -m edu_rules.cli``: the same as the ``edu-rules`` command."""

import sys

from edu_rules.cli.entry import main

sys.exit(main())
