"""Benchmarks: the build, the plugin's pages and search, beside Datasette's own pages, at 1x, 10x, 100x.

    python benchmarks/run.py [--scale 1,10,100] [--runs 5] [--requests 100] [--postings DIR] [--profile]

For each scale: data/ itself at 1x, synthetic data (benchmarks/synth.py) above;
`build_db.py` timed as a whole process (median of --runs runs); then `datasette`
on 127.0.0.1 with the recommended settings, and for each page the median and
p95 of sequential requests, beside its baseline page from Datasette itself in
the same run; a 20-way concurrent run on the checklist page; and the table and
checklist pages again under Datasette's default settings, for comparison.

Prints one table and writes it, with the machine's description, to
benchmarks/RESULTS.md. A page that answers 404 or fails is reported in the
table, not raised. Every server started here is stopped, also on Ctrl-C.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import cProfile
import io
import os
import platform
import pstats
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))

import discussions_bench
import synth
from http_load import (
    HOST,
    RECOMMENDED_SETTINGS,
    ROOT,
    DatasetteServer,
    SearchQuery,
    Timings,
    build_database,
    combined,
    find_search_query,
    hammer,
    percentile,
    stop_on_sigterm,
    time_sequential,
    timed_get,
)

from datasette_interview_prep.core.discussions import CACHE_ENV_VAR

BENCHMARKS = ROOT / "benchmarks"
KEEP_BELOW = "<!-- Everything below this line is kept when run.py rewrites this file. -->"
BIG_SCALE = 100  # targets "at 100x" apply from here; fewer build runs to keep the run short
BIG_SCALE_RUNS = 3


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# --- targets (issue 10; postings import: issue 7) -------------------------------------------------

BUILD_TARGET_S = 0.8
CHECKLIST_TARGET_MS = 10.0
SEARCH_TARGET_MS = {1: 10.0, BIG_SCALE: 50.0}
QUESTIONS_TARGET_MS = 10.0  # /-/questions at 1x (issue 15)
SEARCH_VS_LIKE_AT_BIG = 0.1
CONCURRENT_CLIENTS = 20
CONCURRENT_TARGET_RPS = 200.0
POSTINGS_IMPORT_TARGET_S = 4.0
POSTINGS_PAGE_TARGET_MS = 100.0  # the postings table page, at Datasette's default settings (issue 17)
RSS_TARGET_MB_AT_BIG = 250.0  # the server after every checklist page was visited once (issue 17)
PLUGIN_VS_CORE_AT_BIG = 0.5  # every plugin page, over the core steps page on the same server (issue 25)
# The pages a candidate opens every day, over the core steps page on the same server, at every scale:
# the checklist (issue 23), a question's page and the practice loop (issue 24).
PREP_VS_CORE = 0.1
MAX_PAGE_KB = 200  # no plugin page's answer over this many kB (1,000 bytes) at 100x (issue 25)
CORE_STEPS_PAGE = "steps table page (core baseline)"
SWEEP_CLIENTS = 4  # the concurrent checklist sweep (issue 25: memory as users load it)
PLAN_WEEKS_OUT = 3  # the checklist-with-a-plan page plans for an interview this many weeks from today
PLAN_HOURS = 8
# Words of two-word searches nobody sent before (45 pairs): common in interview reports at every scale.
PAIR_WORDS = ("system", "design", "coding", "model", "data", "python", "behavioral", "llm", "debugging", "api")
REPEAT_SAMPLE = 300  # checklist pages visited a second time, for the repeat-visit row
# The search page's index over every kind (issue 17): its rows are the other tables' rows again.
UNIFIED_INDEXES = frozenset({"search_fts"})
SEARCH_PAGE = "/-/search"


@dataclass
class Row:
    scale: int
    measure: str
    median: float | None = None  # ms, or s for builds (see unit)
    p95: float | None = None
    unit: str = "ms"
    baseline: str = ""
    baseline_median: float | None = None
    ratio: float | None = None
    target: str = ""
    result: str = ""  # "met", "missed: why", "error: why", or "" when there is no target
    line: str = ""  # the Datasette version that served it ("" for builds: they need no Datasette)
    core_ratio: float | None = None  # a plugin page's median over the same server's core steps page's
    body_bytes: int | None = None  # a page's HTML (or JSON) size


@dataclass(frozen=True)
class Line:
    """A Datasette line to serve the pages with: a Python interpreter (a venv's) and its Datasette version."""

    python: str
    version: str


def datasette_line(python: str) -> Line:
    completed = subprocess.run(
        [python, "-c", "import datasette.version as v; print(v.__version__)"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    if completed.returncode != 0:
        raise SystemExit(f"{python}: cannot import datasette: {completed.stderr.strip()[-300:]}")
    return Line(python, completed.stdout.strip())


def venv_python(venv: Path) -> str:
    """A venv's interpreter, or an interpreter given directly."""
    if venv.is_file():
        return str(venv)
    return str(venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python"))


@dataclass
class ScaleInfo:
    scale: int
    data_dir: Path
    db_path: Path
    company: str
    compare_with: str = ""  # the second company of the compare page
    coding_topic: str = ""  # the coding questions' most common topic, for the filtered question bank
    question_id: str = ""  # the most-reported question, for its page (/-/questions/{id})
    counts: dict[str, int] = field(default_factory=dict)
    db_bytes: int = 0
    hits: dict[str, int] = field(default_factory=dict)


@dataclass
class Page:
    name: str
    path: str
    baseline: str | None = None  # name of the Page it is compared with
    distinct: tuple[str, ...] = ()  # when set: one request to each of these paths instead (first visits)

    @property
    def is_plugin(self) -> bool:
        return (self.distinct[0] if self.distinct else self.path).startswith("/-/")


# --- building ------------------------------------------------------------------------------------


def prepare_data(scale: int, work: Path, seed: int) -> tuple[Path, dict[str, list[str]]]:
    if scale == 1:
        return ROOT / "data", {}
    log(f"[{scale}x] generating synthetic data")
    result = synth.generate(ROOT / "data", work / f"{scale}x" / "data", scale, seed)
    return result.data_dir, result.variants


def time_builds(data_dir: Path, db_path: Path, runs: int, extra: tuple[str, ...] = ()) -> tuple[list[float], str]:
    """Seconds per whole-process run of build_db.py, and the first error ('' when every run succeeded)."""
    seconds = []
    for _ in range(runs):
        started = time.perf_counter()
        completed = build_database(data_dir, db_path, extra)
        elapsed = time.perf_counter() - started
        if completed.returncode != 0:
            lines = (completed.stderr or completed.stdout).strip().splitlines()
            return seconds, f"exit {completed.returncode}: {lines[-1] if lines else 'no output'}"
        seconds.append(elapsed)
    return seconds, ""


def build_rows(
    scale: int, data_dir: Path, db_path: Path, runs: int, postings: Path | None
) -> tuple[list[Row], Path | None]:
    """Rows for the build (and postings import); the database to serve, or None when no build succeeded.

    With postings, the two builds alternate (plain, with postings, plain, ...) and the import's cost is
    the median of each pair's difference: at 100x a build varies by seconds over a run, more than the
    import costs, and a difference of two medians taken minutes apart measured that drift."""
    rows = []
    with_postings = db_path.parent / "with-postings" / db_path.name
    log(f"[{scale}x] build_db.py x{runs}" + (" and build_db.py --postings, alternately" if postings else ""))
    seconds: list[float] = []
    more: list[float] = []
    error = more_error = ""
    for _ in range(runs):
        plain, error = time_builds(data_dir, db_path, 1)
        seconds += plain
        if error:
            break
        if postings and not more_error:
            extra, more_error = time_builds(data_dir, with_postings, 1, ("--postings", str(postings)))
            more += extra
    rows.append(
        _build_row(
            scale,
            f"build_db.py ({runs} runs)",
            seconds,
            error,
            target=f"< {BUILD_TARGET_S} s" if scale == 1 else "",
            limit=BUILD_TARGET_S if scale == 1 else None,
        )
    )
    served = db_path if not error else None
    if postings and not error:
        rows.append(_build_row(scale, f"build_db.py --postings ({runs} runs)", more, more_error))
        if more and not more_error:
            differences = [with_them - without for without, with_them in zip(seconds, more)]
            delta = statistics.median(differences)
            rows.append(
                Row(
                    scale,
                    "postings import (median of paired differences)",
                    delta,
                    max(differences),
                    "s",
                    target=f"< {POSTINGS_IMPORT_TARGET_S:g} s",
                    result="met" if delta < POSTINGS_IMPORT_TARGET_S else "missed",
                )
            )
    # Pages are measured on the default build (what README's `python build_db.py` gives): with the
    # postings, a term that is rare in the interview data can be common in 1,765 job descriptions.
    return rows, served


def _build_row(
    scale: int, measure: str, seconds: list[float], error: str, target: str = "", limit: float | None = None
) -> Row:
    if error:
        return Row(scale, measure, unit="s", target=target, result=f"error: {error}")
    median = statistics.median(seconds)
    result = ("met" if median < limit else "missed") if limit is not None else ""
    return Row(scale, measure, median, percentile(seconds, 95), "s", target=target, result=result)


def describe_database(info: ScaleInfo, terms: list[str]) -> None:
    info.db_bytes = info.db_path.stat().st_size
    connection = sqlite3.connect(f"file:{info.db_path}?mode=ro", uri=True)
    try:
        tables = {name for (name,) in connection.execute("select name from sqlite_master where type = 'table'")}
        for table in ("companies", "processes", "steps", "sources", "postings", "questions"):
            if table in tables:
                info.counts[table] = connection.execute(f"select count(*) from [{table}]").fetchone()[0]
        if "questions" in tables:
            top = connection.execute(
                "select topic from questions where round_type = 'coding' and topic is not null"
                " group by topic order by count(*) desc, topic limit 1"
            ).fetchone()
            info.coding_topic = top[0] if top else ""
            most = connection.execute("select id from questions order by encounters desc, id limit 1").fetchone()
            info.question_id = most[0] if most else ""
        fts_tables = sorted(name for name in tables if name.endswith("_fts") and name not in UNIFIED_INDEXES)
        for term in terms:
            query = _fts_query(term)
            info.hits[term] = sum(
                connection.execute(f"select count(*) from [{fts}] where [{fts}] match ?", [query]).fetchone()[0]
                for fts in fts_tables
            )
    finally:
        connection.close()


def _fts_query(term: str) -> str:
    try:
        from datasette_interview_prep.web.fts import fts_query
    except ImportError:
        return '"' + term.replace('"', '""') + '"'
    return fts_query(term)


def like_search_sql(db_path: Path, limit: int | None) -> str:
    """The LIKE baseline: the columns each FTS index covers, matched with LIKE '%q%', same row limit, no ranking."""
    connection = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        fts_tables = sorted(
            name
            for (name,) in connection.execute(
                "select name from sqlite_master where type = 'table' and name like '%\\_fts' escape '\\'"
            )
            if name not in UNIFIED_INDEXES
        )
        selects = []
        for fts in fts_tables:
            table = fts.removesuffix("_fts")
            columns = [row[1] for row in connection.execute(f"pragma table_info([{fts}])")]
            matches = " or ".join(f"[{column}] like '%' || :q || '%'" for column in columns)
            selects.append(
                f"select '{table}' as kind, rowid as id, [{columns[0]}] as label from [{table}] where {matches}"
            )
    finally:
        connection.close()
    return "\nunion all\n".join(selects) + (f"\nlimit {limit}" if limit else "")


def _row_limit(sql: str) -> int | None:
    found = re.findall(r"\blimit\s+(\d+)", sql, flags=re.IGNORECASE)
    return int(found[-1]) if found else None


# --- pages ---------------------------------------------------------------------------------------


def pages_for(
    info: ScaleInfo, database: str, search: SearchQuery | None, rare: str, common: str, sql_page: str = ""
) -> list[Page]:
    """The pages measured at a scale; `sql_page` is the path that takes ?sql= (it moved to /db/-/query in 1.0a)."""
    sql_page = sql_page or f"/{database}"
    company = info.company
    plan = {"date": (date.today() + timedelta(weeks=PLAN_WEEKS_OUT)).isoformat(), "hours": str(PLAN_HOURS)}
    compared = httpx.QueryParams([("company", company), ("company", info.compare_with)])
    filtered = httpx.QueryParams({"round_type": "coding", "topic": info.coding_topic})
    pages = [
        Page(CORE_STEPS_PAGE, f"/{database}/steps?company={company}"),
        Page("company picker /-/prep", "/-/prep", CORE_STEPS_PAGE),
        Page(f"checklist /-/prep/{company}", f"/-/prep/{company}", CORE_STEPS_PAGE),
        Page(
            f"checklist with a plan ({PLAN_WEEKS_OUT} weeks, {PLAN_HOURS} h a week)",
            f"/-/prep/{company}?{httpx.QueryParams(plan)}",
            CORE_STEPS_PAGE,
        ),
        Page(
            f"compare /-/prep/compare, {company} and {info.compare_with}",
            f"/-/prep/compare?{compared}",
            CORE_STEPS_PAGE,
        ),
        Page(f"practice loop /-/prep/{company}/practice", f"/-/prep/{company}/practice?seed=1", CORE_STEPS_PAGE),
        Page(
            f"today view /-/prep/{company}/today, with a plan",
            f"/-/prep/{company}/today?{httpx.QueryParams(plan)}",
            CORE_STEPS_PAGE,
        ),
        Page("steps facets page (core)", f"/{database}/steps?_facet=round_type&_facet=family&_facet=company"),
        Page("statistics /-/interview-stats", "/-/interview-stats", "steps facets page (core)"),
        Page("questions table page (core)", f"/{database}/questions"),
        Page("question bank /-/questions", "/-/questions", "questions table page (core)"),
        Page(f"question page /-/questions/{info.question_id}", f"/-/questions/{info.question_id}", CORE_STEPS_PAGE),
        Page(
            "question bank, filtered and searched",
            "/-/questions?round_type=system_design&q=design",
            "questions table page (core)",
        ),
        Page(
            f"question bank, filtered: coding, {info.coding_topic}",
            f"/-/questions?{filtered}",
            "questions table page (core)",
        ),
    ]
    like_sql = like_search_sql(info.db_path, _row_limit(search.sql) if search else 100)
    for label, term in (("rare", rare), ("common", common)):
        like_path = f"{sql_page}?{httpx.QueryParams({'sql': like_sql, 'q': term})}"
        pages.append(Page(f"LIKE search, {label} term '{term}' (baseline)", like_path))
        search_path = search.path(database, term) if search else f"/{database}/search?{httpx.QueryParams({'q': term})}"
        pages.append(
            Page(
                f"search canned query (SQL), {label} term '{term}'",
                search_path,
                f"LIKE search, {label} term '{term}' (baseline)",
            )
        )
        pages.append(
            Page(
                f"search everything {SEARCH_PAGE}, {label} term '{term}'",
                f"{SEARCH_PAGE}?{httpx.QueryParams({'q': term})}",
                f"LIKE search, {label} term '{term}' (baseline)",
            )
        )
    pages.append(
        Page(
            f"search everything {SEARCH_PAGE}, two words 'system design' (ranked live)",
            f"{SEARCH_PAGE}?{httpx.QueryParams({'q': 'system design'})}",
            CORE_STEPS_PAGE,
        )
    )
    # The same pages with parameters nobody sent before: each request a first visit, no cache to help.
    pairs = [f"{first} {second}" for index, first in enumerate(PAIR_WORDS) for second in PAIR_WORDS[index + 1 :]]
    pages.append(
        Page(
            f"search everything {SEARCH_PAGE}, two words, a new pair each request ({len(pairs)} pairs)",
            "",
            CORE_STEPS_PAGE,
            distinct=tuple(f"{SEARCH_PAGE}?{httpx.QueryParams({'q': pair})}" for pair in pairs),
        )
    )
    plans = [{"date": plan["date"], "hours": str(hours)} for hours in range(PLAN_HOURS, PLAN_HOURS + 60)]
    pages.append(
        Page(
            f"checklist with a plan, new hours each request ({len(plans)} plans)",
            "",
            CORE_STEPS_PAGE,
            distinct=tuple(f"/-/prep/{company}?{httpx.QueryParams(each)}" for each in plans),
        )
    )
    return pages


def postings_pages(database: str, common: str) -> list[Page]:
    """Measured on the build with --postings."""
    return [
        Page("postings table page", f"/{database}/postings"),
        Page("postings table search 'system design'", f"/{database}/postings?_search=system+design"),
        Page(
            f"search everything {SEARCH_PAGE}, common term '{common}', with postings",
            f"{SEARCH_PAGE}?{httpx.QueryParams({'q': common})}",
        ),
        Page(
            f"search everything {SEARCH_PAGE}, 'RAG evaluation', with postings",
            f"{SEARCH_PAGE}?{httpx.QueryParams({'q': 'RAG evaluation'})}",
        ),
    ]


def _target(page: Page, scale: int) -> tuple[str, float | None, float | None]:
    """(target text, median limit in ms, highest ratio allowed) for a page at a scale."""
    if page.distinct:  # first visits with new parameters: shown, not held to a target
        return "", None, None
    if page.name.startswith("checklist"):
        return f"< {CHECKLIST_TARGET_MS:g} ms, ratio <= {PREP_VS_CORE:g}", CHECKLIST_TARGET_MS, PREP_VS_CORE
    if page.name.startswith(("question page", "practice loop")):
        return f"ratio <= {PREP_VS_CORE:g}", None, PREP_VS_CORE
    if page.name.startswith("question bank") and scale == 1:
        return f"< {QUESTIONS_TARGET_MS:g} ms", QUESTIONS_TARGET_MS, None
    if page.name.startswith(f"search everything {SEARCH_PAGE}") and (
        "rare term" in page.name or "common term" in page.name
    ):
        if page.name.endswith("with postings"):
            return "", None, None
        if scale >= BIG_SCALE:
            limit = SEARCH_TARGET_MS[BIG_SCALE]
            if "rare term" not in page.name:  # issue 17: only the rare term must beat LIKE 10x
                return f"< {limit:g} ms", limit, None
            return f"< {limit:g} ms, ratio <= {SEARCH_VS_LIKE_AT_BIG:g}", limit, SEARCH_VS_LIKE_AT_BIG
        if scale == 1:
            return f"< {SEARCH_TARGET_MS[1]:g} ms", SEARCH_TARGET_MS[1], None
    return "", None, None


def page_rows(scale: int, pages: list[Page], measured: dict[str, Timings], core: str = CORE_STEPS_PAGE) -> list[Row]:
    """A row per page: its median and p95, its ratio to its baseline and, for a plugin page, to the core
    steps page on the same server; from 100x, every plugin page is held to PLUGIN_VS_CORE_AT_BIG and MAX_PAGE_KB."""
    rows = []
    core_timings = measured.get(core)
    core_median = core_timings.median_ms if core_timings and not core_timings.errors else None
    for page in pages:
        timings = measured[page.name]
        target, limit, max_ratio = _target(page, scale)
        # First visits with new parameters are shown beside the pages, not held to the target (no cache helps).
        big = page.is_plugin and not page.distinct and scale >= BIG_SCALE and core in measured
        if big:
            extra = f"<= {PLUGIN_VS_CORE_AT_BIG:g} x core steps page, <= {MAX_PAGE_KB} kB"
            target = f"{target}; {extra}" if target else extra
        row = Row(scale, page.name, timings.median_ms, timings.percentile_ms(95), target=target)
        row.body_bytes = timings.body_bytes if timings.count else None
        if page.is_plugin and core_median and timings.median_ms is not None and not timings.errors:
            row.core_ratio = timings.median_ms / core_median
        baseline = measured.get(page.baseline) if page.baseline else None
        if page.baseline:
            row.baseline = page.baseline
            row.baseline_median = baseline.median_ms if baseline else None
            if timings.errors == 0 and baseline and baseline.errors == 0 and baseline.median_ms:
                row.ratio = timings.median_ms / baseline.median_ms
        if timings.errors:
            row.result = f"error: {timings.error_summary()}"
        elif page.baseline and baseline and baseline.errors:
            row.result = f"baseline error: {baseline.error_summary()}"
        elif limit is not None or max_ratio is not None or big:
            misses = []
            if limit is not None and (row.median is None or row.median >= limit):
                misses.append("median")
            if max_ratio is not None and (row.ratio is None or row.ratio > max_ratio):
                misses.append("ratio")
            if big and (row.core_ratio is None or row.core_ratio > PLUGIN_VS_CORE_AT_BIG):
                misses.append("vs core steps page")
            if big and (row.body_bytes or 0) > MAX_PAGE_KB * 1000:
                misses.append(f"{(row.body_bytes or 0) / 1000:,.0f} kB")
            row.result = "met" if not misses else f"missed ({', '.join(misses)})"
        rows.append(row)
    return rows


def time_distinct(client: httpx.Client, paths: tuple[str, ...], max_seconds: float) -> Timings:
    """One request to each path in turn (no warm-up): what a visitor with their own parameters waits for."""
    timings = Timings()
    started = time.perf_counter()
    for path in paths:
        if time.perf_counter() - started >= max_seconds:
            break
        timed_get(client, path, timings)
    timings.elapsed = time.perf_counter() - started
    return timings


def sql_page_path(server: DatasetteServer) -> str:
    """/db/-/query on Datasette 1.0a (/db?sql= redirects there), /db on 0.65."""
    query = f"/{server.database}/-/query"
    with contextlib.suppress(httpx.HTTPError):
        if httpx.get(f"{server.base_url}{query}?sql=select+1", timeout=30).status_code == 200:
            return query
    return f"/{server.database}"


def measure_pages(server: DatasetteServer, pages: list[Page], requests: int, max_seconds: float) -> dict[str, Timings]:
    measured = {}
    with httpx.Client(base_url=server.base_url, timeout=60) as client:
        for page in pages:
            if page.distinct:
                timings = time_distinct(client, page.distinct[:requests], max_seconds)
            else:
                timings = time_sequential(client, page.path, requests, max_seconds)
            measured[page.name] = timings
            status = f"{timings.error_summary()} " if timings.errors else ""
            log(f"    {page.name}: {status}median {timings.median_ms or 0:.1f} ms over {timings.count} requests")
    return measured


def concurrent_row(scale: int, server: DatasetteServer, path: str, requests: int, max_seconds: float) -> Row:
    timings = hammer(server.base_url, [path], requests, CONCURRENT_CLIENTS, max_seconds)[path]
    rate = timings.per_second
    ok = timings.errors == 0 and rate >= CONCURRENT_TARGET_RPS
    detail = f"{rate:.0f} req/s, {timings.errors} errors of {timings.count}"
    if timings.errors:
        detail += f" ({timings.error_summary()})"
    log(f"    {CONCURRENT_CLIENTS} concurrent clients on {path}: {detail}")
    return Row(
        scale,
        f"checklist, {CONCURRENT_CLIENTS} concurrent clients",
        timings.median_ms,
        timings.percentile_ms(95),
        target=f"0 errors, >= {CONCURRENT_TARGET_RPS:g} req/s",
        result=("met: " if ok else "missed: ") + detail,
    )


def default_settings_rows(
    scale: int,
    info: ScaleInfo,
    pages: list[Page],
    recommended: dict[str, Timings],
    requests: int,
    max_seconds: float,
    log_path: Path,
    db_path: Path | None = None,
    line: Line | None = None,
) -> list[Row]:
    """The core table page and the checklist under Datasette's defaults (mutable file, suggested facets)."""
    compared = [page for page in pages if page.name.startswith(("steps table page", "checklist", "postings table"))]
    python = line.python if line else None
    with DatasetteServer(
        db_path or info.db_path, immutable=False, settings=(), log_path=log_path, python=python
    ) as server:
        log(f"[{scale}x] {server.describe()} (default settings) on {server.base_url}")
        measured = measure_pages(server, compared, requests, max_seconds)
    rows = []
    for page in compared:
        timings, before = measured[page.name], recommended[page.name]
        row = Row(
            scale,
            f"{page.name}, default settings",
            timings.median_ms,
            timings.percentile_ms(95),
            baseline="same page, recommended settings",
            baseline_median=before.median_ms,
        )
        if timings.errors:
            row.result = f"error: {timings.error_summary()}"
        elif before.median_ms and not before.errors:
            row.ratio = timings.median_ms / before.median_ms
        if page.name == "postings table page" and not timings.errors:
            row.target = f"< {POSTINGS_PAGE_TARGET_MS:g} ms"
            row.result = "met" if timings.median_ms < POSTINGS_PAGE_TARGET_MS else "missed (median)"
        rows.append(row)
    return rows


def checklist_paths(db_path: Path) -> list[str]:
    """Every checklist page: each company's, and each process of a company with several."""
    connection = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        rows = connection.execute(
            "select companies.slug, processes.id, companies.process_count from processes"
            " join companies on companies.slug = processes.company order by companies.slug, processes.position"
        ).fetchall()
    finally:
        connection.close()
    paths = []
    for slug, process_id, count in rows:
        paths.append(f"/-/prep/{slug}" + (f"?{httpx.QueryParams({'process': process_id})}" if count > 1 else ""))
    return list(dict.fromkeys(paths))


def rss_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def checklist_sweep_rows(scale: int, server: DatasetteServer, db_path: Path) -> list[Row]:
    """Visit every checklist page once (first visits), then a sample again (repeats); the server's RSS."""
    paths = checklist_paths(db_path)
    before = rss_mb(server.process.pid)
    first, repeat = Timings(), Timings()
    with httpx.Client(base_url=server.base_url, timeout=60) as client:
        for timings, sample in ((first, paths), (repeat, paths[-REPEAT_SAMPLE:])):
            started = time.perf_counter()
            for path in sample:
                timed_get(client, path, timings)
            timings.elapsed = time.perf_counter() - started
    after = rss_mb(server.process.pid)
    log(f"    every checklist page once ({len(paths):,}): RSS {before or 0:.0f} -> {after or 0:.0f} MB")
    rows = [
        Row(
            scale,
            f"checklist, first visit (all {len(paths):,} pages once)",
            first.median_ms,
            first.percentile_ms(95),
            result=f"error: {first.error_summary()}" if first.errors else "",
        ),
        Row(
            scale,
            f"checklist, repeat visit (last {min(REPEAT_SAMPLE, len(paths)):,} again)",
            repeat.median_ms,
            repeat.percentile_ms(95),
            baseline="first visit",
            baseline_median=first.median_ms,
            ratio=(repeat.median_ms / first.median_ms) if first.median_ms and repeat.median_ms else None,
        ),
    ]
    rss = Row(
        scale,
        "server RSS after every checklist page once",
        after,
        None,
        unit="MB",
        baseline="at start",
        baseline_median=before,
    )
    if scale >= BIG_SCALE and after is not None:
        rss.target = f"<= {RSS_TARGET_MB_AT_BIG:g} MB"
        rss.result = "met" if after <= RSS_TARGET_MB_AT_BIG else "missed"
    rows.append(rss)
    return rows


class PeakRss:
    """The highest RSS of a process, sampled every `every` seconds in a thread while the block runs."""

    def __init__(self, pid: int, every: float = 0.2) -> None:
        self.pid, self.every, self.peak = pid, every, 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, rss_mb(self.pid) or 0.0)
            self._stop.wait(self.every)

    def __enter__(self) -> PeakRss:
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, rss_mb(self.pid) or 0.0)


def concurrent_sweep_rows(
    scale: int, db_path: Path, line: Line, clients: int, max_seconds: float, env: dict[str, str], log_path: Path
) -> list[Row]:
    """Every checklist page once, from `clients` concurrent clients, on a server that has served nothing yet:
    memory as several users load it (each request in flight holds its own rows and page)."""
    paths = checklist_paths(db_path)
    with DatasetteServer(db_path, log_path=log_path, python=line.python, env=env) as server:
        before = rss_mb(server.process.pid)
        with PeakRss(server.process.pid) as peak:
            per_path = hammer(server.base_url, paths, len(paths), clients, max_seconds, timeout=120)
        timings = combined(per_path)
        after = rss_mb(server.process.pid)
    settings = " ".join(f"{name}={value}" for name, value in env.items())
    log(
        f"    every checklist page once from {clients} clients ({timings.count:,} of {len(paths):,}): "
        f"RSS {before or 0:.0f} -> {after or 0:.0f} MB, peak {peak.peak:.0f} MB"
    )
    # How far the sweep got is a result, not part of the measure's name, so the lines' rows line up.
    done = f"{timings.count:,} of {len(paths):,} pages in {timings.elapsed:.0f} s"
    first = Row(
        scale,
        f"checklist, every page once from {clients} concurrent clients{' (' + settings + ')' if settings else ''}",
        timings.median_ms,
        timings.percentile_ms(95),
        result=f"error: {timings.error_summary()}; {done}" if timings.errors else done,
    )
    rss = Row(
        scale,
        f"server RSS after the {clients}-client sweep (p95 column: its peak)",
        after,
        peak.peak,
        unit="MB",
        baseline="at start",
        baseline_median=before,
    )
    if scale >= BIG_SCALE and after is not None:
        rss.target = f"<= {RSS_TARGET_MB_AT_BIG:g} MB"
        rss.result = "met" if max(after, peak.peak) <= RSS_TARGET_MB_AT_BIG else "missed"
    return [first, rss]


# --- fetched discussions (issue 26) --------------------------------------------------------------

COMMENTS_SEARCH_RATIO = 0.25  # search everything with the comments, over the core steps page
FETCH_OVERHEAD = 1.10  # the fetch at the default politeness, over what its rate limit alone takes


def add_comment_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--comments", type=int, default=50_000, help="Synthetic fetched comments to search among (0: skip)"
    )
    parser.add_argument(
        "--fetch-threads", type=int, default=10, help="Threads per platform the fetcher takes from a loopback server"
    )


def isolate_from_user_cache(work: Path) -> None:
    """build_db.py loads the user's discussions cache by default: every build here loads only what it is given."""
    os.environ[CACHE_ENV_VAR] = str(work / "no-discussions-cache")


def comments_method(args: argparse.Namespace) -> list[str]:
    if args.comments <= 0:
        return []
    return [
        f"- With comments: data/ and {args.comments:,} synthetic fetched comments (`benchmarks/discussions_bench.py`: "
        "words drawn from data/ itself, spread over its Hacker News and Reddit threads), built with "
        f"`--comments-cache`; each search page against the core steps page on the same server (target ratio <= "
        f"{COMMENTS_SEARCH_RATIO:g}). The fetcher takes {2 * args.fetch_threads} generated threads from a server on "
        "127.0.0.1 under two host names at the default politeness (one request a second per host), and again with no "
        "rate limit; its baseline is the time the rate limit alone imposes.",
    ]


def comments_pages(database: str, company: str, rare: str, common: str) -> list[Page]:
    baseline = "steps table page (core baseline), with comments"
    search = f"search everything {SEARCH_PAGE}"
    return [
        Page(baseline, f"/{database}/steps?company={company}"),
        Page(
            f"{search}, rare term '{rare}', with comments", f"{SEARCH_PAGE}?{httpx.QueryParams({'q': rare})}", baseline
        ),
        Page(
            f"{search}, common term '{common}', with comments",
            f"{SEARCH_PAGE}?{httpx.QueryParams({'q': common})}",
            baseline,
        ),
        Page(
            f"{search}, two words 'system design', with comments",
            f"{SEARCH_PAGE}?{httpx.QueryParams({'q': 'system design'})}",
            baseline,
        ),
        Page(
            f"{search}, comments only, '{common}'",
            f"{SEARCH_PAGE}?{httpx.QueryParams({'q': common, 'kind': 'comments'})}",
            baseline,
        ),
    ]


def comments_rows(args: argparse.Namespace) -> list[Row]:
    """data/ with `--comments` synthetic comments: the build, search against the core steps page; the fetcher."""
    if args.comments <= 0:
        return []
    work = args.work / "comments"
    cache = work / "cache"
    if cache.exists():
        shutil.rmtree(cache)
    log(f"[comments] writing {args.comments:,} synthetic comments")
    threads = discussions_bench.synthetic_comments(ROOT / "data", cache, args.comments, args.seed)
    db_path = work / "interview.db"
    seconds, error = time_builds(ROOT / "data", db_path, 1, ("--comments-cache", str(cache)))
    measure = f"build_db.py with {args.comments:,} comments in {threads} threads"
    rows = [_build_row(1, measure, seconds, error)]
    if not error:
        for line in args.lines:
            with DatasetteServer(db_path, log_path=work / "datasette.log", python=line.python) as server:
                log(f"[comments, Datasette {line.version}] {server.describe()} on {server.base_url}")
                pages = comments_pages(server.database, args.company, args.rare, args.common)
                measured = measure_pages(server, pages, args.requests, args.page_seconds)
            for page in pages:
                row = _comments_page_row(page, measured)
                row.line, row.body_bytes, row.core_ratio = line.version, measured[page.name].body_bytes, row.ratio
                rows.append(row)
    rows.append(fetch_row(work, args.fetch_threads))
    return rows


def _comments_page_row(page: Page, measured: dict[str, Timings]) -> Row:
    timings = measured[page.name]
    row = Row(1, page.name, timings.median_ms, timings.percentile_ms(95))
    if timings.errors:
        row.result = f"error: {timings.error_summary()}"
        return row
    baseline = measured.get(page.baseline) if page.baseline else None
    if baseline is None:
        return row
    row.baseline, row.baseline_median = page.baseline, baseline.median_ms
    row.target = f"ratio <= {COMMENTS_SEARCH_RATIO:g}"
    if baseline.errors or not baseline.median_ms or timings.median_ms is None:
        row.result = f"baseline error: {baseline.error_summary()}"
        return row
    row.ratio = timings.median_ms / baseline.median_ms
    row.result = "met" if row.ratio <= COMMENTS_SEARCH_RATIO else "missed"
    return row


def fetch_row(work: Path, threads_per_platform: int) -> Row:
    log(f"[comments] fetching {2 * threads_per_platform} threads from a loopback server (1 request/s per host)")
    try:
        measured = discussions_bench.fetch_throughput(work, threads_per_platform)
    except (RuntimeError, OSError) as error:
        return Row(1, "fetch-discussions from a loopback server", unit="s", result=f"error: {error}")
    limit = measured.bound_seconds * FETCH_OVERHEAD + 0.5
    log(
        f"    {measured.threads} threads, {measured.comments:,} comments in {measured.seconds:.1f} s "
        f"({measured.unlimited_seconds:.2f} s without the rate limit)"
    )
    return Row(
        1,
        f"fetch-discussions, {measured.threads} threads ({measured.comments // measured.threads} comments each) from "
        f"a loopback server at the default politeness: {measured.threads_per_second:.2f} threads/s",
        measured.seconds,
        None,
        "s",
        baseline=f"the same with no rate limit, {measured.unlimited_seconds:.2f} s; the rate limit alone",
        baseline_median=measured.bound_seconds,
        ratio=measured.seconds / measured.bound_seconds if measured.bound_seconds else None,
        target=f"<= {FETCH_OVERHEAD:g} x the rate limit's {measured.bound_seconds:g} s + 0.5 s",
        result="met" if measured.seconds <= limit else "missed",
    )


# --- profiling -----------------------------------------------------------------------------------


def profile_page(db_path: Path, path: str, requests: int = 20, max_seconds: float = 5.0, top: int = 12) -> str:
    """cProfile of up to `requests` in-process requests (SQL runs in the same thread, so it is counted)."""
    from datasette.app import Datasette

    async def run() -> tuple[cProfile.Profile, int]:
        datasette = Datasette(immutables=[str(db_path)], settings={"suggest_facets": False, "num_sql_threads": 0})
        await datasette.invoke_startup()
        await datasette.client.get(path)
        profiler = cProfile.Profile()
        done, deadline = 0, time.perf_counter() + max_seconds
        while done < requests and time.perf_counter() < deadline:
            profiler.enable()
            await datasette.client.get(path)
            profiler.disable()
            done += 1
        return profiler, done

    profiler, done = asyncio.run(run())
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.strip_dirs().sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumulative").print_stats(r"datasette_interview_prep|jinja2|sqlite|views?", top)
    return f"{done} requests to {path}\n" + out.getvalue()


def worth_profiling(row: Row) -> bool:
    """A page that missed its target or failed (not a 404), or one without a target slower than its baseline."""
    if "404" in row.result:
        return False
    return row.result.startswith(("missed", "error")) or (not row.target and (row.ratio or 0) > 1.0)


def hot_spots(report: str, top: int = 6) -> list[str]:
    """The first `top` lines of the tottime listing: 'tottime per call ... file:line(function)'."""
    lines, started = [], False
    for line in report.splitlines():
        if line.strip().startswith("ncalls"):
            if started:
                break
            started = True
            continue
        if started and line.strip():
            calls, own_seconds, _, _, _, where = line.split(None, 5)
            lines.append(f"{own_seconds} s in {where} ({calls} calls)")
        if len(lines) == top:
            break
    return lines


# --- report --------------------------------------------------------------------------------------


def machine_description() -> dict[str, str]:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        cpu = platform.processor() or cpu
    memory = ""
    try:
        kilobytes = int(Path("/proc/meminfo").read_text().split("MemTotal:")[1].split()[0])
        memory = f", {kilobytes / 1024 / 1024:.1f} GB RAM"
    except (OSError, IndexError, ValueError):
        pass

    def package(name: str) -> str:
        try:
            return version(name)
        except PackageNotFoundError:
            return "not installed"

    load = f"; load average {os.getloadavg()[0]:.1f} when the run started" if hasattr(os, "getloadavg") else ""
    return {
        "machine": f"{cpu}, {os.cpu_count()} cores{memory}, {platform.system()} {platform.release()}{load}",
        "software": f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}, "
        f"Datasette {package('datasette')}, sqlite-utils {package('sqlite-utils')}, "
        f"httpx {package('httpx')}",
        "commit": _commit(),
    }


