"""Profile: where a warm rerun of a page spends its time (cProfile of the script run).

The app runs through its entry script in Streamlit's AppTest on the demo warehouse (the one
bench_pages builds), as `--role`. Each page is opened and rerun once to warm it; the next
`--reruns` reruns are profiled together: the script thread's work (app.py's frame and the
page), not Streamlit's delivery of the messages to a browser. Prints the own time per package or
project folder, and the top functions by cumulative and by own time. cProfile inflates code
that makes many small calls; the shares are what matter. Not in it: the full garbage
collection the served app forces after every run (`runner.postScriptGC`), which AppTest's
runner leaves out; `load.py --set runner.postScriptGC=false` shows what it costs. Asserts
nothing.
Run from the project root: `python bench/profile_pages.py [--pages oversikt ...] [--top 25]`.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import re
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from streamlit.runtime.scriptrunner import script_runner  # noqa: E402

from bench.bench_pages import as_a_browser_on_this_machine, demo_warehouse, opened  # noqa: E402
from core.roles import ROLES  # noqa: E402

DEFAULT_PAGES = ("oversikt", "indikatorer", "kvartalsrapport")
PROJECT_FOLDERS = ("app_pages", "ui", "indicators", "geo", "warehouse", "demo")
# "<method 'collect' of 'builtins.PyLazyFrame' objects>", "<built-in method posix.getcwd>"
BUILT_IN = re.compile(r"<(?:built-in )?method '?([\w.]+)'?(?: of '([\w.]+)' objects)?>")


def where(filename: str, function: str) -> str:
    """The bucket a function's own time goes to: a project folder (app.py alone), a package
    from site-packages, the standard library, or a built-in by its name."""
    if filename == "~":  # a built-in: its name says whose it is
        named = BUILT_IN.fullmatch(function)
        return ".".join(filter(None, named.group(2, 1))) if named else function
    path = Path(filename)
    if "site-packages" in path.parts:
        return path.parts[path.parts.index("site-packages") + 1]
    if path.is_relative_to(ROOT):
        relative = path.relative_to(ROOT)
        return relative.parts[0] if relative.parts[0] in PROJECT_FOLDERS else str(relative)
    return "python"


def own_time_by_place(stats: pstats.Stats) -> Counter[str]:
    """Seconds of own time (not in callees) per bucket of `where`."""
    places: Counter[str] = Counter()
    for (filename, _, function), (_, _, own, _, _) in stats.stats.items():
        places[where(filename, function)] += own
    return places


def profiling(profiler: cProfile.Profile, run: Callable) -> Callable:
    """`run` (Streamlit's call of the script) with `profiler` on around it, in its thread."""

    def profiled(*args, **kwargs):
        profiler.enable()
        try:
            return run(*args, **kwargs)
        finally:
            profiler.disable()

    return profiled


def profile_reruns(page: str, role: str, reruns: int) -> pstats.Stats:
    """The profile of `reruns` warm reruns of `page` (id, as in app_pages/) as `role`, together."""
    app = opened(page, role)
    app.run()  # warm: every reader of the page has run once
    profiler = cProfile.Profile()
    wrapped = profiling(profiler, script_runner.exec_func_with_error_handling)
    with mock.patch.object(script_runner, "exec_func_with_error_handling", wrapped):
        for _ in range(reruns):
            app.run()
    if app.exception:
        raise RuntimeError(f"{page}: {app.exception[0].message}")
    return pstats.Stats(profiler)


def printed(stats: pstats.Stats, order: str, top: int) -> str:
    """pstats' table of the `top` functions by `order`, without its preamble."""
    out = io.StringIO()
    stats.stream = out
    stats.sort_stats(order).print_stats(top)
    text = out.getvalue()
    return text[text.index("   ncalls") :]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", nargs="+", default=list(DEFAULT_PAGES), help="page ids")
    parser.add_argument("--role", choices=ROLES, default="leser")
    parser.add_argument("--top", type=int, default=25, help="functions listed (25)")
    parser.add_argument("--reruns", type=int, default=3, help="profiled together (3)")
    arguments = parser.parse_args()
    as_a_browser_on_this_machine()
    os.environ["BOLIGMONITOR_DB"] = str(demo_warehouse(rebuild=False))
    for page in arguments.pages:
        stats = profile_reruns(page, arguments.role, arguments.reruns)
        per_rerun = stats.total_tt / arguments.reruns
        print(f"\n=== {page} as {arguments.role}: {per_rerun:.3f} s per rerun, script thread")
        print("  own time per rerun in the script, by package or folder:")
        for place, seconds in own_time_by_place(stats).most_common(15):
            share = seconds / stats.total_tt
            print(f"  {seconds / arguments.reruns:7.3f} s  {share:5.1%}  {place}")
        print(f"\n--- top {arguments.top} by cumulative time")
        print(printed(stats, "cumulative", arguments.top))
        print(f"--- top {arguments.top} by own time")
        print(printed(stats, "tottime", arguments.top))


if __name__ == "__main__":
    main()
