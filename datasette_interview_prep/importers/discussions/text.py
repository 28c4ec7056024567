"""Comment markup -> plain text: what the cache stores, so that nothing fetched is ever HTML again.

Hacker News sends a comment as HTML (<p> between paragraphs, <a>, <i>, <pre><code>,
entities); the text of it is kept, tags and all attributes are dropped. A <script>
in a comment arrives escaped (&lt;script&gt;) and is kept as those characters: text,
escaped again wherever it is shown.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

_BLOCK_TAGS = frozenset({"p", "pre", "div", "blockquote", "li", "ul", "ol", "tr", "table", "h1", "h2", "h3", "h4"})
_BLANK_LINES = re.compile(r"\n{3,}")
_TRAILING_SPACE = re.compile(r"[ \t]+\n")


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0  # inside <script> or <style>: not text a reader saw

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self.skipping += 1
        elif tag == "br":
            self.parts.append("\n")
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self.skipping = max(0, self.skipping - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def html_to_text(html: str | None) -> str | None:
    """The text a reader sees in an HTML fragment, paragraphs kept as blank lines; None for nothing."""
    if not html:
        return None
    parser = _TextParser()
    parser.feed(html)
    parser.close()
    text = _BLANK_LINES.sub("\n\n", _TRAILING_SPACE.sub("\n", "".join(parser.parts))).strip()
    return text or None
