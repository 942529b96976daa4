"""Ray's overhead: `scour.ray.run` on a local Ray cluster against `scour run`
with as many threads, on the same generated corpus (tests/python/corpus.py,
made once under --work). Wall time of each (median of --repeat runs), the
ratio, and whether the tables hold the same rows. Run with the venv's
Python, after `make python` (release wheel) and `make build`."""

import argparse
import json
import pathlib
import shutil
import statistics
import subprocess
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "python"))

from corpus import write_corpus  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--mb", type=float, default=20)
    ap.add_argument("--files", type=int, default=8)
    ap.add_argument("--cpus", type=int, default=2)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--work", default=str(ROOT / "target" / "ray-bench"))
    args = ap.parse_args()
    work = pathlib.Path(args.work)
    corpus = work / f"corpus-{args.mb:g}mb-{args.files}"
    if not corpus.exists():
        write_corpus(corpus, mb=args.mb, files=args.files, seed=1)
    binary = ROOT / "target" / "release" / "scour"

    import pyarrow.parquet as pq
    import ray
    import scour
    import scour.ray

    native = []
    for _ in range(args.repeat):
        shutil.rmtree(work / "native", ignore_errors=True)
        t = time.perf_counter()
        subprocess.run(
            [str(binary), "run", "--quiet", "--threads", str(args.cpus), "-i", str(corpus), "-o", str(work / "native")],
            check=True,
        )
        native.append(time.perf_counter() - t)
    t = time.perf_counter()
    ray.init(num_cpus=args.cpus, include_dashboard=False, log_to_driver=False, logging_level="warning")
    ray.data.DataContext.get_current().enable_progress_bars = False
    startup = time.perf_counter() - t
    on_ray = []
    for _ in range(args.repeat):
        shutil.rmtree(work / "ray", ignore_errors=True)
        t = time.perf_counter()
        scour.ray.run(corpus, work / "ray")
        on_ray.append(time.perf_counter() - t)
    ray.shutdown()
    same = all(
        sorted(json.dumps(r, sort_keys=True) for r in pq.read_table(work / "native" / f"{n}.parquet").to_pylist())
        == sorted(
            json.dumps(r, sort_keys=True)
            for r in pq.read_table(work / "ray" / n).select(pq.read_table(work / "native" / f"{n}.parquet").column_names).to_pylist()
        )
        for n in scour.ray.TABLES
    )
    result = {
        "mb": args.mb,
        "files": args.files,
        "cpus": args.cpus,
        "native_s": statistics.median(native),
        "ray_s": statistics.median(on_ray),
        "ray_startup_s": startup,
        "ratio": statistics.median(on_ray) / statistics.median(native),
        "same_rows": same,
        "scour": scour.__version__,
        "ray": ray.__version__,
    }
    (work / "results.json").write_text(json.dumps(result, indent=2) + "\n")
    print(
        f"{args.mb:g} MB in {args.files} files, {args.cpus} CPUs: scour run {result['native_s']:.2f} s, "
        f"scour.ray.run {result['ray_s']:.2f} s (ray.init {startup:.1f} s apart), "
        f"ratio {result['ratio']:.1f}x; same rows: {same}"
    )


if __name__ == "__main__":
    main()
