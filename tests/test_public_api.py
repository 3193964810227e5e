from __future__ import annotations

import pytest

import zgql
import zgql.testing


def _isort_style(name: str) -> tuple[int, str]:
    """Constants, then classes, then functions, each sorted (ruff's RUF022 order)."""
    return (0 if name.isupper() else 1 if name[0].isupper() else 2, name)


def test_all_is_sorted_and_is_the_whole_public_face() -> None:
    assert zgql.__all__ == sorted(zgql.__all__, key=_isort_style)
    public = {name for name in dir(zgql) if not name.startswith(("_", "@"))} - {"testing"}
    assert set(zgql.__all__) - {"__version__"} == public


def test_the_client_is_imported_on_first_use_only() -> None:
    import subprocess  # noqa: PLC0415
    import sys  # noqa: PLC0415

    code = (
        "import sys, zgql; before = 'httpx' in sys.modules; zgql.Client; "
        "print(before, 'httpx' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "True"]


def test_the_lazy_names_are_the_clients_public_face() -> None:
    import zgql._client  # noqa: PLC0415

    client_names = {name for name, module in zgql._LAZY.items() if module == "zgql._client"}
    assert set(zgql._client.__all__) - {"BaseClient"} == client_names
    for name, module in zgql._LAZY.items():
        assert name in __import__(module, fromlist=["__all__"]).__all__, name


def test_every_name_in_all_exists() -> None:
    for module in (zgql, zgql.testing):
        for name in module.__all__:
            assert hasattr(module, name), name


def test_rule_names_are_those_of_the_cost_model() -> None:
    assert zgql.RULE_NAMES[:12] == (
        "records-depth",
        "metadata-depth",
        "complexity",
        "credits",
        "fields-per-resource",
        "lookups-per-resource",
        "textareas-per-resource",
        "records-limit",
        "filter-criteria",
        "unsupported-field",
        "unfilterable-field",
        "child-not-at-root",
    )
    assert {"operation-type", "syntax", "schema"} <= set(zgql.RULE_NAMES)


def test_the_clients_take_typed_keywords() -> None:
    import inspect  # noqa: PLC0415

    for face in (zgql.Client, zgql.AsyncClient):
        parameters = inspect.signature(face).parameters
        assert {"access_token", "budget_per_call", "coordinator", "daily_credits"} <= set(
            parameters
        )
        assert all(p.kind is inspect.Parameter.KEYWORD_ONLY for p in parameters.values())
    with pytest.raises(TypeError, match="acces_token"):
        zgql.Client(acces_token="x")  # type: ignore[call-arg]


def test_import_zgql_and_its_pytest_plugin_stay_light() -> None:
    """The plugin loads in every pytest session where zgql is installed: it must not pay for
    graphql-core, the HTTP stack or the emulator. Analysing a valid document does not either:
    the fast path decides it (issue 12)."""
    import subprocess  # noqa: PLC0415
    import sys  # noqa: PLC0415

    heavy = ("graphql", "httpx", "gql", "uvicorn", "redis")
    code = (
        "import sys, zgql, zgql._pytest_plugin; "
        f"print(sorted(m for m in {heavy!r} if m in sys.modules)); "
        "zgql.analyze('{ Records { Leads { _data { id { value } } } } }'); "
        "print('graphql' in sys.modules)"
    )
    # The compiled schema is cached first: building it (once per schema) is graphql-core's work.
    subprocess.run([sys.executable, "-c", "import zgql; zgql.load_schema()"], check=True)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split("\n")[:2] == ["[]", "False"]
