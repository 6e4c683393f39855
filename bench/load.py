"""Benchmark: many people at once, over Streamlit's own protocol, in server time.

N sessions speak Streamlit's websocket protocol as the browser's frontend does, with no browser
(so the time is the server's). Each GETs the page, `/_stcore/health` and `/_stcore/host-config`
(which set the XSRF cookie), opens `/_stcore/stream` with the frontend's subprotocols, opens the
app on its front page and picks its role in the sidebar (the opening), then asks for each chosen
page in turn (`BackMsg.rerun_script` with the page's script hash, as a click in the navigation
does), `--rounds` times, and times each rerun from sending it to its `script_finished`. When
half of the reruns are done, a month is loaded in a process of its own (the demo's latest month
again, as the next month) while the sessions go on: through `cli.py ingest`, or, into the demo
(which takes no real upload), through the demo build's own door.

Per N it prints, per page: P50/P95/max seconds, exceptions shown (exception elements, compile
errors, page not found) and reruns left unfinished; and the app's CPU seconds per rerun of each
page, from /proc/<pid>/stat around a solo run of that page before the load (which also warms the
app). Asserts nothing; exits 1 when a rerun raised, a rerun did not finish, or the upload did not
load.

By default it starts the app itself for each N (`streamlit run app.py` on a free port, headless)
on a fresh copy of the demo warehouse (built once into bench/output/ by bench_pages, or `--db`).
With `--url` it measures an app that is already running on this machine; `--db` then names that
app's warehouse, for the upload, and `--pid` its process, for CPU time. Only loopback addresses
are accepted. Everything is bounded: `--deadline` per N, `--message-timeout` per message.

Replicas: `--replicas K` publishes the copy (`cli.py publish`) and starts K app processes on
K ports that read the published folder (BOLIGMONITOR_SOURCE); the upload then runs with
BOLIGMONITOR_PUBLISH, so the writer publishes the new month and the replicas pick it up.
Sessions are spread over the servers (`server_for`), each session staying on its own as a
sticky proxy keeps it; every server is warmed, the CPU per rerun is the first one's. `--url`
may be given more than once for apps already running.

Run from the project root:
    python bench/load.py --sweep 1,5,10,25 --rounds 3
    python bench/load.py --sweep 1,5,10,25 --rounds 3 --replicas 2
    python bench/load.py --sessions 5 --pages overview --no-upload --json bench/output/load.json
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import http.client
import json
import math
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from streamlit.proto.BackMsg_pb2 import BackMsg  # noqa: E402
from streamlit.proto.ClientState_pb2 import ClientState  # noqa: E402
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg  # noqa: E402
from streamlit.proto.WidgetStates_pb2 import WidgetState  # noqa: E402
from websockets.asyncio.client import ClientConnection, connect  # noqa: E402

from bench.bench_pages import demo_warehouse  # noqa: E402
from core.roles import PAGES, ROLES, is_loopback, pages_for  # noqa: E402
from demo.build import DEMO_SEED, FIRST_MONTH, LAST_MONTH, snapshot_files  # noqa: E402
from demo.files import write_files  # noqa: E402
from demo.pathways import simulate_with_pathways  # noqa: E402
from demo.simulation import SANDNES, MonthSnapshot, month_index, month_text  # noqa: E402
from services.setup import is_demo  # noqa: E402
from ui.access import VIEW_AS_KEY  # noqa: E402
from warehouse.queries import read_mart  # noqa: E402

DEFAULT_PAGES = ("overview", "indicators", "quarterly-report")
OPENING = "(opening)"  # the row of the sessions' first runs: front page, then the role
XSRF_COOKIE = "_streamlit_xsrf"
NO_XSRF_TOKEN = "PLACEHOLDER_AUTH_TOKEN"  # what the frontend sends without the cookie
BROWSER_CONTEXT = {"timezone": "Europe/Oslo", "timezone_offset": -60, "locale": "nb-NO"}
START_TIMEOUT_SECONDS = 90
SETTLE_SECONDS = 180  # the first run starts esda's numba compilation on a background thread
IDLE_CPU_SHARE = 0.05  # of a core: the app is settled when it uses less than this
UPLOAD_TIMEOUT_SECONDS = 300
# A month loaded into the demo as the demo build loads its months (services.access lets only the
# demo's door write into the demo): `python -c DEMO_UPLOAD <warehouse> <month> <file>...`.
DEMO_UPLOAD = (
    "import sys; from pathlib import Path; from demo.build import DEMO; "
    "from demo.files import read_files; from services.ingest import ingest; "
    "result = ingest(Path(sys.argv[1]), sys.argv[2], "
    "read_files([Path(name) for name in sys.argv[3:]]), by=DEMO); "
    "print(result.summary); sys.exit(1 if result.status == 'refused' else 0)"
)
SOLO_RERUNS = 5
FINISHED = (ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_WITH_COMPILE_ERROR)


@dataclass(frozen=True)
class Server:
    """One app process: its address and, when known, its process id (for CPU time)."""

    url: str
    pid: int | None = None


@dataclass(frozen=True)
class Plan:
    """What every session does, and the bounds of a run."""

    pages: tuple[str, ...]
    rounds: int
    role: str
    message_timeout: float
    deadline: float


@dataclass(frozen=True)
class Rerun:
    """One timed run of a page: seconds from the rerun sent to its script_finished (None: it
    did not finish), exceptions shown, and when it started (seconds into the load)."""

    page: str
    seconds: float | None
    exceptions: int
    started: float


@dataclass(frozen=True)
class Upload:
    """The month loaded through the command line in the middle of the load."""

    month: str
    loaded: bool
    exit_code: int | None
    started: float | None = None
    seconds: float | None = None
    output: str = ""


@dataclass
class LoadResult:
    """Everything one load (N sessions) measured."""

    sessions: int
    reruns: list[Rerun] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    finished_sessions: int = 0
    upload: Upload | None = None
    wall_seconds: float = 0.0
    server_cpu_seconds: float | None = None
    client_cpu_seconds: float = 0.0


class ProtocolError(RuntimeError):
    """The app answered in a way a browser would not accept."""


# --- pure helpers -----------------------------------------------------------------------------


def percentile(values: Sequence[float], share: float) -> float:
    """Nearest rank: the smallest value with at least `share` of the values at or below it."""
    ordered = sorted(values)
    return ordered[max(1, math.ceil(share * len(ordered))) - 1]


def loopback_url(url: str) -> str:
    """`url` without a trailing slash, if it is http on this machine; else a ValueError."""
    parsed = urllib.parse.urlsplit(url)
    if parsed.scheme != "http" or not parsed.hostname or parsed.port is None:
        raise ValueError(f"{url}: expected http://localhost:PORT")
    if not is_loopback(parsed.hostname):
        raise ValueError(f"{url}: load.py only talks to this machine (localhost, 127.0.0.1, ::1)")
    return url.rstrip("/")


def server_for(session: int, servers: Sequence[Server]) -> Server:
    """The server a session talks to: round-robin, and the same one for its whole life."""
    return servers[session % len(servers)]


def next_month(month: str) -> str:
    """'2026-10' -> '2026-11'."""
    return month_text(month_index(month) + 1)


def exceptions_in(message: ForwardMsg) -> list[str]:
    """The errors a ForwardMsg shows: an exception element (warnings aside) as 'Type: first
    line of its message', or a page that was not found. (A compile error is a status of
    script_finished.)"""
    kind = message.WhichOneof("type")
    if kind == "delta" and message.delta.new_element.WhichOneof("type") == "exception":
        shown = message.delta.new_element.exception
        first_line = shown.message.partition("\n")[0]
        return [] if shown.is_warning else [f"{shown.type}: {first_line}"]
    if kind == "page_not_found":
        return [f"page not found: {message.page_not_found.page_name or '(default)'}"]
    return []


def cookies_from(headers: Sequence[tuple[str, str]]) -> dict[str, str]:
    """The name=value pairs of a response's Set-Cookie headers (attributes dropped)."""
    found = {}
    for name, value in headers:
        if name.lower() == "set-cookie":
            pair = value.split(";", 1)[0]
            key, _, cookie = pair.partition("=")
            found[key.strip()] = cookie.strip()
    return found


