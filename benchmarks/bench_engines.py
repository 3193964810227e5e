"""The fast path against graphql-core (and node's graphql-js), and the two engines compared.

    python benchmarks/bench_engines.py [--queries 240] [--repeats 15] [--documents 100000]
                                       [--jobs 2] [--no-node]

1. Speed, per query, on bench_analysis.py's corpus (240 generated queries of 5–200 fields,
   fixed seeds), every variant interleaved in each round, each query's time its median over
   the rounds; printed: the median and p99 across the corpus, and each one's ratio to the
   baseline, graphql-core ``parse`` + ``validate``, measured in the same run. When ``node``
   and ``npm`` are on the machine, graphql, graphql-query-complexity and graphql-depth-limit
   are installed into a scratch folder and node's pipeline (parse + validate with the
   specified rules, depthLimit and a complexity rule) runs over the same schema and corpus.
2. Size: a document of 10 MB, with the default bounds (refused by max-document-bytes) and with
   the bounds raised so that it is analysed; then documents from 64 KB to 8 MB, and a
   least-squares fit of time against size (log-log slope 1.0 is linear).
3. Agreement: ``--documents`` generated documents (zgql.testing's valid queries and their
   mutations, seeds 0..N-1), each analysed by both engines: the number of reports that differ
   (in anything but ``Report.engine``; must be 0), and of documents the fast path passed while
   graphql-core found an error (must be 0).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import math
import multiprocessing
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from _stats import percentile
from bench_analysis import corpus
from graphql import parse, validate

import zgql
from zgql.testing._mutations import differential_document

ROOT = Path(__file__).resolve().parents[1]
NODE_PACKAGES = ("graphql@16", "graphql-query-complexity@1", "graphql-depth-limit@1")
NODE_SCRIPT = r"""
const fs = require("fs");
const { buildSchema, parse, validate, specifiedRules } = require("graphql");
const depthLimit = require("graphql-depth-limit");
const { createComplexityRule, simpleEstimator } = require("graphql-query-complexity");
const schema = buildSchema(fs.readFileSync(process.argv[2], "utf8"));
const queries = JSON.parse(fs.readFileSync(process.argv[3], "utf8"));
const repeats = Number(process.argv[4]);
const rules = [
  ...specifiedRules,
  depthLimit(10),
  createComplexityRule({ maximumComplexity: 100000, estimators: [simpleEstimator()] }),
];
const run = (q) => validate(schema, parse(q), rules);
for (let i = 0; i < 3; i++) queries.forEach(run);  // warm the JIT
const times = queries.map(() => []);
for (let r = 0; r < repeats; r++) {
  queries.forEach((q, i) => {
    const start = process.hrtime.bigint();
    const errors = run(q);
    times[i].push(Number(process.hrtime.bigint() - start) / 1e6);
    if (errors.length) throw new Error(errors[0].message);
  });
}
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};
console.log(JSON.stringify(times.map(median)));
"""


def row(label: str, values: list[float], baseline: list[float] | None = None) -> None:
    ratio = ""
    if baseline is not None:
        median_ratio = statistics.median(baseline) / statistics.median(values)
        p99_ratio = percentile(baseline, 0.99) / percentile(values, 0.99)
        ratio = f"   {median_ratio:6.1f}x faster (p99 {p99_ratio:.1f}x)"
    print(
        f"  {label:48} median {statistics.median(values):7.3f} ms"
        f"   p99 {percentile(values, 0.99):7.3f} ms{ratio}"
    )


def timed(function: Callable[[], object]) -> float:
    start = time.perf_counter()
    function()
    return (time.perf_counter() - start) * 1e3


def bench_speed(schema: zgql.Schema, queries: list[str], repeats: int, node: bool) -> None:
    gql_schema = schema.graphql_schema
    variants: dict[str, Callable[[str], object]] = {
        "graphql-core parse + validate (baseline)": lambda q: validate(gql_schema, parse(q)),
        'zgql.analyze(engine="graphql-core")': lambda q: zgql.analyze(
            q, schema, engine="graphql-core"
        ),
        "zgql.analyze (fast path, the default)": lambda q: zgql.analyze(q, schema),
    }
    fast = sum(zgql.analyze(q, schema).engine == "fast" for q in queries)
    times: dict[str, list[list[float]]] = {label: [[] for _ in queries] for label in variants}
    for _ in range(repeats):
        for index, query in enumerate(queries):
            for label, function in variants.items():
                times[label][index].append(timed(lambda f=function, q=query: f(q)))  # type: ignore[misc]
    medians = {label: [statistics.median(t) for t in per] for label, per in times.items()}
    print(
        f"speed: {len(queries)} queries, {repeats} interleaved rounds, per-query medians; "
        f"{fast} of {len(queries)} decided by the fast path"
    )
    print("  (target: zgql.analyze at least 15x faster than graphql-core parse + validate)")
    baseline = medians["graphql-core parse + validate (baseline)"]
    for label, values in medians.items():
        row(label, values, None if values is baseline else baseline)
    node_times = bench_node(queries, repeats) if node else None
    if node_times:
        row("node: graphql-js + depth-limit + query-complexity", node_times, baseline)
        fast_times = medians["zgql.analyze (fast path, the default)"]
        ratio = statistics.median(node_times) / statistics.median(fast_times)
        print(f"  zgql.analyze / node pipeline: {ratio:.2f}x node's speed (median)")


def bench_node(queries: list[str], repeats: int) -> list[float] | None:
    if not (shutil.which("node") and shutil.which("npm")):
        print("  node: not on this machine, skipped")
        return None
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        install = subprocess.run(
            ["npm", "install", "--silent", "--no-audit", "--no-fund", *NODE_PACKAGES],  # noqa: S607
            cwd=folder,
            capture_output=True,
            text=True,
            check=False,
        )
        if install.returncode != 0:
            print(f"  node: npm install failed, skipped ({install.stderr.strip()[:200]})")
            return None
        (folder / "bench.js").write_text(NODE_SCRIPT)
        (folder / "queries.json").write_text(json.dumps(queries))
        sdl = ROOT / "schema" / "zoho-crm-enterprise.graphql"
        out = subprocess.run(
            ["node", "bench.js", str(sdl), "queries.json", str(repeats)],  # noqa: S607
            cwd=folder,
            capture_output=True,
            text=True,
            check=True,
        )
        return [float(x) for x in json.loads(out.stdout)]


def big_document(size: int) -> str:
    """A valid query of about ``size`` bytes: many aliased roots over Leads."""
    field = "id { value } Last_Name { value } Email { value } "
    parts = ["{ Records { "]
    length = index = 0
    while length < size:
        parts.append(f"l{index}: Leads {{ _data {{ {field}}} }} ")
        length += len(parts[-1])
        index += 1
    parts.append("} }")
    return "".join(parts)


def bench_size(schema: zgql.Schema) -> None:
    print("\nsize (target: a 10 MB document analysed in ≤ 5 s, or refused at once)")
    document = big_document(10 * 2**20)
    size = len(document.encode())
    default = zgql.Limits()
    raised = dataclasses.replace(default, max_document_bytes=2**30, max_document_tokens=2**30)
    for label, limits in (("default bounds", default), ("bounds raised", raised)):
        start = time.perf_counter()
        report = zgql.analyze(document, schema, limits=limits)
        took = time.perf_counter() - start
        said = report.diagnostics[0].rule if report.diagnostics else "ok"
        print(f"  {size / 2**20:.1f} MB, {label}: {took:.3f} s ({report.engine}; first: {said})")
    sizes: list[float] = []
    seconds: list[float] = []
    for kib in (64, 128, 256, 512, 1024, 2048, 4096, 8192):
        text = big_document(kib * 1024)
        runs = [timed(lambda t=text: zgql.analyze(t, schema, limits=raised)) for _ in range(3)]  # type: ignore[misc]
        sizes.append(len(text))
        seconds.append(min(runs) / 1e3)
    slope = _slope([math.log(s) for s in sizes], [math.log(t) for t in seconds])
    per_mb = _slope(sizes, seconds) * 2**20
    for length, took in zip(sizes, seconds, strict=True):
        print(f"  {length / 1024:8.0f} KB  {took * 1e3:9.1f} ms")
    print(f"  fit: time ∝ size^{slope:.3f} (1.0 is linear); {per_mb:.3f} s per MB")


def _slope(xs: list[float], ys: list[float]) -> float:
    mean_x, mean_y = statistics.fmean(xs), statistics.fmean(ys)
    covariance = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True))
    return covariance / sum((x - mean_x) ** 2 for x in xs)


def _compare(seeds: range) -> tuple[int, int, int, int, list[int]]:
    """(documents, reports that differ, fast ok where graphql-core errs, fast-path decided,
    the first differing seeds)."""
    import random  # noqa: PLC0415 - in the worker

    schema = zgql.load_schema()
    differ = unsound = decided = 0
    seen: list[int] = []
    for seed in seeds:
        text = differential_document(schema, random.Random(seed))
        fast = zgql.analyze(text, schema)
        core = zgql.analyze(text, schema, engine="graphql-core")
        decided += fast.engine == "fast"
        unsound += fast.ok and not core.ok
        if dataclasses.replace(fast, engine="graphql-core") != core:
            differ += 1
            seen.append(seed)
    return len(seeds), differ, unsound, decided, seen[:10]


def bench_agreement(documents: int, jobs: int) -> None:
    chunk = 500
    chunks = [range(at, min(at + chunk, documents)) for at in range(0, documents, chunk)]
    start = time.perf_counter()
    with multiprocessing.get_context("spawn").Pool(jobs) as pool:
        results = pool.map(_compare, chunks)
    took = time.perf_counter() - start
    total = sum(r[0] for r in results)
    differ = sum(r[1] for r in results)
    unsound = sum(r[2] for r in results)
    decided = sum(r[3] for r in results)
    seeds = [seed for r in results for seed in r[4]][:10]
    print(f"\nagreement: {total} documents (seeds 0..{total - 1}), {took:.0f} s, {jobs} workers")
    print(f"  decided by the fast path: {decided}; handed to graphql-core: {total - decided}")
    print(f"  reports that differ: {differ}{f' (seeds {seeds})' if seeds else ''}")
    print(f"  fast path ok where graphql-core finds an error: {unsound}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--queries", type=int, default=240)
    parser.add_argument("--repeats", type=int, default=15)
    parser.add_argument("--documents", type=int, default=100_000)
    parser.add_argument("--jobs", type=int, default=multiprocessing.cpu_count())
    parser.add_argument("--no-node", action="store_true", help="skip node's pipeline")
    parser.add_argument("--skip-speed", action="store_true")
    parser.add_argument("--skip-size", action="store_true")
    args = parser.parse_args()
    schema = zgql.load_schema()
    if not args.skip_speed:
        bench_speed(schema, corpus(schema, args.queries), args.repeats, node=not args.no_node)
    if not args.skip_size:
        bench_size(schema)
    if args.documents:
        bench_agreement(args.documents, args.jobs)


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    main()