def _commit() -> str:
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, timeout=5
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain"], cwd=ROOT, capture_output=True, text=True, timeout=5
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return f"{head or 'unknown'}{' with uncommitted changes' if dirty else ''}"


def _number(value: float | None, unit: str) -> str:
    if value is None:
        return "-"
    if unit == "s":
        return f"{value:.2f} s"
    if unit == "MB":
        return f"{value:.0f} MB"
    return f"{value:.1f} ms" if value < 100 else f"{value:.0f} ms"


def results_table(rows: list[Row]) -> str:
    lines = [
        "| Scale | Datasette | Measure | Median | p95 | Baseline (median) | Ratio | Target | Result |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        baseline = f"{row.baseline} ({_number(row.baseline_median, row.unit)})" if row.baseline else ""
        ratio = f"{row.ratio:.2f}" if row.ratio is not None else ("-" if row.baseline else "")
        cells = [
            f"{row.scale}x",
            row.line,
            row.measure,
            _number(row.median, row.unit),
            _number(row.p95, row.unit),
            baseline,
            ratio,
            row.target,
            row.result,
        ]
        lines.append("| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |")
    return "\n".join(lines)


def lines_table(rows: list[Row]) -> str:
    """The pages measured on every line, side by side: median, ratio to that line's own core steps page, size."""
    served_by = list(dict.fromkeys(row.line for row in rows if row.line))
    by_key: dict[tuple[int, str], dict[str, Row]] = {}
    for row in rows:
        if row.line and row.unit != "s":
            by_key.setdefault((row.scale, row.measure), {})[row.line] = row
    header = "| Scale | Measure | " + " | ".join(
        f"{served}: median | {served}: vs core steps page | {served}: size" for served in served_by
    )
    lines = [header + " |", "|---|---|" + "---|---|---|" * len(served_by)]
    for (scale, measure), per_line in by_key.items():
        cells = [f"{scale}x", measure]
        for served in served_by:
            row = per_line.get(served)
            if row is None:
                cells += ["", "", ""]
                continue
            cells += [
                _number(row.median, row.unit),
                f"{row.core_ratio:.2f}" if row.core_ratio is not None else "",
                f"{row.body_bytes / 1000:,.0f} kB" if row.body_bytes else "",
            ]
        lines.append("| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |")
    return "\n".join(lines)


def data_table(infos: list[ScaleInfo], rare: str, common: str) -> str:
    lines = [
        f"| Scale | Companies | Processes | Steps | Sources | Postings | Database | Checklist company "
        f"| Hits '{rare}' | Hits '{common}' |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for info in infos:
        count = info.counts.get
        lines.append(
            f"| {info.scale}x | {count('companies', 0):,} | {count('processes', 0):,} | {count('steps', 0):,} "
            f"| {count('sources', 0):,} | {count('postings', 0):,} | {info.db_bytes / 1e6:.1f} MB "
            f"| {info.company} | {info.hits.get(rare, 0):,} | {info.hits.get(common, 0):,} |"
        )
    return "\n".join(lines)


def summary(rows: list[Row]) -> list[str]:
    with_target = [row for row in rows if row.target]
    met = [row for row in with_target if row.result.startswith("met")]
    lines = [f"{len(met)} of {len(with_target)} targets met."]
    for row in with_target:
        if not row.result.startswith("met"):
            lines.append(f"- {row.scale}x {row.measure}: {row.result or 'not measured'} (target {row.target})")
    return lines


def write_results(path: Path, text: str) -> None:
    kept = ""
    if path.exists():
        previous = path.read_text()
        if KEEP_BELOW in previous:
            kept = previous.split(KEEP_BELOW, 1)[1]
    path.write_text(text.rstrip() + "\n\n" + KEEP_BELOW + (kept if kept.strip() else "\n"))


def render(
    args: argparse.Namespace, machine: dict[str, str], rows: list[Row], infos: list[ScaleInfo], profiles: dict[str, str]
) -> str:
    command = "python benchmarks/run.py " + " ".join(args.argv)
    parts = [
        "# Benchmark results",
        "",
        f"Written by `{command.strip()}` on {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC; "
        "re-run it to update this file.",
        "",
        f"- Machine: {machine['machine']}",
        f"- Software: {machine['software']}",
        "- Datasette lines: "
        + ", ".join(f"{line.version} (`{line.python}`)" for line in args.lines)
        + "; builds use the interpreter run.py runs under.",
        f"- Code: commit {machine['commit']}",
        f"- Server: `datasette -i interview.db {' '.join(RECOMMENDED_SETTINGS)}` on {HOST} "
        "(the recommended settings), one server per scale and line.",
        "",
        "## Targets",
        "",
        *summary(rows),
        "",
        "## Datasette lines side by side",
        "",
        "Each page's median on each line, and for a plugin page its ratio to the core steps page "
        f"(`{CORE_STEPS_PAGE}`) served by the same line in the same run; the size is the answer's body.",
        "",
        lines_table(rows),
        "",
        "## Results",
        "",
        results_table(rows),
        "",
        "## Data at each scale",
        "",
        data_table(infos, args.rare, args.common),
        "",
        "## How it is measured",
        "",
        f"- Build: `python build_db.py` as a whole process (interpreter start-up included), median of {args.runs} "
        f"runs ({BIG_SCALE_RUNS} from {BIG_SCALE}x); p95 of so few runs is their maximum. 1x is data/ itself; "
        "other scales are `benchmarks/synth.py` copies of it (new company names, shuffled steps, sources and "
        "questions with generated wordings and unique URLs; fixed seed). With `--postings`, plain builds and "
        "builds with postings alternate, and the import's cost is the median of each pair's difference (its p95 "
        "column is the largest difference).",
        f"- Pages: {args.requests} sequential requests per page over one kept-alive connection (at most "
        f"{args.page_seconds:g} s per page) after 3 warm-up requests; the ratio is the page's median over its "
        "baseline's median, measured on the same server in the same run.",
        "- Baselines: the company's steps as a Datasette table page for the checklist; Datasette's facet page over "
        "steps for the statistics page; for search everything, the same columns the FTS indexes cover, matched "
        "with `LIKE '%term%'` in a SQL query page with the same row limit and no ranking (so for a common term "
        "LIKE can stop at the limit, while FTS ranks every hit by bm25).",
        f"- The rare term is in the same few rows at every scale (synthetic titles and questions use only words "
        f"found in {synth.COMMON_WORD_MIN_TITLES}+ original titles or questions); the common term grows with the data.",
        f"- Concurrency: {CONCURRENT_CLIENTS} clients (httpx, asyncio) sending {args.concurrent_requests} requests "
        f"in total to the checklist page (stopping after {args.concurrent_seconds:g} s); requests/s is "
        "completed requests over wall time; client and server share the machine's cores.",
        f"- Concurrent sweep: every checklist page once from {args.sweep_clients} clients at once on a fresh server "
        "(memory as several users load it); its RSS row gives the RSS after it and, in the p95 column, the highest "
        "RSS sampled every 0.2 s during it"
        + (
            f" (server environment: {', '.join(f'{k}={v}' for k, v in args.server_env.items())})."
            if args.server_env
            else "."
        ),
        f"- From {BIG_SCALE}x every plugin page (`/-/...`) is held to at most {PLUGIN_VS_CORE_AT_BIG:g} of the core "
        f"steps page's median on the same server and at most {MAX_PAGE_KB} kB (1 kB = 1,000 bytes) of body.",
        "- Default settings: the table and checklist pages again on `datasette interview.db` (mutable, "
        "suggested facets on), as a ratio to the same page under the recommended settings.",
        *comments_method(args),
    ]
    if profiles:
        parts += [
            "",
            "## Hot spots",
            "",
            "Pages that missed their target or failed, and pages without a target that are slower than "
            "their baseline; cProfile of in-process requests (`--profile`), the functions with the most "
            f"time of their own (full listings in {args.work.name}/profile-*.txt).",
            "",
        ]
        for name, report in profiles.items():
            parts.append(f"- {name}:")
            parts += [f"  - `{line}`" for line in hot_spots(report)]
    return "\n".join(parts) + "\n"


# --- main ----------------------------------------------------------------------------------------


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", default="1,10,100", help="Comma-separated scales (default 1,10,100)")
    parser.add_argument(
        "--runs", type=int, default=5, help=f"Build runs per scale ({BIG_SCALE_RUNS} at most from {BIG_SCALE}x)"
    )
    parser.add_argument("--requests", type=int, default=100, help="Sequential requests per page")
    parser.add_argument("--page-seconds", type=float, default=6.0, help="At most this long per page")
    parser.add_argument("--concurrent-requests", type=int, default=1000)
    parser.add_argument("--concurrent-seconds", type=float, default=15.0)
    parser.add_argument("--company", default="anthropic", help="Checklist company at 1x (its synthetic copy above)")
    parser.add_argument("--rare", default="langgraph", help="Rare search term")
    parser.add_argument("--common", default="interview", help="Common search term")
    parser.add_argument(
        "--postings", type=Path, help="Also time `build_db.py --postings DIR` (pages are measured on the default build)"
    )
    parser.add_argument("--no-default-settings", action="store_true", help="Skip the default-settings comparison")
    parser.add_argument(
        "--no-sweep",
        action="store_true",
        help="Skip visiting every checklist page in turn (first and repeat visits, RSS); see --sweep-clients",
    )
    parser.add_argument(
        "--reuse-build",
        action="store_true",
        help="Serve the database a previous run built at each scale instead of timing builds",
    )
    parser.add_argument("--profile", action="store_true", help="cProfile every page that misses its target")
    parser.add_argument(
        "--venv",
        type=Path,
        action="append",
        help="Serve the pages with this venv's Datasette (repeat for each line; default: this interpreter's)",
    )
    parser.add_argument("--compare", default="openai", help="The compare page's second company at 1x (its copy above)")
    parser.add_argument(
        "--sweep-clients",
        type=int,
        default=SWEEP_CLIENTS,
        help="Clients of the concurrent checklist sweep on a fresh server (RSS as users load it; 1: skip it)",
    )
    parser.add_argument("--sweep-seconds", type=float, default=600.0, help="At most this long per concurrent sweep")
    parser.add_argument(
        "--server-env",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="Environment for the concurrent sweep's server, e.g. MALLOC_ARENA_MAX=2",
    )
    parser.add_argument("--seed", type=int, default=synth.DEFAULT_SEED)
    parser.add_argument("--work", type=Path, default=BENCHMARKS / "work", help="Synthetic data and databases")
    parser.add_argument("--output", type=Path, default=BENCHMARKS / "RESULTS.md", help="Markdown file to write")
    parser.add_argument("--check", action="store_true", help="Exit 1 when a target is missed or a page fails")
    add_comment_arguments(parser)
    args = parser.parse_args(argv)
    args.argv = argv
    args.scales = [int(part) for part in args.scale.split(",") if part.strip()]
    args.lines = [datasette_line(venv_python(venv)) for venv in args.venv or []] or [datasette_line(sys.executable)]
    try:
        args.server_env = dict(item.split("=", 1) for item in args.server_env)
    except ValueError:
        parser.error("--server-env takes NAME=VALUE")
    if not args.scales or min(args.scales) < 1:
        parser.error("--scale takes positive integers, e.g. 1,10,100")
    return args


def run_scale(
    args: argparse.Namespace, scale: int, rows: list[Row], infos: list[ScaleInfo], pages_by_scale: dict[int, list[Page]]
) -> None:
    data_dir, variants = prepare_data(scale, args.work, args.seed)
    db_path = args.work / f"{scale}x" / "interview.db"
    db_path.parent.mkdir(parents=True, exist_ok=True)
    runs = min(args.runs, BIG_SCALE_RUNS) if scale >= BIG_SCALE else args.runs
    with_postings = db_path.parent / "with-postings" / db_path.name
    if args.reuse_build and db_path.exists():
        log(f"[{scale}x] reusing {db_path} (no build timed)")
        served = db_path
    else:
        built, served = build_rows(scale, data_dir, db_path, runs, args.postings)
        rows.extend(built)
    if served is None:
        log(f"[{scale}x] no database was built; skipping the pages")
        return
    company = (variants.get(args.company) or [args.company])[-1]
    info = ScaleInfo(scale, data_dir, served, company, compare_with=(variants.get(args.compare) or [args.compare])[-1])
    describe_database(info, [args.rare, args.common])
    infos.append(info)
    for line in args.lines:
        measured_rows = measure_line(args, scale, line, info, db_path, with_postings, pages_by_scale)
        for row in measured_rows:
            row.line = line.version
        rows.extend(measured_rows)


def measure_line(
    args: argparse.Namespace,
    scale: int,
    line: Line,
    info: ScaleInfo,
    db_path: Path,
    with_postings: Path,
    pages_by_scale: dict[int, list[Page]],
) -> list[Row]:
    """Every page of one scale on one Datasette line (its own servers)."""
    rows: list[Row] = []
    served = info.db_path
    tag = f"[{scale}x, Datasette {line.version}]"
    with DatasetteServer(served, log_path=db_path.parent / "datasette.log", python=line.python) as server:
        log(f"{tag} {server.describe()} on {server.base_url}")
        search = find_search_query(server.base_url, server.database)
        if search is None:
            log(f"{tag} no 'search everything' canned query on /{server.database}: its rows will show the 404")
        pages = pages_for(info, server.database, search, args.rare, args.common, sql_page_path(server))
        measured = measure_pages(server, pages, args.requests, args.page_seconds)
        rows.extend(page_rows(scale, pages, measured))
        checklist = next(page for page in pages if page.name.startswith("checklist"))
        rows.append(concurrent_row(scale, server, checklist.path, args.concurrent_requests, args.concurrent_seconds))
        if not args.no_sweep:
            rows.extend(checklist_sweep_rows(scale, server, served))
    if args.sweep_clients > 1:
        rows.extend(
            concurrent_sweep_rows(
                scale,
                served,
                line,
                args.sweep_clients,
                args.sweep_seconds,
                args.server_env,
                db_path.parent / "datasette-sweep.log",
            )
        )
    pages_by_scale[scale] = pages
    if not args.no_default_settings:
        rows.extend(
            default_settings_rows(
                scale,
                info,
                pages,
                measured,
                args.requests,
                args.page_seconds,
                db_path.parent / "datasette-defaults.log",
                line=line,
            )
        )
    if args.postings and with_postings.exists():
        with DatasetteServer(
            with_postings, log_path=with_postings.parent / "datasette.log", python=line.python
        ) as server:
            log(f"{tag} with postings: {server.describe()} on {server.base_url}")
            extra = postings_pages(server.database, args.common)
            postings_measured = measure_pages(server, extra, args.requests, args.page_seconds)
        rows.extend(page_rows(scale, extra, postings_measured))
        if not args.no_default_settings:
            rows.extend(
                default_settings_rows(
                    scale,
                    info,
                    extra[:1],
                    postings_measured,
                    args.requests,
                    args.page_seconds,
                    with_postings.parent / "datasette-defaults.log",
                    db_path=with_postings,
                    line=line,
                )
            )
    return rows


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    args = parse_args(argv)
    isolate_from_user_cache(args.work)
    started = time.perf_counter()
    machine = machine_description()
    rows: list[Row] = []
    infos: list[ScaleInfo] = []
    pages_by_scale: dict[int, list[Page]] = {}
    interrupted = False
    with stop_on_sigterm():
        try:
            for scale in args.scales:
                run_scale(args, scale, rows, infos, pages_by_scale)
            rows.extend(comments_rows(args))
        except KeyboardInterrupt:
            interrupted = True
            log(f"interrupted: the servers are stopped; {args.output} is left as it was")

    profiles: dict[str, str] = {}
    if args.profile and not interrupted:
        for row in rows:
            info = next((info for info in infos if info.scale == row.scale), None)
            page = next((page for page in pages_by_scale.get(row.scale, []) if page.name == row.measure), None)
            if info and page and page.path and worth_profiling(row):
                log(f"[{row.scale}x] profiling {page.name}")
                name = f"{row.scale}x {page.name}"
                profiles[name] = report = profile_page(info.db_path, page.path)
                slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
                (args.work / f"profile-{slug}.txt").write_text(report)

    if not interrupted:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        write_results(args.output, render(args, machine, rows, infos, profiles))
    print(results_table(rows))
    print()
    print("\n".join(summary(rows)))
    for name, report in profiles.items():
        print(f"\nHot spots, {name}:\n  " + "\n  ".join(hot_spots(report)))
    if interrupted:
        return 130
    print(f"\nWrote {args.output} in {time.perf_counter() - started:.0f} s")
    failed = any(row.result.startswith(("missed", "error", "baseline error")) for row in rows)
    return 1 if args.check and failed else 0


if __name__ == "__main__":
    sys.exit(main())