def cpu_seconds(pid: int) -> float:
    """User and system CPU seconds of a process, every thread of it (/proc/<pid>/stat)."""
    stat = Path(f"/proc/{pid}/stat").read_text()
    fields = stat.rpartition(")")[2].split()  # after the command name, which may hold spaces
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime, stime


def load_average() -> str:
    """The machine's 1, 5 and 15 minute load averages, as /proc/loadavg has them."""
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def page_row(page: str, runs: Sequence[Rerun], planned: int) -> dict:
    """One row of the table: reruns finished, P50, P95 and max seconds, exceptions shown, and
    reruns unfinished of the `planned` ones."""
    seconds = [run.seconds for run in runs if run.seconds is not None]
    return {
        "page": page,
        "reruns": len(seconds),
        "p50": percentile(seconds, 0.5) if seconds else None,
        "p95": percentile(seconds, 0.95) if seconds else None,
        "max": max(seconds) if seconds else None,
        "exceptions": sum(run.exceptions for run in runs),
        "unfinished": planned - len(seconds),
    }


def page_rows(result: LoadResult, plan: Plan) -> list[dict]:
    """The table's rows: the openings, each page of the plan, and all pages together."""
    per_page = result.sessions * plan.rounds
    planned = {OPENING: result.sessions} | dict.fromkeys(plan.pages, per_page)
    rows = [
        page_row(page, [run for run in result.reruns if run.page == page], count)
        for page, count in planned.items()
    ]
    visits = [run for run in result.reruns if run.page != OPENING]
    return [*rows, page_row("all", visits, per_page * len(plan.pages))]


