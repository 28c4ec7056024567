"""Every page the plugin serves, written to a folder, to show that a refactor changes no output.

    python benchmarks/snapshot.py OUT_DIR [--db interview.db]

Builds interview.db from data/ (unless --db names one), starts Datasette in-process and writes, for each
address below, one file holding its status, content type, the headers the plugin sets and the body;
then `interview.dump.sql`, the database as SQL text. Run it before and after a change and `diff -r` the
two folders: what differs is what the change changed.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import re
import sqlite3
import sys
import tempfile
from pathlib import Path
from urllib.parse import quote

from datasette.app import Datasette

from datasette_interview_prep.build.database import build_database
from datasette_interview_prep.build.load import load_data

ROOT = Path(__file__).resolve().parents[1]
# What changes between two runs of the same code: when a calendar was made, how long core's queries took.
VOLATILE = re.compile(r"DTSTAMP:[0-9TZ]+|Queries took [0-9.]+ms|\"query_ms\": [0-9.e-]+", re.MULTILINE)
HEADERS_KEPT = ("content-type", "content-disposition", "allow", "cache-control", "etag", "vary", "location")

FIXED_PATHS = [
    "/-/prep",
    "/-/prep?q=open",
    "/-/prep?q=zzzz-nobody",
    "/-/prep?q=stripe",
    "/-/prep?loop=typical",
    "/-/prep?loop=typical&format=json",
    "/-/prep?loop=typical&format=md",
    "/-/prep?loop=typical&format=ics",
    "/-/prep?loop=typical&date=2026-12-28&hours=8",
    "/-/prep?rounds=coding,system-design,behavioral&company=Acme",
    "/-/prep?rounds=coding,system-design&company=OpenAI&format=json",
    "/-/prep?rounds=nope",
    "/-/prep?rounds=",
    "/-/prep?loop=weird",
    "/-/prep?format=xml",
    "/-/prep?format=json",
    "/-/prep/openai?date=2020-01-01&hours=8",
    "/-/prep/openai.json?date=2020-01-01&hours=8",
    "/-/prep/openai?others=2",
    "/-/prep?rounds=coding&date=nope&hours=x",
    "/-/prep/openai.ics",
    "/-/prep/compare?company=openai&company=openai",
    "/-/prep/compare.json?company=openai",
    "/-/prep/compare",
    "/-/prep/compare?company=openai&company=anthropic",
    "/-/prep/compare.json?company=openai&company=anthropic",
    "/-/prep/compare.md?company=openai&company=anthropic",
    "/-/prep/compare?company=openai",
    "/-/prep/compare?company=nobody&company=openai",
    "/-/prep/openai?date=2026-12-28&hours=8",
    "/-/prep/openai?date=2026-12-07&hours=8",
    "/-/prep/openai?process=openai-1",
    "/-/prep/openai?process=nope",
    "/-/prep/openai.ics?date=2026-12-28&hours=8",
    "/-/prep/anthropic?process=anthropic-1&date=2026-12-20&hours=10",
    "/-/prep/stripe",
    "/-/prep/stripe.json",
    "/-/prep/stripe.md",
    "/-/prep/nobody-at-all",
    "/-/prep/nobody-at-all.json",
    "/-/prep/a/b",
    "/-/interview-stats",
    "/-/interview-stats.json",
    "/-/interview-stats.md",
    "/-/questions",
    "/-/questions.json",
    "/-/questions.md",
    "/-/questions?company=openai",
    "/-/questions.md?company=openai",
    "/-/questions?round_type=coding&topic=rag",
    "/-/questions?q=lru+cache",
    "/-/questions.json?q=transformer+attention&sort=relevance",
    "/-/questions?since=2025&sort=newest",
    "/-/questions?page=2",
    "/-/questions?page=99",
    "/-/questions?company=stripe",
    "/-/questions.json?topic=nope",
    "/-/questions?topic=nope",
    "/-/questions?company=openai&page=40",
    "/-/questions.md?page=40",
    "/-/search",
    "/-/search?q=lru+cache",
    "/-/search?q=rag",
    "/-/search?q=system+design&kind=questions",
    "/-/search.json?q=take+home",
    "/-/search?q=%22unbalanced",
    "/-/search?q=rag&kind=nope",
    "/-/search.json?q=rag&page=0",
    "/-/search?q=rag&kind=questions&page=2",
    "/-/search/x",
    "/interview/steps?_search=system+design",
    "/interview/steps.json?_search=system+design&_shape=array",
    "/interview/processes?_search=agents",
    "/interview/questions?_search=lru",
    "/interview/sources?_search=reddit",
    "/interview/search_items?_search=rag",
    "/interview/search?q=rag",
    "/interview/steps?_sort=nope",
    "/interview/steps?_facet=nope",
]


def company_paths(db_path: Path) -> list[str]:
    conn = sqlite3.connect(db_path)
    slugs = [row[0] for row in conn.execute("select slug from companies order by slug")]
    queries = [row[0] for row in conn.execute("select name from sqlite_master where type = 'table' order by name")]
    conn.close()
    paths = []
    for slug in slugs:
        for suffix in ("", ".json", ".md", ".ics"):
            paths.append(f"/-/prep/{quote(slug)}{suffix}")
    return paths + [f"/interview/{table}" for table in queries if not table.startswith(("search_items_", "_"))]


def file_name(path: str, method: str) -> str:
    digest = hashlib.sha1(f"{method} {path}".encode()).hexdigest()[:10]
    safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in path)[:80]
    return f"{safe}.{method}.{digest}.txt"


async def snapshot(db_path: Path, out: Path) -> int:
    datasette = Datasette([str(db_path)], immutables=[], settings={"num_sql_threads": 1})
    await datasette.invoke_startup()
    # The home and database pages last: Datasette 1.0a shows table counts there once it has counted.
    paths = FIXED_PATHS + company_paths(db_path) + ["/", "/interview"]
    for path in paths:
        for method in ("GET", "HEAD", "POST"):
            if method != "GET" and not path.startswith("/-/"):
                continue
            response = await datasette.client.request(method, path)
            headers = "".join(f"{k}: {response.headers[k]}\n" for k in HEADERS_KEPT if k in response.headers)
            body = VOLATILE.sub("-", response.text) if method == "GET" else f"<{len(response.content)} bytes>"
            (out / file_name(path, method)).write_text(f"{method} {path}\n{response.status_code}\n{headers}\n{body}")
    return len(paths)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--db", type=Path)
    parser.add_argument("--data", type=Path, default=ROOT / "data", help="the data/ folder to build from")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        db_path = args.db or Path(scratch) / "interview.db"
        if args.db is None:
            build_database(load_data(args.data), db_path)
        conn = sqlite3.connect(db_path)
        (args.out / "interview.dump.sql").write_text("\n".join(conn.iterdump()))
        conn.close()
        count = asyncio.run(snapshot(db_path, args.out))
    print(f"{count} addresses written to {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
