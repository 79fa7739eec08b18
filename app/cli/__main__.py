"""`python -m app.cli`: the `ijw` command without its script."""

import sys

from app.cli import main

sys.exit(main())
