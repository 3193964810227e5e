"""How much zgql's analysis costs over graphql-core's own parse + validate, and how fast the
bundled schema loads in a fresh process.

    python benchmarks/bench_analysis.py [--queries 240] [--repeats 15] [--loads 20] [--gc-off]

Part 1 — a corpus of generated queries (zgql.testing.random_query, fixed seeds) of 5–200
fields. For each query, interleaved in every round: graphql-core ``parse`` + ``validate``
(the baseline), and ``zgql.analyze`` with ``engine="graphql-core"`` (parse + validate + the
cost walk + the rules): what the analysis adds to graphql-core's own work. The fast path, the
default, is measured by bench_engines.py. Each
query's time is its median over the rounds; the script prints the median and p99 of those
across the corpus, and the ratio analyze / baseline (median, p99, and total over total).

Part 2 — fresh ``python`` processes that import zgql and call ``load_schema()``: from the
compiled cache (the normal case), and with the cache off (introspection JSON + compile). The
baseline, in the same run: graphql-core building the same schema from its SDL.
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from _stats import percentile
from graphql import parse, validate

import zgql
from zgql.testing import QueryTree, random_query

ROOT = Path(__file__).resolve().parents[1]


def field_count(tree: QueryTree) -> int:
    """Selected fields of the query, wrappers' `value` included (what a reader counts)."""
    pending, total = list(tree.selections), 0
    while pending:
        selection = pending.pop()
        total += selection.name is not None
        pending.extend(selection.children)
    return total


def corpus(schema: zgql.Schema, size: int) -> list[str]:
    queries: list[str] = []
    seed = 0
    while len(queries) < size:
        rng = random.Random(seed)
        seed += 1
        tree = random_query(
            schema.graphql_schema,
            rng,
            fields=rng.randint(2, 70),
            roots=rng.randint(1, 4),
            meta=rng.random() < 0.2,
        )
        if 5 <= field_count(tree) <= 200:
            queries.append(tree.render(fragments=rng.random() < 0.2))
    return queries


def timed(function: Callable[[], object]) -> float:
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def bench_analysis(schema: zgql.Schema, queries: list[str], repeats: int, *, gc_off: bool) -> None:
    gql_schema = schema.graphql_schema
    baseline: list[list[float]] = [[] for _ in queries]
    full: list[list[float]] = [[] for _ in queries]
    for query in queries:  # warm both paths once
        validate(gql_schema, parse(query))
        zgql.analyze(query, schema, engine="graphql-core")
    if gc_off:  # GC pauses land on whichever call crosses a threshold; this shows them apart
        gc.collect()
        gc.disable()
    for _ in range(repeats):
        for index, query in enumerate(queries):
            baseline[index].append(timed(lambda q=query: validate(gql_schema, parse(q))))  # type: ignore[misc]
            full[index].append(
                timed(lambda q=query: zgql.analyze(q, schema, engine="graphql-core"))  # type: ignore[misc]
            )
    gc.enable()
    base = [statistics.median(times) * 1e3 for times in baseline]
    ours = [statistics.median(times) * 1e3 for times in full]
    ratios = [o / b for o, b in zip(ours, base, strict=True)]
    extra = [o - b for o, b in zip(ours, base, strict=True)]
    collector = "off" if gc_off else "on"
    print(
        f"corpus: {len(queries)} queries, {repeats} interleaved rounds, garbage collector "
        f"{collector}; per-query medians (ms)"
    )
    row("", "median", "p99")
    row("graphql-core parse + validate", *summary(base, ".3f"))
    row("zgql.analyze (full analysis)", *summary(ours, ".3f"))
    row("ratio analyze / baseline", *summary(ratios, ".3f"))
    row("extra time per query", *summary(extra, ".3f"))
    print(f"  ratio of totals {sum(ours) / sum(base):.3f}, largest extra time {max(extra):.3f} ms")
    print("  (target: the cost walk adds at most 10% over parse + validate)")


def summary(values: list[float], spec: str) -> tuple[str, str]:
    return format(statistics.median(values), spec), format(percentile(values, 0.99), spec)


def row(label: str, median: str, p99: str, note: str = "") -> None:
    print(f"  {label:42} {median:>8} {p99:>8} {note}".rstrip())


LOAD = """
import time
start = time.perf_counter()
import zgql
imported = time.perf_counter()
schema = zgql.load_schema()
loaded = time.perf_counter()
schema.graphql_schema  # built on first use (validation): from the cache, only then
ready = time.perf_counter()
print(imported - start, loaded - imported, ready - imported)
"""

SDL_BASELINE = """
import time, graphql, pathlib
sdl = pathlib.Path({path!r}).read_text()
start = time.perf_counter()
schema = graphql.build_schema(sdl)
for t in schema.type_map.values():  # resolve the field thunks, as load_schema() does
    getattr(t, "fields", None)
print(time.perf_counter() - start)
"""


def fresh(code: str, env: dict[str, str]) -> list[float]:
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True, cwd=ROOT
    )
    return [float(x) for x in out.stdout.split()]


def bench_load(loads: int) -> None:
    with tempfile.TemporaryDirectory() as cache:
        warm_env = {**os.environ, "ZGQL_CACHE_DIR": cache}
        cold_env = {**warm_env, "ZGQL_NO_CACHE": "1"}
        fresh(LOAD, warm_env)  # fills the cache
        rows = {
            "load_schema() from the compiled cache": [fresh(LOAD, warm_env) for _ in range(loads)],
            "load_schema() with the cache off": [fresh(LOAD, cold_env) for _ in range(loads)],
        }
    sdl = ROOT / "schema" / "zoho-crm-enterprise.graphql"
    baseline = [
        fresh(SDL_BASELINE.format(path=str(sdl)), dict(os.environ))[0] * 1e3 for _ in range(loads)
    ]
    print(f"\nbundled schema, {loads} fresh processes each (ms)")
    row("", "median", "p99")
    base_median = statistics.median(baseline)
    for label, samples in rows.items():
        for suffix, at in (("", 1), (" + graphql-core's schema", 2)):
            load = [sample[at] * 1e3 for sample in samples]
            ratio = f"(ratio to baseline {statistics.median(load) / base_median:.3f})"
            row(label + suffix, *summary(load, ".1f"), ratio)
    imports = [sample[0] * 1e3 for sample in rows["load_schema() from the compiled cache"]]
    row("import zgql (graphql-core included)", *summary(imports, ".1f"))
    row("baseline: graphql-core build_schema(SDL)", *summary(baseline, ".1f"))
    print("  (target: load_schema() at most 50 ms in a fresh process)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--queries", type=int, default=240)
    parser.add_argument("--repeats", type=int, default=15)
    parser.add_argument("--loads", type=int, default=20)
    parser.add_argument(
        "--gc-off", action="store_true", help="also time the corpus with the garbage collector off"
    )
    args = parser.parse_args()
    schema = zgql.load_schema()
    queries = corpus(schema, args.queries)
    bench_analysis(schema, queries, args.repeats, gc_off=False)
    if args.gc_off:
        print()
        bench_analysis(schema, queries, args.repeats, gc_off=True)
    bench_load(args.loads)


if __name__ == "__main__":
    main()
