"""Load test: concurrent clients against the plugin's pages on a local `datasette`.

    python benchmarks/http_load.py [--db interview.db] [--clients 20] [--requests 5000]

Builds a database from data/ (unless --db is given), starts `datasette` on
127.0.0.1 on a free port, sends a bounded number of requests from concurrent
clients over the checklist, statistics and search pages (and stops by itself
after --max-seconds), stops the server, and prints the error count and latency
percentiles. Exits 1 when any request failed. Search is the plugin's /-/search;
--canned searches with the canned query on Datasette's query page instead (on
Datasette 1.0a41 that page lists and checks every table of the database on each
request, about ten times the CPU of 0.65.5's, and it dominates such a mix).

The server helpers here are shared with run.py.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import math
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
HOST = "127.0.0.1"  # loopback only: nothing here ever listens on or calls another address
RECOMMENDED_SETTINGS = ("--setting", "suggest_facets", "off")
SEARCH_QUERY_NAMES = ("search_everything", "search_all", "search")


class ServerError(RuntimeError):
    pass


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


class DatasetteServer:
    """`datasette serve` in a child process on 127.0.0.1; a context manager that always stops it."""

    def __init__(
        self,
        db_path: Path,
        *,
        immutable: bool = True,
        settings: Sequence[str] = RECOMMENDED_SETTINGS,
        log_path: Path | None = None,
        startup_seconds: float = 60.0,
        python: str | None = None,
        env: dict[str, str] | None = None,
    ):
        self.db_path = Path(db_path)
        self.immutable = immutable
        self.settings = tuple(settings)
        self.log_path = log_path
        self.startup_seconds = startup_seconds
        self.python = python or sys.executable  # another venv's interpreter serves with its Datasette
        self.env = env or {}  # added to this process's environment (e.g. MALLOC_ARENA_MAX)
        self.process: subprocess.Popen | None = None
        self.port = 0
        self._log = None

    @property
    def base_url(self) -> str:
        return f"http://{HOST}:{self.port}"

    @property
    def database(self) -> str:
        return self.db_path.stem

    def describe(self) -> str:
        return " ".join(["datasette", *(["-i"] if self.immutable else []), self.db_path.name, *self.settings])

    def __enter__(self) -> DatasetteServer:
        for _ in range(3):  # another process may take the free port before datasette binds it
            self.port = free_port()
            self._start()
            if self._wait_until_ready():
                return self
            log = self.log_tail()
            self.stop()
        raise ServerError(f"datasette did not start; the end of its log:\n{log}")

    def __exit__(self, *exc_info) -> None:
        self.stop()

    def _start(self) -> None:
        database = ["-i", str(self.db_path)] if self.immutable else [str(self.db_path)]
        command = [
            self.python,
            "-m",
            "datasette",
            "serve",
            *database,
            "--host",
            HOST,
            "--port",
            str(self.port),
            *self.settings,
        ]
        self._log = open(self.log_path, "w+b") if self.log_path else tempfile.TemporaryFile()  # noqa: SIM115 (closed in stop())
        self.process = subprocess.Popen(
            command,
            cwd=ROOT,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
            env={**os.environ, **self.env},
        )

    def _wait_until_ready(self) -> bool:
        deadline = time.monotonic() + self.startup_seconds
        with httpx.Client(timeout=2.0) as client:
            while time.monotonic() < deadline:
                if self.process.poll() is not None:
                    return False
                with contextlib.suppress(httpx.HTTPError):
                    if client.get(f"{self.base_url}/-/versions.json").status_code == 200:
                        return True
                time.sleep(0.1)
        return False

    def stop(self) -> None:
        """Stop the server this object started (only that process), then close its log."""
        process, self.process = self.process, None
        if process is not None and process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)
        if self._log is not None:
            self._log.close()
            self._log = None

    def log_tail(self, lines: int = 20) -> str:
        if self._log is None:
            return ""
        # pread: the server shares this file's offset, so seeking it would make the server overwrite its log.
        descriptor = self._log.fileno()
        text = os.pread(descriptor, os.fstat(descriptor).st_size, 0).decode(errors="replace")
        return "\n".join(text.splitlines()[-lines:])


@contextlib.contextmanager
def stop_on_sigterm() -> Iterator[None]:
    """Treat SIGTERM like Ctrl-C, so `finally` blocks (and the servers they stop) run."""

    def handler(signum, frame):
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


# --- the search canned query -------------------------------------------------------------------


@dataclass(frozen=True)
class SearchQuery:
    name: str
    param: str
    sql: str

    def path(self, database: str, term: str) -> str:
        return f"/{database}/{self.name}?{httpx.QueryParams({self.param: term})}"


def _listed_queries(base_url: str, database: str) -> list[dict]:
    """Every canned (0.65) or stored (1.0a) query of `database`.

    1.0a's /db.json lists only the first few stored queries (`queries_more`); its
    /db/-/queries.json lists them all. 0.65 has no such page and lists every
    canned query in /db.json."""
    response = httpx.get(f"{base_url}/{database}/-/queries.json", timeout=30)
    if response.status_code != 200:
        response = httpx.get(f"{base_url}/{database}.json", timeout=30)
    if response.status_code != 200:
        return []
    return response.json().get("queries") or []


def find_search_query(base_url: str, database: str) -> SearchQuery | None:
    """The 'search everything' canned query, as the running server lists it (None if it has none)."""
    queries = _listed_queries(base_url, database)

    def rank(query: dict) -> int:
        if query["name"] in SEARCH_QUERY_NAMES:
            return 10 - SEARCH_QUERY_NAMES.index(query["name"])
        return int("search" in f"{query['name']} {query.get('title') or ''}".lower())

    ranked = sorted((query for query in queries if rank(query) > 0), key=rank, reverse=True)
    if not ranked:
        return None
    query = ranked[0]
    params = (
        query.get("params")
        or query.get("parameters")
        or list(dict.fromkeys(re.findall(r"(?<![:\w]):([A-Za-z_]\w*)", query["sql"])))
    )
    param = next((p for p in params if p == "q"), None) or next(
        (p for p in params if re.search("q|search|term|text", p)), params[0] if params else "q"
    )
    return SearchQuery(query["name"], param, query["sql"])


# --- measuring ----------------------------------------------------------------------------------


def percentile(values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100) of non-empty values."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q / 100 * len(ordered)) - 1)]


@dataclass
class Timings:
    latencies: list[float] = field(default_factory=list)  # seconds, successful or not
    statuses: Counter = field(default_factory=Counter)  # HTTP status, or an exception name
    elapsed: float = 0.0
    body_bytes: int = 0  # the size of the last answer's body (uncompressed)

    @property
    def count(self) -> int:
        return sum(self.statuses.values())

    @property
    def errors(self) -> int:
        return sum(n for status, n in self.statuses.items() if not (isinstance(status, int) and status < 400))

    @property
    def median_ms(self) -> float | None:
        return statistics.median(self.latencies) * 1000 if self.latencies else None

    def percentile_ms(self, q: float) -> float | None:
        return percentile(self.latencies, q) * 1000 if self.latencies else None

    @property
    def per_second(self) -> float:
        return self.count / self.elapsed if self.elapsed else 0.0

    def error_summary(self) -> str:
        return ", ".join(
            f"{status} x{n}"
            for status, n in sorted(self.statuses.items(), key=str)
            if not (isinstance(status, int) and status < 400)
        )


def time_sequential(client: httpx.Client, url: str, requests: int, max_seconds: float, warmup: int = 3) -> Timings:
    """One request at a time over a kept-alive connection; stops at `requests` or `max_seconds`."""
    for _ in range(warmup):
        with contextlib.suppress(httpx.HTTPError):
            client.get(url)
    timings = Timings()
    started = time.perf_counter()
    while timings.count < requests and time.perf_counter() - started < max_seconds:
        timed_get(client, url, timings)
    timings.elapsed = time.perf_counter() - started
    return timings


def timed_get(client: httpx.Client, url: str, timings: Timings) -> None:
    """One GET, its latency and its status (or the error's name) added to `timings`."""
    before = time.perf_counter()
    try:
        response = client.get(url)
        status: int | str = response.status_code
        timings.body_bytes = len(response.content)
    except httpx.HTTPError as error:
        status = type(error).__name__
    timings.latencies.append(time.perf_counter() - before)
    timings.statuses[status] += 1


async def _hammer(
    base_url: str, paths: Sequence[str], requests: int, clients: int, max_seconds: float, timeout: float
) -> dict[str, Timings]:
    per_path = {path: Timings() for path in paths}
    order = itertools.cycle(paths)
    issued = itertools.count()
    deadline = time.perf_counter() + max_seconds
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)

    async with httpx.AsyncClient(base_url=base_url, limits=limits, timeout=timeout) as client:

        async def worker() -> None:
            while next(issued) < requests and time.perf_counter() < deadline:
                path = next(order)
                before = time.perf_counter()
                try:
                    status = (await client.get(path)).status_code
                except httpx.HTTPError as error:
                    status = type(error).__name__
                per_path[path].latencies.append(time.perf_counter() - before)
                per_path[path].statuses[status] += 1

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(clients)))
        elapsed = time.perf_counter() - started
    for timings in per_path.values():
        timings.elapsed = elapsed
    return per_path


