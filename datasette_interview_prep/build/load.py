"""Read data/ into validated models, collecting every problem of a run.

Two layouts are accepted:

- the project's: `processes/`, `sources/`, `questions/`, `outlines/`, `rounds.yaml`, `report.yaml`
  (the field guide's `interview/data/`, with `job-descriptions/` for `processes/`, loads too);
- a bare folder of process files, like the field guide's `job-descriptions/`.

The field guide has one process file per posting, so files of the same company
(Nearform has two) merge into one company with the processes of both; they may
not disagree on its category.

Every problem is reported as `file: field: reason`, all of them, not only the first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from datasette_interview_prep.build.duplicates import PlacedProcess, find_duplicates
from datasette_interview_prep.build.schema import (
    CompanyFile,
    Outline,
    OutlinesFile,
    Process,
    Question,
    QuestionsFile,
    ReportFile,
    RoundGuide,
    RoundGuideFile,
    Source,
    SourcesFile,
)
from datasette_interview_prep.build.yamlfile import YamlFileError, read_yaml_file
from datasette_interview_prep.core.slugs import RESERVED_SLUGS, SLUG_PATTERN, slugify

ModelT = TypeVar("ModelT", bound=BaseModel)
# The project's name for the folder of process files, then the field guide's (interview/data/job-descriptions).
PROCESS_FOLDERS: tuple[str, ...] = ("processes", "job-descriptions")


@dataclass(frozen=True)
class DataError:
    path: str
    field: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.field or '(file)'}: {self.reason}"


class DataErrors(Exception):
    def __init__(self, errors: list[DataError]):
        super().__init__(f"{len(errors)} problem(s) in the data")
        self.errors = errors


@dataclass
class Company:
    slug: str
    name: str
    category: str | None
    note: str | None
    website: str | None
    files: list[str]
    aggregate: bool = False
    processes: list[tuple[str, Process]] = field(default_factory=list)  # (process id, process)


@dataclass
class Dataset:
    companies: list[Company]
    sources: list[tuple[str, Source]]  # (file, source)
    round_guides: list[RoundGuide]
    report: ReportFile | None
    questions: list[tuple[str, Question]] = field(default_factory=list)  # (file, question)
    outlines: list[tuple[str, Outline]] = field(default_factory=list)  # (file, outline)

    @property
    def process_count(self) -> int:
        return sum(len(company.processes) for company in self.companies)


def _field_path(location: tuple[Any, ...]) -> str:
    path = ""
    for part in location:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path


_FRIENDLY = {
    "extra_forbidden": "unknown field (a typo?)",
    "missing": "required field is missing",
}
# Strict scalar fields (models.py): say what to write, since YAML 1.1 habits (`on`, `NO`, `012`) are the usual cause.
_STRICT_TYPES = {
    "bool_type": "must be true or false (yes/no/on/off are text here)",
    "int_type": "must be a whole number, unquoted, without leading zeros",
    "float_type": "must be a number, unquoted",
}


def _validation_errors(path: str, error: ValidationError) -> list[DataError]:
    problems = []
    for detail in error.errors():
        location = detail["loc"]
        if detail["type"] in _FRIENDLY:
            reason = _FRIENDLY[detail["type"]]
        elif detail["type"] in _STRICT_TYPES:
            reason = f"{_STRICT_TYPES[detail['type']]} (got {_short(detail['input'])})"
        elif (detail["type"] == "string_pattern_mismatch" and "slug" in location) or "companies" in location:
            reason = f"must match {SLUG_PATTERN} (lowercase letters, digits, '-') (got {_short(detail['input'])})"
        else:
            reason = f"{detail['msg'].removeprefix('Value error, ')} (got {_short(detail.get('input'))})"
        problems.append(DataError(path, _field_path(location), reason))
    return problems


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def read_model(path: Path, model: type[ModelT], root: Path, errors: list[DataError]) -> ModelT | None:
    """Read one file as `model`; on failure append its problems to `errors` and return None."""
    shown = _display_path(path, root)
    if problem := _not_a_data_file(path, root):
        errors.append(DataError(shown, "", problem))
        return None
    try:
        raw = read_yaml_file(path)
    except YamlFileError as error:
        errors.append(DataError(shown, error.where, error.reason))
        return None
    except OSError as error:
        errors.append(DataError(shown, "", f"cannot read: {error.strerror}"))
        return None
    if not isinstance(raw, dict):
        errors.append(DataError(shown, "", f"expected a mapping at the top level, got {type(raw).__name__}"))
        return None
    try:
        return model.model_validate(raw)
    except ValidationError as error:
        errors.extend(_validation_errors(shown, error))
        return None


def _display_path(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root.parent))
    except ValueError:
        return str(path)


def _not_a_data_file(path: Path, root: Path) -> str | None:
    """Why `path` may not be read as a data file, or None.

    Symlinks may point anywhere inside the data folder but not out of it (a
    contributed `x.yaml -> ~/.ssh/id_rsa` must not be read); a directory, a FIFO
    (reading would block) or a dangling link is named rather than skipped.
    """
    if not path.resolve().is_relative_to(root.resolve()):
        return "a symlink to a file outside the data folder"
    if not path.is_file():
        return "not a regular file" + (" (a directory)" if path.is_dir() else "")
    return None


def _yaml_files(folder: Path) -> list[Path]:
    """Every *.yaml/*.yml entry, files or not: read_model reports the ones that are not files."""
    return sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml"))


def _load_companies(folder: Path, root: Path, errors: list[DataError]) -> list[Company]:
    companies: dict[str, Company] = {}
    placed: list[PlacedProcess] = []
    for path in _yaml_files(folder):
        company_file = read_model(path, CompanyFile, root, errors)
        if company_file is None:
            continue
        shown = _display_path(path, root)
        slug = company_file.slug or slugify(company_file.company)
        if not re.match(SLUG_PATTERN, slug):
            errors.append(DataError(shown, "company", f"cannot derive a slug from {company_file.company!r}; add slug:"))
            continue
        if slug in RESERVED_SLUGS:
            errors.append(
                DataError(shown, "slug", f"{slug!r} is taken by the page /-/prep/{slug}: add a different slug:")
            )
            continue
        existing = companies.get(slug)
        if existing and company_file.category and existing.category and company_file.category != existing.category:
            errors.append(
                DataError(
                    shown,
                    "category",
                    f"{company_file.category!r} disagrees with {existing.category!r} in {existing.files[0]} "
                    f"(both files are company {slug!r})",
                )
            )
            continue
        if existing is None:
            existing = companies[slug] = Company(
                slug, company_file.company, company_file.category, company_file.note, company_file.website, []
            )
        existing.files.append(shown)
        existing.aggregate = existing.aggregate or company_file.aggregate
        existing.category = existing.category or company_file.category
        existing.note = existing.note or company_file.note
        for index, process in enumerate(company_file.all_processes()):
            process_id = process.id or f"{slug}-{len(existing.processes) + 1}"
            existing.processes.append((process_id, process))
            where = f"processes[{index}]" if company_file.processes else ""
            placed.append(PlacedProcess(shown, where, slug, process_id, process))
    seen_ids: dict[str, str] = {}
    for company in companies.values():
        for process_id, _ in company.processes:
            if process_id in seen_ids:
                errors.append(DataError(company.files[-1], "processes.id", f"duplicate process id {process_id!r}"))
            seen_ids[process_id] = company.slug
    errors += [
        DataError(
            duplicate.later.file,
            duplicate.later.field,
            f"the same process as {duplicate.first.process_id!r} in {duplicate.first.file} ({duplicate.why}): "
            "a copied file? remove one of the two",
        )
        for duplicate in find_duplicates(placed)
    ]
    return list(companies.values())


def _load_sources(folder: Path, root: Path, errors: list[DataError]) -> list[tuple[str, Source]]:
    sources: list[tuple[str, Source]] = []
    first_seen: dict[str, str] = {}
    for path in _yaml_files(folder):
        sources_file = read_model(path, SourcesFile, root, errors)
        if sources_file is None:
            continue
        shown = _display_path(path, root)
        for index, source in enumerate(sources_file.sources):
            if source.url in first_seen:
                errors.append(
                    DataError(
                        shown,
                        f"sources[{index}].url",
                        f"duplicate URL {source.url} (first in {first_seen[source.url]})",
                    )
                )
                continue
            first_seen[source.url] = shown
            sources.append((shown, source))
    return sources


def _load_questions(
    folder: Path, root: Path, known_urls: set[str], errors: list[DataError]
) -> list[tuple[str, Question]]:
    """Every question of data/questions/*.yaml; ids are unique across files, cited URLs must be sources."""
    questions: list[tuple[str, Question]] = []
    first_seen: dict[str, str] = {}
    for path in _yaml_files(folder):
        questions_file = read_model(path, QuestionsFile, root, errors)
        if questions_file is None:
            continue
        shown = _display_path(path, root)
        for index, question in enumerate(questions_file.questions):
            if question.id in first_seen:
                errors.append(
                    DataError(
                        shown,
                        f"questions[{index}].id",
                        f"duplicate question id {question.id!r} (also in {first_seen[question.id]})",
                    )
                )
                continue
            first_seen[question.id] = shown
            for url_index, url in enumerate(question.sources):
                if url not in known_urls:
                    errors.append(_not_a_source(shown, f"questions[{index}].sources[{url_index}]", url))
            questions.append((shown, question))
    return questions


def _load_outlines(
    folder: Path, root: Path, question_ids: set[str], known_urls: set[str], errors: list[DataError]
) -> list[tuple[str, Outline]]:
    """Every outline of data/outlines/*.yaml: one per question at most, each for a question of the bank,
    a follow-up's source one of data/sources."""
    outlines: list[tuple[str, Outline]] = []
    first_seen: dict[str, str] = {}
    for path in _yaml_files(folder):
        outlines_file = read_model(path, OutlinesFile, root, errors)
        if outlines_file is None:
            continue
        shown = _display_path(path, root)
        for index, outline in enumerate(outlines_file.outlines):
            where = f"outlines[{index}]"
            if outline.id not in question_ids:
                errors.append(
                    DataError(shown, f"{where}.id", f"no question has the id {outline.id!r} (data/questions)")
                )
                continue
            if outline.id in first_seen:
                errors.append(
                    DataError(
                        shown,
                        f"{where}.id",
                        f"a second outline for {outline.id!r} (the first is in {first_seen[outline.id]})",
                    )
                )
                continue
            first_seen[outline.id] = shown
            for follow_index, follow_up in enumerate(outline.follow_ups):
                if follow_up.source and follow_up.source not in known_urls:
                    errors.append(_not_a_source(shown, f"{where}.follow_ups[{follow_index}].source", follow_up.source))
            outlines.append((shown, outline))
    return outlines


def _check_round_guides(guides: list[RoundGuide], shown: str, errors: list[DataError]) -> None:
    seen_types: set[str] = set()
    seen_items: set[str] = set()
    for index, guide in enumerate(guides):
        if guide.round_type in seen_types:
            errors.append(DataError(shown, f"round_types[{index}].round_type", f"{guide.round_type!r} appears twice"))
        seen_types.add(guide.round_type)
        for item_index, item in enumerate(guide.prep):
            if item.id in seen_items:
                errors.append(
                    DataError(shown, f"round_types[{index}].prep[{item_index}].id", f"duplicate id {item.id!r}")
                )
            seen_items.add(item.id)


def _not_a_source(shown: str, field: str, url: str) -> DataError:
    return DataError(shown, field, f"{url} is not in data/sources (add it there with its title)")


def _check_cited_urls(dataset: Dataset, known: set[str], rounds_shown: str, errors: list[DataError]) -> None:
    """Processes and prep items cite only URLs of data/sources (questions are checked as they load)."""
    for company in dataset.companies:
        for process_id, process in company.processes:
            errors += [
                _not_a_source(company.files[-1], f"{process_id}.sources", url)
                for url in process.sources
                if url not in known
            ]
    for guide in dataset.round_guides:
        for item in guide.prep:
            errors += [
                _not_a_source(rounds_shown, f"{item.id}.sources", url) for url in item.sources if url not in known
            ]


def load_data(data_dir: Path) -> Dataset:
    """Load and validate a data folder; raise DataErrors listing every problem found."""
    data_dir = Path(data_dir)
    if not data_dir.is_dir():
        raise DataErrors([DataError(str(data_dir), "", "data folder not found")])
    errors: list[DataError] = []
    processes_dir = next(
        (data_dir / name for name in PROCESS_FOLDERS if (data_dir / name).is_dir()), data_dir / PROCESS_FOLDERS[0]
    )
    if processes_dir.is_dir():
        companies = _load_companies(processes_dir, data_dir, errors=errors)
        sources_dir = data_dir / "sources"
        sources = _load_sources(sources_dir, data_dir, errors) if sources_dir.is_dir() else []
        guides: list[RoundGuide] = []
        rounds_path = data_dir / "rounds.yaml"
        if rounds_path.exists() or rounds_path.is_symlink():
            guide_file = read_model(rounds_path, RoundGuideFile, data_dir, errors)
            if guide_file:
                guides = guide_file.round_types
                _check_round_guides(guides, _display_path(rounds_path, data_dir), errors)
        known_urls = {source.url for _, source in sources}
        questions_dir = data_dir / "questions"
        questions = _load_questions(questions_dir, data_dir, known_urls, errors) if questions_dir.is_dir() else []
        outlines_dir = data_dir / "outlines"
        question_ids = {question.id for _, question in questions}
        outlines = (
            _load_outlines(outlines_dir, data_dir, question_ids, known_urls, errors) if outlines_dir.is_dir() else []
        )
        report_path = data_dir / "report.yaml"
        report = (
            read_model(report_path, ReportFile, data_dir, errors)
            if report_path.exists() or report_path.is_symlink()
            else None
        )
    else:
        companies = _load_companies(data_dir, data_dir, errors=errors)
        sources, guides, report, questions, known_urls, outlines = [], [], None, [], set(), []
    if not companies and not errors:
        errors.append(DataError(str(data_dir), "", "no process files (*.yaml) found"))
    dataset = Dataset(companies, sources, guides, report, questions, outlines)
    _check_cited_urls(dataset, known_urls, _display_path(data_dir / "rounds.yaml", data_dir), errors)
    if errors:
        raise DataErrors(errors)
    return dataset