# --- the protocol -----------------------------------------------------------------------------


class Session:
    """One browser tab as the server sees it: cookies, a websocket, the pages it knows of, the
    messages it has cached, and its widget values."""

    def __init__(self, server: Server, message_timeout: float) -> None:
        self.server = server
        self.message_timeout = message_timeout
        self.cookies: dict[str, str] = {}
        self.page_hashes: dict[str, str] = {}  # URL path -> script hash; the default page's is ''
        self.cached: dict[str, list[str]] = {}  # hash of a cached message -> its exceptions
        self.widgets: list[WidgetState] = []
        self.websocket: ClientConnection | None = None
        self.problems: list[str] = []

    @property
    def host(self) -> str:
        return urllib.parse.urlsplit(self.server.url).netloc

    def get(self, path: str) -> None:
        """A plain GET as the browser makes it, keeping the cookies it sets."""
        parsed = urllib.parse.urlsplit(self.server.url)
        connection = http.client.HTTPConnection(
            parsed.hostname, parsed.port, timeout=self.message_timeout
        )
        try:
            headers = {"Host": self.host}
            if self.cookies:
                headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
            connection.request("GET", f"/{path}", headers=headers)
            answer = connection.getresponse()
            answer.read()
            if answer.status != 200:
                raise ProtocolError(f"GET /{path}: HTTP {answer.status}")
            self.cookies |= cookies_from(answer.getheaders())
        finally:
            connection.close()

    async def connect(self) -> None:
        """Load the front page, ping health and host-config (the XSRF cookie), open the stream."""
        for path in ("", "_stcore/health", "_stcore/host-config"):
            await asyncio.to_thread(self.get, path)
        stream = self.server.url.replace("http://", "ws://", 1) + "/_stcore/stream"
        cookie = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        self.websocket = await connect(
            stream,
            subprotocols=["streamlit", self.cookies.get(XSRF_COOKIE, NO_XSRF_TOKEN)],
            origin=self.server.url,
            additional_headers={"Cookie": cookie} if cookie else None,
            proxy=None,
            max_size=None,
            open_timeout=self.message_timeout,
        )

    def client_state(self, page: str, *, by_url: bool) -> ClientState:
        """The rerun request: by URL path when the tab opens a link, by script hash (as a click
        in the navigation sends it) once the navigation has told us the page's hash."""
        state = ClientState(query_string="")
        if by_url or page not in self.page_hashes:
            state.page_name = page
        else:
            state.page_script_hash = self.page_hashes[page]
        state.widget_states.widgets.extend(self.widgets)
        state.cached_message_hashes.extend(self.cached)
        state.context_info.url = f"{self.server.url}/{page}"
        state.context_info.timezone = BROWSER_CONTEXT["timezone"]
        state.context_info.timezone_offset = BROWSER_CONTEXT["timezone_offset"]
        state.context_info.locale = BROWSER_CONTEXT["locale"]
        state.context_info.color_scheme = "light"
        return state

    async def run(self, state: ClientState) -> tuple[float, int, list[ForwardMsg]]:
        """Send one rerun and read until its script_finished: seconds, exceptions, elements."""
        assert self.websocket is not None
        started = time.perf_counter()
        await self.websocket.send(BackMsg(rerun_script=state).SerializeToString())
        began = False  # messages before the run's new_session belong to an earlier run
        shown: list[str] = []
        elements: list[ForwardMsg] = []
        while True:
            raw = await asyncio.wait_for(self.websocket.recv(), self.message_timeout)
            if isinstance(raw, str):
                raise ProtocolError("the app sent a text frame; Streamlit sends protobufs")
            message = ForwardMsg.FromString(raw)
            kind = message.WhichOneof("type")
            if kind == "new_session":
                began = True
            elif kind == "navigation":  # the pages as the run's st.navigation has them
                self.page_hashes = {
                    page.url_pathname: page.page_script_hash
                    for page in message.navigation.app_pages
                }
            elif kind == "script_finished" and began and message.script_finished in FINISHED:
                if message.script_finished == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
                    shown.append("the script did not compile")
                self.problems += shown
                return time.perf_counter() - started, len(shown), elements
            errors = self.cached.get(message.ref_hash, []) if kind == "ref_hash" else []
            errors = errors or exceptions_in(message)
            if message.metadata.cacheable:
                self.cached[message.hash] = errors
            if began:
                shown += errors
                if kind == "delta":
                    elements.append(message)

    async def open(self, role: str) -> tuple[float, int]:
        """Open the app on its front page as a link does, then look at it as `role` (the local
        mode's sidebar choice): seconds of both runs, exceptions shown."""
        await self.connect()
        seconds, shown, elements = await self.run(self.client_state("", by_url=True))
        if role == "admin":  # local mode's own role: nothing to choose
            return seconds, shown
        self.widgets = [role_choice(elements, role)]
        more, shown_more, _ = await self.run(self.client_state("", by_url=True))
        expected = {"", *(page.url_path for page in pages_for(role))}  # "": the front door at /
        if set(self.page_hashes) != expected:
            raise ProtocolError(
                f"the navigation does not show the pages of the role {role}: "
                f"{sorted(self.page_hashes)}"
            )
        return seconds + more, shown + shown_more

    async def visit(self, page: str) -> tuple[float, int]:
        """Go to a page through the navigation: seconds, exceptions shown."""
        seconds, shown, _ = await self.run(self.client_state(page, by_url=False))
        return seconds, shown

    async def close(self) -> None:
        if self.websocket is not None:
            await self.websocket.close()


