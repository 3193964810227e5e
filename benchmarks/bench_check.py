"""How fast ``zgql check`` is, as pre-commit and CI run it: fresh processes, whole trees.

    python benchmarks/bench_check.py [--files 10000] [--starts 20] [--warm 10]

1. Cold start: ``zgql check one.graphql`` in a fresh process (compiled schema cache warm, lint
   cache off), against the baseline of a fresh ``python -c "import graphql"`` in the same run.
2. A generated tree of ``--files`` files (three in four ``.graphql``, one in four ``.py`` with
   ``gql(...)`` calls; one in ten spreads a fragment defined in another file; one in a hundred
   breaks a limit, the rest pass): a cold run with one worker and with
   two (the lint cache empty each time), then warm runs over the unchanged tree.
Prints median and p99 of each, and the ratios.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _stats import percentile

import zgql
from zgql.testing import random_query

LEAD_CORE = (
    "fragment LeadCore on Leads__data { id { value } Last_Name { value } Email { value } }\n"
)
FRAGMENTS = LEAD_CORE + "fragment DealCore on Deals__data { id { value } Deal_Name { value } }\n"


def row(label: str, samples: list[float], baseline: float | None = None) -> None:
    ratio = f"   ratio to baseline {statistics.median(samples) / baseline:.2f}" if baseline else ""
    print(
        f"  {label:46} median {statistics.median(samples) * 1e3:8.1f} ms   "
        f"p99 {percentile(samples, 0.99) * 1e3:8.1f} ms{ratio}"
    )


def timed_run(command: list[str], cwd: Path, env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(
        command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False
    )
    return time.perf_counter() - start


def make_tree(root: Path, count: int) -> None:
    """A healthy repository: every query passes, but one in a hundred that breaks a limit."""
    schema = zgql.load_schema()
    (root / "fragments.graphql").write_text(FRAGMENTS)
    for index in range(count - 1):
        folder = root / f"team{index % 20}" / f"area{index % 7}"
        folder.mkdir(parents=True, exist_ok=True)
        text = _query(schema, index, broken=index % 100 == 0)
        if index % 4 == 3:
            body = text.replace('"""', "'''")
            (folder / f"q{index}.py").write_text(
                f'from gql import gql\n\n\nQUERY_{index} = gql("""\n{body}""")\n'
            )
        else:
            (folder / f"q{index}.graphql").write_text(text)


def _query(schema: zgql.Schema, index: int, *, broken: bool) -> str:
    for attempt in range(1000):
        rng = random.Random(index * 1000 + attempt)
        tree = random_query(
            schema.graphql_schema,
            rng,
            fields=rng.randint(3, 30),
            roots=rng.randint(1, 2),
            max_level=4 if broken else 3,
        )
        text = tree.render().replace("query {", f"query Q{index} {{", 1)
        if index % 10 == 0:  # a spread of a fragment defined in another file
            text = text.replace(
                "Records {", "Records { shared: Leads { _data { ...LeadCore } } ", 1
            )
        shared = LEAD_CORE if "...LeadCore" in text else ""
        if broken or zgql.analyze(shared + text, schema).ok:
            return text
    raise RuntimeError(f"no passing query for file {index}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--starts", type=int, default=20)
    parser.add_argument("--warm", type=int, default=10)
    args = parser.parse_args()
    zgql_cmd = [sys.executable, "-m", "zgql", "check"]
    with tempfile.TemporaryDirectory() as scratch:
        base = Path(scratch)
        env = {**os.environ, "ZGQL_CACHE_DIR": str(base / "schema-cache")}
        # As installed (pip compiles bytecode): a process that recompiled every module from
        # source each time would measure the compiler, not zgql.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        one = base / "one"
        one.mkdir()
        shutil.copy(Path(__file__).resolve().parents[1] / "examples" / "leads.graphql", one)
        subprocess.run(
            [*zgql_cmd, "--no-cache", "leads.graphql"],
            cwd=one,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )  # compiles the schema cache
        python = [timed_run([sys.executable, "-c", "pass"], one, env) for _ in range(args.starts)]
        baseline = [
            timed_run([sys.executable, "-c", "import graphql"], one, env)
            for _ in range(args.starts)
        ]
        starts = [
            timed_run([*zgql_cmd, "--no-cache", "leads.graphql"], one, env)
            for _ in range(args.starts)
        ]
        print(f"cold start, {args.starts} fresh processes (target: ≤ 7x python -c pass)")
        row('baseline: python -c "pass"', python)
        row('python -c "import graphql"', baseline, statistics.median(python))
        row("zgql check one.graphql", starts, statistics.median(python))

        tree = base / "tree"
        tree.mkdir()
        make_tree(tree, args.files)
        print(f"\ntree of {args.files} files (3/4 .graphql, 1/4 .py)")
        cold: dict[int, float] = {}
        for jobs in (1, 2):
            shutil.rmtree(tree / ".zgql_cache", ignore_errors=True)
            cold[jobs] = timed_run([*zgql_cmd, "--jobs", str(jobs), "."], tree, env)
            print(f"  cold run, --jobs {jobs}: {cold[jobs]:.2f} s")
        print(f"  speed-up with two workers: {cold[1] / cold[2]:.2f}x")
        warm = [timed_run([*zgql_cmd, "."], tree, env) for _ in range(args.warm)]
        print("  (target: a warm run over an unchanged tree ≤ 1 s)")
        row("warm run (unchanged tree)", warm, cold[2])


if __name__ == "__main__":
    main()
