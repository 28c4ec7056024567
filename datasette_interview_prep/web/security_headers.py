"""The security headers on every answer of the plugin's own routes (Datasette's pages are left as they are).

- `X-Content-Type-Options: nosniff`: a text/plain error or a Markdown export is
  never read as HTML by a browser that guesses.
- `Referrer-Policy: no-referrer`, as Datasette's own views send.
- `Content-Security-Policy`: scripts only from the site itself. The plugin's
  templates hold no inline script and no on*= handler (prep.js and
  prep-store.js are files under static/); the only inline scripts on its pages
  are the ones Datasette's base.html prints on every page (the menu closer, and
  on 1.0a `window.datasetteVersion`). Those are allowed by their SHA-256, taken
  from Datasette's own error page rendered once without a request, so nothing a
  request puts in a page can be allowed by it. Styles from the site; style
  *attributes* allowed because the base-rates bars on /-/prep set their length
  with one (`style="--share: 0.420"`, a number the plugin formats). Images
  from the site (the charts are inline SVG). No plugins, no <base>, forms only
  to the site, and no framing by another site.
"""

from __future__ import annotations

import base64
import hashlib
import re
from typing import TYPE_CHECKING

from datasette_interview_prep.web import compat
from datasette_interview_prep.web.state import plugin_state

if TYPE_CHECKING:
    from datasette.app import Datasette

NOSNIFF = "nosniff"
REFERRER_POLICY = "no-referrer"
# A <script> with no src attribute, and its text.
_INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", re.DOTALL | re.IGNORECASE)


def script_hashes(html: str) -> tuple[str, ...]:
    """CSP source expressions ('sha256-...') for each inline script in `html`, in order, without repeats."""
    hashes = (
        "'sha256-" + base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode("ascii") + "'"
        for body in _INLINE_SCRIPT.findall(html)
    )
    return tuple(dict.fromkeys(hashes))


def content_security_policy(allowed_scripts: tuple[str, ...]) -> str:
    """The policy, given the hashes of the inline scripts Datasette's base template prints."""
    directives = {
        "default-src": "'self'",
        "script-src": " ".join(("'self'", *allowed_scripts)),
        "style-src": "'self'",
        "style-src-attr": "'unsafe-inline'",
        "img-src": "'self'",
        "object-src": "'none'",
        "base-uri": "'none'",
        "form-action": "'self'",
        "frame-ancestors": "'none'",
    }
    return "; ".join(f"{name} {value}" for name, value in directives.items())


def security_headers(policy: str) -> dict[str, str]:
    return {
        "Content-Security-Policy": policy,
        "X-Content-Type-Options": NOSNIFF,
        "Referrer-Policy": REFERRER_POLICY,
    }


async def policy_for(datasette: Datasette) -> str:
    """This Datasette's policy: the hashes come from its own error page, rendered once (templates it was
    started with included)."""
    state = plugin_state(datasette)
    if state.content_security_policy is None:
        probe = await compat.render_error_page(datasette, None, 404, "Not found", "Not found")
        state.content_security_policy = content_security_policy(script_hashes(probe))
    return state.content_security_policy


async def headers_for(datasette: Datasette) -> dict[str, str]:
    return security_headers(await policy_for(datasette))
