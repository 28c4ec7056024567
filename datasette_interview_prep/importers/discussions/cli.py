"""`interview-prep fetch-discussions`: fetch what the threads and articles of data/sources say, into a cache.

    interview-prep fetch-discussions [--only hn|reddit|articles] [--limit N] [--refresh] [--dry-run]

Optional: `python build_db.py` loads whatever the cache holds (build/comments.py)
and builds exactly as before when it is empty. See README, "Comments".
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Literal, cast

import click

from datasette_interview_prep.build.load import DataErrors, load_data
from datasette_interview_prep.core.discussions import CACHE_ENV_VAR, default_cache_dir
from datasette_interview_prep.core.labels import PLATFORM_LABELS
from datasette_interview_prep.importers.discussions.articles import EXTRA_HINT, extractor
from datasette_interview_prep.importers.discussions.fetch import (
    Endpoints,
    FetchSettings,
    Outcome,
    Summary,
    estimated_seconds,
    fetch_all,
)
from datasette_interview_prep.importers.discussions.hackernews import ALGOLIA_API, OFFICIAL_API
from datasette_interview_prep.importers.discussions.http import Politeness
from datasette_interview_prep.importers.discussions.reddit import OAUTH_API, PUBLIC_API, RedditAuth
from datasette_interview_prep.importers.discussions.targets import ONLY_CHOICES, WHY_NOT, Plan, SourceRef, Target, plan

PLATFORM_NAMES = {"hacker_news": "Hacker News", "reddit": "Reddit", "article": "articles"}


@click.group()
def main() -> None:
    """Tools of datasette-interview-prep that work beside the database build."""


@main.command("fetch-discussions")
@click.option(
    "--data",
    "data_dir",
    default="data",
    show_default=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="The data folder whose sources/ lists the threads",
)
@click.option(
    "--cache-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help=f"Where the threads are kept [default: ${CACHE_ENV_VAR}, else {default_cache_dir({})}]",
)
@click.option("--only", type=click.Choice(sorted(ONLY_CHOICES)), multiple=True, help="Only these (repeatable)")
@click.option("--limit", type=click.IntRange(min=0), help="Fetch at most N threads this run (cached ones do not count)")
@click.option("--refresh", is_flag=True, help="Fetch again the threads the cache already holds")
@click.option(
    "--rate",
    type=click.FloatRange(min=0.01, max=10),
    default=1.0,
    show_default=True,
    help="At most this many requests a second to any one host",
)
@click.option("--timeout", type=click.FloatRange(min=1), default=20.0, show_default=True, help="Seconds")
@click.option("--retries", type=click.IntRange(min=0, max=10), default=3, show_default=True, help="After a 429 or 5xx")
@click.option(
    "--hn-api",
    type=click.Choice(["algolia", "official"]),
    default="algolia",
    show_default=True,
    help="Algolia answers a whole thread at once; the official API one comment a request",
)
@click.option("--hn-url", default=ALGOLIA_API, show_default=True, help="Algolia's Hacker News API (or a mirror)")
@click.option("--hn-official-url", default=OFFICIAL_API, show_default=True, help="The official Hacker News API")
@click.option("--reddit-url", default=PUBLIC_API, show_default=True, help="Reddit (or a mirror)")
@click.option(
    "--reddit-oauth-url",
    default=OAUTH_API,
    show_default=True,
    help="Reddit's API for OAuth clients, used when REDDIT_CLIENT_ID and REDDIT_CLIENT_SECRET are set",
)
@click.option(
    "--dry-run", is_flag=True, help="Print what would be fetched and how long it takes at least; fetch nothing"
)
@click.option("-q", "--quiet", is_flag=True, help="No progress bar")
def fetch_discussions(
    data_dir: Path,
    cache_dir: Path | None,
    only: tuple[str, ...],
    limit: int | None,
    refresh: bool,
    rate: float,
    timeout: float,
    retries: int,
    hn_api: str,
    hn_url: str,
    hn_official_url: str,
    reddit_url: str,
    reddit_oauth_url: str,
    dry_run: bool,
    quiet: bool,
) -> None:
    """Fetch the Hacker News and Reddit threads and the articles that data/sources lists.

    Each thread is one file in the cache folder, kept and re-used on the next run
    (--refresh fetches again); at most one request a second to any host; 429 and
    5xx answers are retried after a pause. `python build_db.py` then loads the
    cache into the comments table. The text stays in the cache and the database.
    """
    cache_dir = cache_dir or default_cache_dir()
    platforms = [ONLY_CHOICES[choice] for choice in only] or list(ONLY_CHOICES.values())
    try:
        dataset = load_data(data_dir)
    except DataErrors as errors:
        for error in errors.errors:
            click.echo(f"error: {error}", err=True)
        sys.exit(1)
    sources = [SourceRef(source.url, source.title, source.platform, source.community) for _, source in dataset.sources]
    planned = plan(sources, platforms)
    if "article" in platforms and extractor() is None:
        if only:
            raise click.ClickException(f"articles need trafilatura: {EXTRA_HINT}")
        skipped = sum(1 for target in planned.targets if target.platform == "article")
        planned.targets = [target for target in planned.targets if target.platform != "article"]
        click.echo(f"{skipped} articles left out: trafilatura is not installed ({EXTRA_HINT})", err=True)
    politeness = Politeness(min_interval=1 / rate, timeout=timeout, retries=retries)
    if dry_run:
        _print_plan(planned, politeness, cache_dir)
        return
    settings = FetchSettings(
        cache_dir=cache_dir,
        endpoints=Endpoints(hn_url, hn_official_url, reddit_url, reddit_oauth_url),
        politeness=politeness,
        refresh=refresh,
        limit=limit,
        hn_api=cast(Literal["algolia", "official"], hn_api),
        reddit_auth=RedditAuth.from_environment(Endpoints(reddit=reddit_url).reddit_token),
    )
    with _progress(len(planned.targets), quiet) as advance:
        summary = fetch_all(planned.targets, settings, advance)
    _print_summary(summary, planned, cache_dir, limit)


@contextmanager
def _progress(length: int, quiet: bool) -> Iterator[Callable[[Outcome], None]]:
    if quiet or not sys.stderr.isatty():
        yield lambda outcome: None
        return
    with click.progressbar(length=length, label="Fetching", file=sys.stderr, show_pos=True) as bar:
        yield lambda outcome: bar.update(1)


def _counts_by_platform(targets: list[Target]) -> str:
    counts = Counter(target.platform for target in targets)
    return ", ".join(f"{count:,} {PLATFORM_NAMES[name]}" for name, count in counts.items())


def _print_plan(planned: Plan, politeness: Politeness, cache_dir: Path) -> None:
    seconds = estimated_seconds(planned.targets, politeness)
    click.echo(f"Would fetch {len(planned.targets):,}: {_counts_by_platform(planned.targets) or 'nothing'}")
    click.echo(
        f"At {1 / politeness.min_interval:g} request(s) a second per host, hosts side by side: "
        f"at least {seconds / 60:.1f} minutes ({seconds:.0f} s)"
    )
    _print_not_fetchable(planned)
    click.echo(f"Cache: {cache_dir}")


def _print_not_fetchable(planned: Plan) -> None:
    if not planned.not_fetchable:
        return
    parts = [
        f"{count:,} {PLATFORM_LABELS.get(platform, platform)}"
        + (f" ({WHY_NOT[platform]})" if platform in WHY_NOT else "")
        for platform, count in planned.not_fetchable.most_common()
    ]
    click.echo("Not fetchable: " + "; ".join(parts))


def _print_summary(summary: Summary, planned: Plan, cache_dir: Path, limit: int | None) -> None:
    comments = sum(outcome.comments for outcome in summary.outcomes if outcome.status == "fetched")
    line = (
        f"Fetched {summary.count('fetched'):,} ({comments:,} comments), "
        f"{summary.count('cached'):,} from the cache, {summary.count('failed'):,} failed"
    )
    if summary.left_for_later:
        line += f", {summary.left_for_later:,} left for a later run (--limit {limit})"
    click.echo(f"{line}; {summary.requests:,} requests in {summary.seconds:.1f} s.")
    for failure in summary.failures:
        target = failure.target
        click.echo(f"failed: {PLATFORM_NAMES[target.platform]} {target.source_url}: {failure.reason}", err=True)
    _print_not_fetchable(planned)
    click.echo(f"Cache: {cache_dir} (delete the folder to forget every thread; build_db.py loads what it holds)")
