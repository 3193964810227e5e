"""The linter behind ``zgql check``: find queries, analyse them, gather findings."""
