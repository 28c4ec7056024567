"""How AI-engineering companies interview, as a Datasette database and a prep planner.

The package is layered; imports only point down this list (checked by import-linter):

    web/        everything that imports Datasette: hooks, guard, read SQL, views, templates
    render/     text, Markdown, JSON, ICS and SVG from the planner's and statistics' models
    planner/    checklist, schedule, comparison, similar companies: pure functions
    stats/      the report's figures recomputed from rows: pure functions
    build/      data/ -> interview.db (strict YAML, schema, load, atomic write, postings, CLI)
    importers/  the field guide's markdown -> data/
    core/       round-type taxonomy, durations, slugs and URLs: no I/O

The Datasette entry point is `datasette_interview_prep.web`.
"""

__version__ = "0.2.0"
