"""The coordination tests: a package, so that its conftest does not take the name of tests/conftest.py
(imported by other tests as ``conftest``)."""
