"""The HTTP caching rules of the plugin's answers, the same on Datasette 0.65 and 1.0a.

They follow Datasette's own views (views/base.py on 0.65, views/table.py and
app.py's route wrapper on 1.0a), so a CDN in front of N replicas treats the
plugin's pages like the core pages around them:

- Cache-Control on a 200: `max-age=<default_cache_ttl>`, or `?_ttl=N` when N is
  digits (`?_ttl=0` -> `no-cache`: stored, but asked again every time); none at
  all when Datasette runs without cache headers (`--reload`).
- Personalised answers (an actor, or a Cookie or Authorization header on the
  request, as 1.0a's route wrapper decides): `private, no-store` and no ETag,
  whatever `?_ttl=` says. 1.0a forces this on every route; 0.65 does not, so
  the plugin does it on both lines.
- `Vary: Cookie, Authorization` on every answer (1.0a adds it to every
  non-static route): the one request header the pages depend on is who asks.
- Everything but a 200 (4xx, the 302 of a company's other spelling):
  `no-store`. Core sets Cache-Control on 200 only and leaves the rest to the
  cache's defaults, which for some CDNs means caching a 404 for the default
  TTL; an explicit `no-store` keeps "only a 200 is reused" true behind any
  cache. Errors are answered from the parameters before any query runs, so
  not caching them costs little.
- ETag: on an immutable (`-i`) database only, from Datasette's hash of its
  file, the plugin's and Datasette's versions, the page, the format, the raw
  path and full query string, the site's origin (Markdown, ICS and JSON carry
  absolute links) and today's date (plans count days from today). Nothing in
  it is per-process, so every replica of the same file gives the same tag and
  a CDN can revalidate against any of them. Mutable databases get none (they
  can change under a running server), but still the Cache-Control above.
  Strong, except for ICS (its DTSTAMP is the time of the answer: the same
  content, not the same bytes, so the tag is weak).
- `If-None-Match` naming the current tag (weak comparison, as RFC 9110 says for
  it) is answered 304 with no body, before the view runs, on GET and HEAD.

Everything here is pure: the wrapper (registry._answer) reads the request and
the database, these functions decide.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass

VARY = "Cookie, Authorization"
NO_STORE = "no-store"
PRIVATE = "private, no-store"
WEAK_FORMATS = frozenset({"ics"})  # formats whose bytes differ between equal answers (a timestamp)


@dataclass(frozen=True)
class CacheInputs:
    """What decides an answer's cache headers: read from the request and Datasette by the wrapper."""

    default_ttl: int  # the default_cache_ttl setting
    ttl_arg: str | None  # ?_ttl= as given
    cache_headers: bool  # False under --reload, as in core
    personalised: bool  # an actor, a cookie or an Authorization header
    database_hash: str | None  # Datasette's hash of an immutable database file; None when mutable or absent


def ttl(inputs: CacheInputs) -> int:
    """?_ttl= when it is digits (as core reads it), else default_cache_ttl."""
    arg = inputs.ttl_arg
    return int(arg) if arg is not None and arg.isascii() and arg.isdigit() else inputs.default_ttl


def cache_control(inputs: CacheInputs, status: int) -> str | None:
    """The Cache-Control header for an answer with `status` (None: send none, as core under --reload)."""
    if inputs.personalised:
        return PRIVATE
    if status != 200:
        return NO_STORE
    if not inputs.cache_headers:
        return None
    seconds = ttl(inputs)
    return "no-cache" if seconds == 0 else f"max-age={seconds}"


def etag(inputs: CacheInputs, parts: Mapping[str, str], fmt: str | None) -> str | None:
    """The ETag of a 200 answer: None for a mutable database or a personalised answer.

    `parts` names everything else the answer is a function of (versions, page,
    path, query string, origin, date); their names are hashed with them, so no
    two different sets of parts can run together into the same text.
    """
    if inputs.database_hash is None or inputs.personalised:
        return None
    digest = hashlib.sha256(inputs.database_hash.encode())
    for name, value in sorted({**parts, "format": fmt or "html"}.items()):
        digest.update(f"\x00{name}\x00{value}".encode("utf-8", "surrogateescape"))
    tag = f'"{digest.hexdigest()[:32]}"'
    return f"W/{tag}" if fmt in WEAK_FORMATS else tag


def _opaque(tag: str) -> str:
    return tag.strip().removeprefix("W/")


def matches(if_none_match: str | None, tag: str | None) -> bool:
    """Whether If-None-Match names `tag` (weak comparison: W/ ignored on both sides). `*` is not answered 304
    here: it means "any current answer", and whether there is one is known only after the view runs."""
    if not if_none_match or tag is None:
        return False
    return _opaque(tag) in {_opaque(each) for each in if_none_match.split(",")}


def cache_headers(inputs: CacheInputs, status: int, tag: str | None) -> dict[str, str]:
    """Cache-Control, Vary and (on a 200 or a 304) ETag for an answer with `status`."""
    headers = {"Vary": VARY}
    control = cache_control(inputs, 200 if status == 304 else status)
    if control is not None:
        headers["Cache-Control"] = control
    if tag is not None and status in (200, 304):
        headers["ETag"] = tag
    return headers