def role_choice(elements: Sequence[ForwardMsg], role: str) -> WidgetState:
    """The sidebar's "look at the app as" selectbox set to `role`, as the frontend sends it."""
    for message in elements:
        element = message.delta.new_element
        if element.WhichOneof("type") == "selectbox" and element.selectbox.id.endswith(
            f"-{VIEW_AS_KEY}"
        ):
            label = element.selectbox.options[ROLES.index(role)]
            return WidgetState(id=element.selectbox.id, string_value=label)
    raise ProtocolError("no role choice in the sidebar: is the app in local mode?")


# --- the app ----------------------------------------------------------------------------------


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("localhost", 0))
        return probe.getsockname()[1]


def wait_until_healthy(url: str, process: subprocess.Popen, log: Path) -> None:
    """Poll the health endpoint until it answers; fail with the app's log if it stops."""
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    probe = Session(Server(url), message_timeout=2)
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit stopped at start:\n{log.read_text(errors='replace')}")
        try:
            probe.get("_stcore/health")
            return
        except (OSError, ProtocolError):
            time.sleep(0.25)
    raise RuntimeError(f"streamlit did not answer in {START_TIMEOUT_SECONDS} s:\n{log.read_text()}")


@contextmanager
def started_app(
    source_db: Path, folder: Path, options: Sequence[str] = (), replicas: int = 0
) -> Iterator[tuple[list[Server], Path, dict[str, str]]]:
    """On a fresh copy of `source_db` in `folder`: `streamlit run app.py` on a free port with
    more `streamlit run` options, or with `replicas` ≥ 1 that many on as many ports, reading the
    copy as published to `folder/published`. Gives the servers, the copy's path and the
    environment an upload runs with (BOLIGMONITOR_PUBLISH for replicas)."""
    db = folder / "warehouse.duckdb"
    shutil.copy(source_db, db)
    if not replicas:
        with serving(folder, options, {"BOLIGMONITOR_DB": str(db)}) as server:
            yield [server], db, {}
        return
    published = folder / "published"
    publish = [sys.executable, str(ROOT / "cli.py"), "--db", str(db), "publish"]
    subprocess.run([*publish, "--out", str(published)], cwd=ROOT, check=True, timeout=300)
    environment = {"BOLIGMONITOR_SOURCE": str(published), "BOLIGMONITOR_DB": str(db)}
    with ExitStack() as stack:
        servers = [
            stack.enter_context(serving(folder, options, environment, f"replica-{number}"))
            for number in range(replicas)
        ]
        yield servers, db, {"BOLIGMONITOR_PUBLISH": str(published)}


@contextmanager
def serving(
    folder: Path, options: Sequence[str], environment: dict[str, str], name: str = "streamlit"
) -> Iterator[Server]:
    """One `streamlit run app.py` on a free port with `environment`, its log in `folder`."""
    port = free_port()
    url = f"http://localhost:{port}"
    log = folder / f"{name}.log"
    command = [
        sys.executable,
        *("-m", "streamlit", "run", "app.py"),
        *("--server.port", str(port), "--server.headless", "true"),
        *("--server.fileWatcherType", "none", "--server.runOnSave", "false"),
        *options,
    ]
    with log.open("w") as output:
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=os.environ | environment,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_until_healthy(url, process, log)
        yield Server(url, process.pid)
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


