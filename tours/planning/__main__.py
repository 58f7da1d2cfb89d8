"""`python -m tours.planning solve|check ...`: see tours.planning.cli."""

import sys

from tours.planning.cli import main

if __name__ == "__main__":
    sys.exit(main())
