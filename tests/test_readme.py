"""What the README states, checked against the code (as datasette-graphql tests its README).

- the counts of "What you get" against a build of data/;
- the page table: every row whose first cell names a plugin address is a page of web/registry.py
  PAGES (with the formats it lists), and every page of the registry has a row;
- the number of canned queries against metadata.yml;
- the Datasette lines, version floors and Python version against .ci/run and pyproject, and the
  publish example's wheel against the package's version;
- the commands: the setup block at the top, every script and module a command runs, the entry pages
  the top links;
- timing: a sentence that gives the build or the tests a duration points to benchmarks/RESULTS.md.
"""

from __future__ import annotations

import importlib.util
import re
import sqlite3
from pathlib import Path

import pytest
import yaml

from datasette_interview_prep.build.cli import main as build_main
from datasette_interview_prep.web import registry

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
PYPROJECT_TOML = (ROOT / "pyproject.toml").read_text(encoding="utf-8")  # read by pattern: no tomllib on 3.10
CI_RUN = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
METADATA = yaml.safe_load((ROOT / "datasette_interview_prep" / "web" / "metadata.yml").read_text(encoding="utf-8"))
RESULTS = "benchmarks/RESULTS.md"


def _pyproject(key: str) -> str:
    """A top-level string of pyproject's [project] table."""
    match = re.search(rf'^{key} = "([^"]+)"', PYPROJECT_TOML, re.M)
    assert match, f"pyproject.toml has no {key}"
    return match.group(1)


def _pyproject_list(key: str) -> list[str]:
    """The strings of a list in pyproject (`dependencies = [...]`, `test = [...]`)."""
    match = re.search(rf"^{key} = \[(.*?)^\]", PYPROJECT_TOML, re.M | re.S)
    assert match, f"pyproject.toml has no list {key}"
    return re.findall(r'^\s*"([^"]+)"', match.group(1), re.M)


def _section(title: str) -> str:
    """The README's text under `## title`, up to the next heading of the same level."""
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## )", README, re.M | re.S)
    assert match, f"the README has no section '## {title}'"
    return match.group(1)


def _flat(text: str) -> str:
    return " ".join(text.split())


def _top() -> str:
    return README.split("\n## ", 1)[0]


def _code_lines(text: str) -> list[str]:
    """The lines of the indented code blocks in `text`, comments removed."""
    return [line.strip().split("  #", 1)[0].strip() for line in text.splitlines() if line.startswith("    ")]


def _number(text: str) -> int:
    return int(text.replace(",", ""))


# "What you get": the phrase the README counts with, and the table that holds what it counts.
COUNTED = {
    "companies": r"(\d[\d,]*) companies",
    "processes": r"(\d[\d,]*) interview processes",
    "steps": r"(\d[\d,]*) steps",
    "round_types": r"(\d[\d,]*) round types",
    "prep_items": r"(\d[\d,]*) prep items",
    "sources": r"(\d[\d,]*) sources",
    "questions": r"(\d[\d,]*) reported interview questions",
}


def test_what_you_get_counts_are_those_of_a_build(db_path):
    paragraph = _flat(_section("What you get").strip().split("\n\n", 1)[0])
    connection = sqlite3.connect(db_path)
    try:
        built = {table: connection.execute(f"select count(*) from [{table}]").fetchone()[0] for table in COUNTED}
    finally:
        connection.close()
    stated = {}
    for table, pattern in COUNTED.items():
        match = re.search(pattern, paragraph)
        assert match, f"'What you get' does not count {table} ({pattern})"
        stated[table] = _number(match.group(1))
    assert stated == built


def _page_table_rows() -> list[str]:
    """The first cell of each row of the page table in "What you get"."""
    rows = [line for line in _section("What you get").splitlines() if line.startswith("| ")]
    assert rows and rows[0].startswith("| Page |"), "the page table's header row moved"
    return [row.split(" | ", 1)[0].removeprefix("| ") for row in rows[2:]]


def _named_pages() -> dict[str, set[str]]:
    """Page name -> the formats its rows list, for every row whose first address is the plugin's."""
    named: dict[str, set[str]] = {}
    for cell in _page_table_rows():
        codes = re.findall(r"`([^`]+)`", cell)
        if not codes or not codes[0].startswith("/-/"):
            continue  # Datasette's own pages (/interview, ...) and rows about parameters (?date=...)
        path = codes[0].split("?", 1)[0]
        page = registry.page_at(path)
        assert page is not None, f"the README's page table names {path}, which no page of web/registry.py serves"
        formats = named.setdefault(page.name, set())
        extension = re.search(r"\.([a-z]+)$", path)
        formats |= {extension.group(1)} if extension else set()
        formats |= {code[1:] for code in codes[1:] if re.fullmatch(r"\.[a-z]+", code)}
    return named


def test_the_page_table_lists_every_page_of_the_registry_and_no_other():
    named = _named_pages()
    assert set(named) == {page.name for page in registry.PAGES}
    for name, formats in named.items():
        page = registry.PAGES_BY_NAME[name]
        assert formats <= set(page.formats), f"{page.path}: the README lists {formats - set(page.formats)}"


def test_the_number_of_canned_queries():
    queries = METADATA["databases"]["interview"]["queries"]
    stated = [_number(n) for n in re.findall(r"\b(\d[\d,]*) canned queries", _flat(README))]
    stated += [_number(n) for n in re.findall(r"lists all (\d[\d,]*)", _flat(README))]
    assert stated, "the README no longer says how many canned queries there are"
    assert set(stated) == {len(queries)}