async def settled(pid: int | None) -> float:
    """Wait until the app is idle (background warm-up done); the seconds waited."""
    if pid is None:
        return 0.0
    started = time.monotonic()
    before = cpu_seconds(pid)
    while time.monotonic() - started < SETTLE_SECONDS:
        await asyncio.sleep(1.0)
        now = cpu_seconds(pid)
        if now - before < IDLE_CPU_SHARE:
            break
        before = now
    return time.monotonic() - started


async def warmed(server: Server, plan: Plan) -> list[str]:
    """Open the app and visit every page once, in one session; the exceptions shown."""
    session = Session(server, plan.message_timeout)
    try:
        await session.open(plan.role)
        for page in plan.pages:
            await session.visit(page)
    finally:
        await session.close()
    return session.problems


async def solo(servers: Sequence[Server], plan: Plan) -> tuple[dict[str, dict], list[str]]:
    """Warm every app (front page, every page once) and then, one session alone on the first,
    time SOLO_RERUNS reruns of each page: P50 seconds and the app's CPU seconds per rerun; and
    the exceptions the pages showed."""
    problems = [problem for server in servers for problem in await warmed(server, plan)]
    server = servers[0]
    session = Session(server, plan.message_timeout)
    figures = {}
    try:
        await session.open(plan.role)
        waited = 0.0
        for each in servers:
            waited += await settled(each.pid)
        print(f"  warmed; waited {waited:.0f} s for the apps to settle", flush=True)
        for page in plan.pages:
            await session.visit(page)  # back on the page: the runs below stay on it
            cpu = cpu_seconds(server.pid) if server.pid else None
            seconds = [(await session.visit(page))[0] for _ in range(SOLO_RERUNS)]
            used = cpu_seconds(server.pid) - cpu if cpu is not None else None
            figures[page] = {
                "solo_p50": statistics.median(seconds),
                "cpu_per_rerun": used / SOLO_RERUNS if used is not None else None,
            }
    finally:
        await session.close()
    problems += session.problems
    for problem in sorted(set(problems)):
        print(f"EXCEPTION (solo) {problem}")
    return figures, problems


# --- the upload -------------------------------------------------------------------------------


def demo_latest_snapshot() -> MonthSnapshot:
    """The demo's last month as the demo build simulates and loads it."""
    *_, last = simulate_with_pathways(SANDNES, FIRST_MONTH, LAST_MONTH, DEMO_SEED)
    return last


def latest_month(db: Path) -> str:
    """The newest month the warehouse has loaded, 'YYYY-MM'."""
    months = read_mart(db, "maaneder", ["maaned"])["maaned"]
    return months.max().strftime("%Y-%m")


def upload_files(snapshot: MonthSnapshot, month: str, folder: Path) -> list[Path]:
    """The snapshot written as the files staff would upload for `month`."""
    return write_files(snapshot_files(dataclasses.replace(snapshot, month=month)), folder / month)


