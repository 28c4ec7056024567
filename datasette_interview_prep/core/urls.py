"""URLs of sources: one canonical spelling, and the platform a URL lives on."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

_TRACKING_PARAMS = re.compile(r"^(utm_.*|ref|ref_src|s|t|si|source|fbclid|gclid)$")


def normalise_url(value: str) -> str:
    """Check that a URL is http(s) with a host, and give it one canonical spelling.

    Lower-cases scheme and host, drops the fragment, tracking parameters and a
    trailing slash, so the same page cited twice is recognised as one source.
    """
    if not isinstance(value, str):
        raise ValueError("must be a URL string")
    url = value.strip()
    if any(character.isspace() for character in url):
        raise ValueError("URL contains whitespace")
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https"):
        raise ValueError(f"only http(s) URLs are allowed, not {parts.scheme or 'a relative link'!r}")
    if not parts.hostname or "." not in parts.hostname:
        raise ValueError("URL has no host")
    query = urlencode(
        [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _TRACKING_PARAMS.match(k)]
    )
    path = parts.path.rstrip("/") if parts.path not in ("", "/") else ""
    netloc = parts.netloc.lower()
    return urlunsplit((parts.scheme.lower(), netloc, path, query, ""))


def host_of(url: str) -> str:
    host = (urlsplit(url).hostname or "").lower()
    return host[4:] if host.startswith("www.") else host


_PLATFORMS: tuple[tuple[str, str], ...] = (
    ("reddit", r"(.+\.)?reddit\.com|redd\.it"),
    ("hacker_news", r"news\.ycombinator\.com"),
    ("teamblind", r"(.+\.)?teamblind\.com"),
    ("x", r"(mobile\.)?(x|twitter)\.com"),
    # Medium's own domains and the publications it hosts under theirs.
    (
        "medium",
        r"(.+\.)?medium\.com|levelup\.gitconnected\.com|(.+\.)?towardsdatascience\.com|"
        r"code\.likeagirl\.io|ai\.plainenglish\.io",
    ),
    ("youtube", r"(m\.)?youtube\.com|youtu\.be"),
    ("github", r"github\.com|gist\.github\.com"),
    ("linkedin", r"(.+\.)?linkedin\.com"),
    ("dev_to", r"dev\.to"),
    ("substack", r".+\.substack\.com|newsletter\.pragmaticengineer\.com"),
    ("kaggle", r"kaggle\.com"),
)


def platform_of(url: str) -> str:
    """The platform a URL lives on, from its host; 'blog' for anything else."""
    host = host_of(url)
    for platform, pattern in _PLATFORMS:
        if re.fullmatch(pattern, host):
            return platform
    return "blog"
