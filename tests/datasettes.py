"""Start a Datasette the way `datasette serve` starts one, for tests that need their own instance."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from datasette.app import Datasette


async def start_datasette(*paths: Path | str, **options: Any) -> Datasette:
    """A Datasette serving `paths` (plus Datasette's own options: settings, metadata, immutables...), started."""
    datasette = Datasette([str(path) for path in paths], **options)
    await datasette.invoke_startup()
    return datasette