async def upload(
    db: Path, month: str, files: Sequence[Path], started: float, environment: dict[str, str]
) -> Upload:
    """The files loaded as `month` by another process (`cli.py ingest`, or DEMO_UPLOAD into the
    demo) with `environment` (BOLIGMONITOR_PUBLISH: it publishes before it exits), bounded in
    time; loaded if the month is there."""
    if await asyncio.to_thread(is_demo, db):
        command = (sys.executable, "-c", DEMO_UPLOAD, str(db), month)
    else:
        command = (
            sys.executable,
            str(ROOT / "cli.py"),
            "--db",
            str(db),
            "ingest",
            "--month",
            month,
        )
    began = time.perf_counter()
    process = await asyncio.create_subprocess_exec(
        *command,
        *map(str, files),
        cwd=ROOT,
        env=os.environ | environment,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    try:
        output, _ = await asyncio.wait_for(process.communicate(), UPLOAD_TIMEOUT_SECONDS)
    except TimeoutError:
        output = f"stopped after {UPLOAD_TIMEOUT_SECONDS} s".encode()
    finally:
        if process.returncode is None:  # timed out, or the load's deadline cancelled us
            process.kill()
            await process.wait()
    seconds = time.perf_counter() - began
    loaded = process.returncode == 0 and await asyncio.to_thread(latest_month, db) == month
    text = output.decode(errors="replace").strip()
    return Upload(month, loaded, process.returncode, began - started, seconds, text)


def upload_outcome(loading: asyncio.Task, month: str) -> Upload:
    """What came of the upload task: its result, or why there is none."""
    if loading.cancelled():
        return Upload(month, False, None, output="not run to its end (the load stopped first)")
    if loading.exception() is not None:
        return Upload(month, False, None, output=repr(loading.exception()))
    return loading.result()


# --- a load -----------------------------------------------------------------------------------


async def load(
    servers: Sequence[Server],
    sessions: int,
    plan: Plan,
    upload_to: tuple[Path, str, list[Path], dict[str, str]] | None,
) -> LoadResult:
    """N sessions at once over the plan's pages and rounds, with the upload (warehouse, month,
    files, environment) started when half the reruns are done. Bounded by the plan's
    deadline."""
    result = LoadResult(sessions)
    started = time.perf_counter()
    planned = sessions * plan.rounds * len(plan.pages)
    halfway = asyncio.Event()
    cpu_before = [cpu_seconds(server.pid) for server in servers if server.pid]
    client_before = time.process_time()

    def record(page: str, began: float, seconds: float | None, shown: int) -> None:
        result.reruns.append(Rerun(page, seconds, shown, began - started))
        measured = sum(run.page != OPENING and run.seconds is not None for run in result.reruns)
        if measured >= max(1, planned // 2):
            halfway.set()

    async def person(number: int) -> None:
        session = Session(server_for(number, servers), plan.message_timeout)
        page, began = OPENING, time.perf_counter()
        try:
            record(OPENING, began, *await session.open(plan.role))
            for _ in range(plan.rounds):
                for page in plan.pages:
                    began = time.perf_counter()
                    record(page, began, *await session.visit(page))
            result.finished_sessions += 1
        except asyncio.CancelledError:
            record(page, began, None, 0)
            raise
        except Exception as error:
            record(page, began, None, 0)
            result.failures.append(f"session {number}: {type(error).__name__}: {error}")
        finally:
            result.problems += session.problems
            with suppress(TimeoutError, OSError):
                await asyncio.wait_for(session.close(), 5)

    async def upload_halfway() -> Upload:
        db, month, files, environment = upload_to
        await halfway.wait()
        return await upload(db, month, files, started, environment)

    people = [asyncio.create_task(person(number)) for number in range(sessions)]
    loading = asyncio.create_task(upload_halfway()) if upload_to else None
    _, late = await asyncio.wait(people, timeout=plan.deadline)
    if loading is not None and halfway.is_set():  # the upload goes on to its end, in time
        left = plan.deadline - (time.perf_counter() - started)
        _, late_upload = await asyncio.wait([loading], timeout=max(left, 0.0))
        late |= late_upload
    elif loading is not None:  # the sessions stopped before half the reruns were done
        loading.cancel()
    for task in late:
        task.cancel()
    await asyncio.gather(*late, *([loading] if loading else []), return_exceptions=True)
    if late:
        result.failures.append(f"deadline of {plan.deadline:g} s: {len(late)} tasks stopped")
    if loading is not None:
        result.upload = upload_outcome(loading, upload_to[1])
    result.wall_seconds = time.perf_counter() - started
    result.client_cpu_seconds = time.process_time() - client_before
    if cpu_before:
        after = [cpu_seconds(server.pid) for server in servers if server.pid]
        result.server_cpu_seconds = sum(after) - sum(cpu_before)
    return result


# --- printing ---------------------------------------------------------------------------------


def _seconds(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def table(rows: list[dict], solo_figures: dict[str, dict]) -> str:
    """The per-page table of one N, with the solo figures where there are some."""
    head = (
        f"{'page':<18}{'reruns':>7}{'P50 s':>8}{'P95 s':>8}{'max s':>8}{'exceptions':>12}"
        f"{'unfinished':>12}{'solo P50 s':>12}{'CPU/rerun s':>13}"
    )
    lines = [head, "-" * len(head)]
    for row in rows:
        alone = solo_figures.get(row["page"], {})
        lines.append(
            f"{row['page']:<18}{row['reruns']:>7}{_seconds(row['p50']):>8}"
            f"{_seconds(row['p95']):>8}{_seconds(row['max']):>8}{row['exceptions']:>12}"
            f"{row['unfinished']:>12}{_seconds(alone.get('solo_p50')):>12}"
            f"{_seconds(alone.get('cpu_per_rerun')):>13}"
        )
    return "\n".join(lines)


def summary(result: LoadResult, rows: list[dict]) -> list[str]:
    """The lines under the table: sessions, the upload, CPU, failures, the first exceptions."""
    lines = [f"sessions finished: {result.finished_sessions} of {result.sessions}"]
    if result.upload is not None:
        shown = result.upload
        lines.append(
            f"upload {shown.month}: {'loaded' if shown.loaded else 'NOT LOADED'}"
            + (
                f", from {shown.started:.1f} s to {shown.started + shown.seconds:.1f} s"
                if shown.started is not None
                else ""
            )
            + f" (exit {shown.exit_code})"
        )
        if shown.started is not None:
            end = shown.started + shown.seconds
            during = [
                run.seconds
                for run in result.reruns
                if run.seconds is not None and shown.started <= run.started < end
            ]
            after = [
                run.seconds
                for run in result.reruns
                if run.seconds is not None and run.started >= end
            ]
            for what, runs in (("during", during), ("after", after)):
                if runs:
                    lines.append(
                        f"  reruns started {what} the upload: {len(runs)}, P50 "
                        f"{percentile(runs, 0.5):.2f} s, max {max(runs):.2f} s"
                    )
        if not shown.loaded:
            lines.append(f"  {shown.output[-500:]}")
    measured = rows[-1]["reruns"] + rows[0]["reruns"]
    if result.server_cpu_seconds is not None and measured:
        lines.append(
            f"server CPU {result.server_cpu_seconds:.1f} s in {result.wall_seconds:.1f} s wall "
            f"({result.server_cpu_seconds / result.wall_seconds:.2f} cores busy), "
            f"{result.server_cpu_seconds / measured:.3f} s per run (openings included)"
        )
    lines.append(f"client CPU {result.client_cpu_seconds:.1f} s (this process)")
    lines += [f"FAILED {failure}" for failure in result.failures[:10]]
    lines += [f"EXCEPTION {problem}" for problem in sorted(set(result.problems))[:10]]
    return lines


def failed(result: LoadResult, rows: list[dict]) -> bool:
    """Whether the load failed: an exception, an unfinished rerun, or an upload not loaded."""
    upload_failed = result.upload is not None and not result.upload.loaded
    broken = any(row["exceptions"] or row["unfinished"] for row in rows)
    return broken or upload_failed or bool(result.failures)


# --- the command ------------------------------------------------------------------------------


async def measure(
    servers: Sequence[Server], sessions: int, plan: Plan, upload_to, heading: str
) -> dict:
    """Warm and solo-measure the app, run the load, print the table; the figures as a dict."""
    print(f"\n=== {heading}", flush=True)
    before = load_average()
    solo_figures, solo_problems = await solo(servers, plan)
    result_problems = sorted(set(solo_problems))
    result = await load(servers, sessions, plan, upload_to)
    after = load_average()
    rows = page_rows(result, plan)
    print(table(rows, solo_figures))
    for line in summary(result, rows):
        print(line)
    print(f"load average at start {before}, at end {after}", flush=True)
    return {
        "sessions": sessions,
        "servers": len(servers),
        "rounds": plan.rounds,
        "role": plan.role,
        "pages": rows,
        "solo": solo_figures,
        "upload": dataclasses.asdict(result.upload) if result.upload else None,
        "finished_sessions": result.finished_sessions,
        "failures": result.failures,
        "exceptions": sorted(set(result.problems)),
        "solo_exceptions": result_problems,
        "wall_seconds": result.wall_seconds,
        "server_cpu_seconds": result.server_cpu_seconds,
        "client_cpu_seconds": result.client_cpu_seconds,
        "load_average": {"start": before, "end": after},
        "failed": failed(result, rows) or bool(result_problems),
    }


def plan_upload(
    db: Path, snapshot: MonthSnapshot | None, folder: Path, environment: dict[str, str]
):
    """(warehouse, month, files, environment) of the upload: the snapshot as the month after
    the latest."""
    if snapshot is None:
        return None
    month = next_month(latest_month(db))
    return db, month, upload_files(snapshot, month, folder), environment


def sizes(arguments: argparse.Namespace) -> list[int]:
    """The numbers of sessions to run: the sweep, else --sessions."""
    return arguments.sweep or [arguments.sessions]


def at_least_one(text: str) -> int:
    """A count of sessions or rounds: a whole number, at least 1."""
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError("a whole number, at least 1")
    return int(text)


def sweep_list(text: str) -> list[int]:
    """'1,5,10,25' -> [1, 5, 10, 25]; every number at least 1."""
    numbers = [int(part) for part in text.split(",") if part.strip()]
    if not numbers or min(numbers) < 1:
        raise argparse.ArgumentTypeError("a comma-separated list of session counts, each ≥ 1")
    return numbers


def streamlit_option(text: str) -> list[str]:
    """'runner.postScriptGC=false' -> ['--runner.postScriptGC', 'false']."""
    name, equals, value = text.partition("=")
    if not equals or not name or "." not in name:
        raise argparse.ArgumentTypeError("OPTION=VALUE, e.g. runner.postScriptGC=false")
    return [f"--{name}", value]


def parser() -> argparse.ArgumentParser:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--sessions", type=at_least_one, default=25, help="at once (25)")
    options.add_argument("--sweep", type=sweep_list, help="several N in turn, e.g. 1,5,10,25")
    options.add_argument("--rounds", type=at_least_one, default=3, help="over the pages (3)")
    options.add_argument(
        "--pages",
        nargs="+",
        default=list(DEFAULT_PAGES),
        choices=[page.url_path for page in PAGES],
        help="URL paths of the pages each round visits",
    )
    options.add_argument("--role", choices=ROLES, default="leser", help="look at it as (leser)")
    options.add_argument(
        "--upload", action=argparse.BooleanOptionalAction, default=True, help="load a month"
    )
    options.add_argument(
        "--url", action="append", help="a running app (http://localhost:PORT), not a new one"
    )
    options.add_argument("--pid", type=int, help="with --url: the app's process, for CPU time")
    options.add_argument(
        "--db",
        type=Path,
        help="the demo warehouse to copy (default: built into bench/output/); with --url: "
        "the running app's warehouse, which the upload changes",
    )
    options.add_argument("--deadline", type=float, default=900, help="seconds per N (900)")
    options.add_argument(
        "--message-timeout", type=float, default=120, help="seconds to wait for a message (120)"
    )
    options.add_argument(
        "--set",
        type=streamlit_option,
        action="extend",
        default=[],
        metavar="OPTION=VALUE",
        help="a `streamlit run` option for the app started, e.g. runner.postScriptGC=false",
    )
    options.add_argument(
        "--replicas",
        type=at_least_one,
        help="start this many apps reading published data, sessions spread over them",
    )
    options.add_argument("--json", type=Path, help="also write the figures here")
    return options


async def main_async(arguments: argparse.Namespace) -> list[dict]:
    plan = Plan(
        tuple(arguments.pages),
        arguments.rounds,
        arguments.role,
        arguments.message_timeout,
        arguments.deadline,
    )
    snapshot = demo_latest_snapshot() if arguments.upload else None
    figures = []
    with tempfile.TemporaryDirectory(prefix="boligmonitor-load-") as scratch:
        for sessions in sizes(arguments):
            folder = Path(tempfile.mkdtemp(dir=scratch))
            heading = f"N = {sessions} sessions × {plan.rounds} rounds as {plan.role}"
            if arguments.set:
                heading += f", streamlit run {' '.join(arguments.set)}"
            if arguments.replicas:
                heading += f", {arguments.replicas} replicas of published data"
            if arguments.url:
                servers = [
                    Server(url, arguments.pid if index == 0 else None)
                    for index, url in enumerate(arguments.url)
                ]
                upload_to = plan_upload(arguments.db, snapshot, folder, {})
                figures.append(await measure(servers, sessions, plan, upload_to, heading))
                continue
            source = arguments.db or demo_warehouse(rebuild=False)
            started = started_app(source, folder, arguments.set, arguments.replicas)
            with started as (servers, db, environment):
                upload_to = plan_upload(db, snapshot, folder, environment)
                figures.append(await measure(servers, sessions, plan, upload_to, heading))
    return figures


def main(argv: Sequence[str] | None = None) -> int:
    options = parser()
    arguments = options.parse_args(argv)
    try:
        arguments.url = [loopback_url(url) for url in arguments.url or []]
    except ValueError as error:
        options.error(str(error))
    if arguments.url and arguments.upload and arguments.db is None:
        options.error("with --url, the upload needs --db: the running app's warehouse")
    if arguments.replicas and arguments.url:
        options.error("--replicas starts apps itself; with --url, give each replica's address")
    if arguments.set and arguments.url:
        options.error("--set goes with an app load.py starts, not with --url")
    if arguments.pid and not arguments.url:
        options.error("--pid goes with --url; an app load.py starts is measured anyway")
    print(f"CPU count {os.cpu_count()}, load average {load_average()} (a shared machine)")
    figures = asyncio.run(main_async(arguments))
    if arguments.json:
        arguments.json.parent.mkdir(parents=True, exist_ok=True)
        arguments.json.write_text(json.dumps(figures, indent=2, ensure_ascii=False))
    return 1 if any(entry["failed"] for entry in figures) else 0


if __name__ == "__main__":
    sys.exit(main())
