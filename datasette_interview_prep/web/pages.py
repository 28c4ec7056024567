"""What every plugin page's template needs: its stylesheet, script and the way back to /-/prep."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from datasette_interview_prep.web import registry

if TYPE_CHECKING:
    from datasette.app import Datasette

STATIC_PLUGIN = "datasette_interview_prep"


def base_context(datasette: Datasette) -> dict[str, Any]:
    """Asset and index links for templates extending _prep_base.html (built with datasette.urls: base_url works)."""
    return {
        "prep_css_url": datasette.urls.static_plugins(STATIC_PLUGIN, "prep.css"),
        "prep_js_url": datasette.urls.static_plugins(STATIC_PLUGIN, "prep.js"),
        # Before prep.js (and any script that keeps state): the one store of ticks and saved sections.
        "prep_store_js_url": datasette.urls.static_plugins(STATIC_PLUGIN, "prep-store.js"),
        # Ticks on pages without a checklist's progress panel (the question bank, a company with no loop).
        "ticks_js_url": datasette.urls.static_plugins(STATIC_PLUGIN, "ticks.js"),
        # Keeps a checklist's folds open while ticking elsewhere (Datasette 0.65 closes every <details>).
        "folds_js_url": datasette.urls.static_plugins(STATIC_PLUGIN, "folds.js"),
        # After it, on every page that imports an export: how the "reviews" section merges (the later review wins).
        "reviews_js_url": datasette.urls.static_plugins(STATIC_PLUGIN, "reviews.js"),
        "index_url": registry.page_path(datasette, "prep"),
    }