def _ci_lines() -> list[str]:
    match = re.search(r"^lines=\(([^)]*)\)", CI_RUN, re.M)
    assert match, ".ci/run has no lines=(...)"
    return re.findall(r'"([^"]+)"', match.group(1))


def _floors() -> dict[str, str]:
    """Package (lower case) -> the lowest version pyproject allows."""
    floors = {}
    for requirement in _pyproject_list("dependencies"):
        match = re.fullmatch(r"([A-Za-z0-9_.-]+)\s*>=\s*([\d.]+).*", requirement)
        if match:
            floors[match.group(1).lower()] = match.group(2)
    return floors


def _same_version(left: str, right: str) -> bool:
    def parts(version: str) -> list[int]:
        numbers = [int(part) for part in version.split(".")]
        while numbers and numbers[-1] == 0:
            numbers.pop()
        return numbers

    return parts(left) == parts(right)


def test_the_datasette_lines_are_those_ci_tests():
    lines = _ci_lines()
    tested = re.search(r"Tested on \*\*Datasette ([^*]+)\*\*", README)
    assert tested, "the README no longer says which Datasette lines are tested"
    assert re.split(r",\s*|\s+and\s+", tested.group(1)) == lines
    pinned = set(re.findall(r"datasette==([\w.]+)", README))
    assert pinned and pinned <= set(lines), f"the README pins {pinned - set(lines)}, which .ci/run does not test"


def test_the_version_floors_are_those_of_pyproject_and_ci():
    floors = _floors()
    for stated in re.findall(r"`datasette>=([\d.]+)`", README):
        assert stated == floors["datasette"]
    oldest = re.search(r"The oldest\s+versions pyproject allows \(([^)]+)\)", README)
    assert oldest, "the README no longer lists the oldest versions"
    listed = dict(re.findall(r"([A-Za-z-]+) ([\d.]+)", oldest.group(1)))
    assert {name.lower() for name in listed} == {"sqlite-utils", "pydantic", "click", "pyyaml", "datasette"}
    for name, version in listed.items():
        assert _same_version(version, floors[name.lower()]), (name, version, floors[name.lower()])
        installed = re.search(rf"'{name.lower()}==([\d.]+)'", CI_RUN)
        assert installed and _same_version(installed.group(1), version), f".ci/run does not test {name} {version}"
    python = re.search(r"Python (\d+\.\d+)\+", _top())
    assert python and _pyproject("requires-python") == f">={python.group(1)}"


def test_the_publish_example_names_this_version_s_wheel():
    wheels = re.findall(r"datasette_interview_prep-([\w.]+)-py3-none-any\.whl", README)
    assert wheels, "the publish example no longer names the wheel"
    assert set(wheels) == {_pyproject("version")}


def test_the_commands_at_the_top_set_up_build_serve_and_test():
    commands = [command.strip() for line in _code_lines(_top()) for command in line.split("&&")]
    assert "pip install -e ." in commands
    assert "python build_db.py" in commands and (ROOT / "build_db.py").is_file()
    database = next(param.default for param in build_main.params if param.name == "db_path")
    assert f"datasette {database}" in commands, f"the build writes {database} by default"
    extras = [re.fullmatch(r"pip install -e '\.\[(\w+)\]'", command) for command in commands]
    assert [match.group(1) for match in extras if match] == ["test"]
    assert "pytest" in commands and "pytest" in " ".join(_pyproject_list("test"))


def test_the_top_links_the_entry_pages():
    linked = re.findall(r"<http://127\.0\.0\.1:8001(/-/[^>]*)>", _top())
    assert sorted(linked) == sorted(page.path for page in registry.entry_pages())


@pytest.mark.parametrize(
    "command", sorted({line for line in _code_lines(README) if re.match(r"(python3?|bash) ", line)})
)
def test_every_script_and_module_a_command_runs_exists(command):
    script = re.match(r"(?:python3?|bash) (?!-)(\S+)", command)
    if script:
        assert (ROOT / script.group(1)).is_file(), command
    module = re.match(r"python3? -m (\S+)", command)
    if module and module.group(1) not in ("venv", "pip", "pytest", "datasette"):
        assert importlib.util.find_spec(module.group(1)) is not None, command


# "0.68 s", "2 minutes", "under a second"; not "404s".
TIMED = re.compile(r"\b(\d[\d.,]*(\s*(ms|seconds?|minutes?|min|hours?)|\s+s)|a second|a minute|an hour)\b")
ABOUT_OURS = re.compile(r"\b(build|builds|suite|tests?|pytest)\b", re.I)
HOW_LONG = re.compile(r"\b(takes?|took|runs? in|lasts?|finish(es)?( in)?|in about|under)\b")


def test_timing_claims_point_to_the_benchmark_results():
    """A sentence giving the build or the tests a duration is in a paragraph that links RESULTS.md."""
    promised = []
    for paragraph in re.split(r"\n\s*\n", README):
        if RESULTS in paragraph:
            continue
        for sentence in re.split(r"(?<=[.!?])\s+", _flat(paragraph)):
            if TIMED.search(sentence) and ABOUT_OURS.search(sentence) and HOW_LONG.search(sentence):
                promised.append(sentence)
    assert not promised, f"durations with no pointer to {RESULTS}: {promised}"
