"""Run every benchmark in turn and print its figures (nothing is asserted: machines are noisy).

python bench/run_all.py
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
BENCHMARKS = (
    "bench_ingest.py",
    "bench_indicators.py",
    "bench_geo.py",
    "bench_pages.py",
    "bench_suppression.py",
    "bench_pathways.py",
    "load.py",
)


def main() -> int:
    failed = []
    for name in BENCHMARKS:
        print(f"\n=== {name} ===", flush=True)
        result = subprocess.run([sys.executable, str(HERE / name)], cwd=ROOT, check=False)
        if result.returncode != 0:
            failed.append(name)
    if failed:
        print(f"\nFailed: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