def hammer(
    base_url: str,
    paths: Sequence[str],
    requests: int,
    clients: int = 20,
    max_seconds: float = 60.0,
    timeout: float = 30.0,
) -> dict[str, Timings]:
    """`clients` concurrent connections sending `requests` requests in total over `paths`, round robin."""
    if not base_url.startswith(f"http://{HOST}:"):
        raise ValueError(f"load is only ever sent to {HOST}")
    return asyncio.run(_hammer(base_url, paths, requests, clients, max_seconds, timeout))


def combined(per_path: dict[str, Timings]) -> Timings:
    total = Timings()
    for timings in per_path.values():
        total.latencies.extend(timings.latencies)
        total.statuses.update(timings.statuses)
        total.elapsed = max(total.elapsed, timings.elapsed)
    return total


def build_database(data_dir: Path, db_path: Path, extra: Sequence[str] = ()) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "build_db.py", "--data", str(data_dir), "--db", str(db_path), "-q", *extra],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )


def _fmt(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}"


def _run_load(args: argparse.Namespace) -> dict[str, Timings] | None:
    with tempfile.TemporaryDirectory(prefix="interview-load-") as work, stop_on_sigterm():
        db_path = args.db
        if db_path is None:
            db_path = Path(work) / "interview.db"
            built = build_database(args.data, db_path)
            if built.returncode != 0:
                print(f"build failed:\n{built.stderr}", file=sys.stderr)
                return None
        with DatasetteServer(db_path) as server:
            search = find_search_query(server.base_url, server.database) if args.canned else None
            paths = [f"/-/prep/{args.company}", "/-/interview-stats"]
            if not args.canned:
                paths += [f"/-/search?{httpx.QueryParams({'q': term})}" for term in args.terms.split(",")]
            elif search:
                paths += [search.path(server.database, term) for term in args.terms.split(",")]
            else:
                print("no 'search everything' canned query found: searching the sources table instead")
                paths += [
                    f"/{server.database}/sources?" + str(httpx.QueryParams({"_search": term}))
                    for term in args.terms.split(",")
                ]
            print(
                f"{server.describe()} on {server.base_url}: {args.requests:,} requests from "
                f"{args.clients} clients over {len(paths)} pages"
            )
            per_path = hammer(server.base_url, paths, args.requests, args.clients, args.max_seconds)
            if combined(per_path).errors:
                print(f"\nthe end of the server's log:\n{server.log_tail(40)}", file=sys.stderr)
    return per_path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, help="Database to serve (default: build one from --data into a temp dir)")
    parser.add_argument("--data", type=Path, default=ROOT / "data")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--requests", type=int, default=5000)
    parser.add_argument("--max-seconds", type=float, default=120.0, help="Stop sending after this long")
    parser.add_argument("--company", default="anthropic", help="Company slug for the checklist page")
    parser.add_argument("--terms", default="interview,langgraph,rag*,c++", help="Search terms, comma separated")
    parser.add_argument(
        "--canned",
        action="store_true",
        help="Search with the 'search everything' canned query (Datasette's query page) instead of /-/search",
    )
    args = parser.parse_args(argv)

    try:
        per_path = _run_load(args)
    except KeyboardInterrupt:
        print("interrupted: the server is stopped", file=sys.stderr)
        return 130
    if per_path is None:
        return 2

    total = combined(per_path)
    print(f"\n{'page':<60} {'n':>6} {'errors':>6} {'p50':>7} {'p90':>7} {'p95':>7} {'p99':>7} {'max':>7}  (ms)")
    for path, timings in [*per_path.items(), ("all pages", total)]:
        row = [timings.percentile_ms(q) for q in (50, 90, 95, 99, 100)]
        print(f"{path[:60]:<60} {timings.count:>6} {timings.errors:>6} " + " ".join(f"{_fmt(v):>7}" for v in row))
        if timings.errors and path != "all pages":
            print(f"    errors: {timings.error_summary()}")
    print(f"\n{total.count:,} requests in {total.elapsed:.1f}s ({total.per_second:.0f}/s), {total.errors} errors")
    return 1 if total.errors or total.count == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
