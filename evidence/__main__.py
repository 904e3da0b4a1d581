"""`python -m evidence ...`: the command line over the evidence package."""

import sys

from evidence.cli import main

sys.exit(main())
