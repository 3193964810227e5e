"""``python -m zgql``: the same as the ``zgql`` command."""

import sys

from zgql._cli import main

if __name__ == "__main__":
    sys.exit(main())
