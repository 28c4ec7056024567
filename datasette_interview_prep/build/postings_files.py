"""Read a folder of job postings laid out like the field guide's `job-market/`.

    job-market/
        data_structured/<job id>_<company>_<title>.yaml   company, position, skills by group, meta.job_id
        data_raw/<job id>_<company>_<title>.yaml          job_id, title, location, level, description, ...

The two files of a posting are matched by job id; a posting found in only one
folder is still imported with the fields that folder has (`found_in` says which).
Files are parsed with the project's strict rules (libyaml, one document, UTF-8,
size cap, YAML 1.2 core scalars, no aliases, tags or duplicate keys); the nodes
libyaml composes are turned into Python values by a small walker, because
PyYAML's constructor was a third of the import's time.

The files are someone else's export, so unknown keys are ignored, missing or
null fields become NULL, and only a field of the wrong type makes a file
unusable: such a file is skipped, with its name and the reason, and the rest
are read.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from yaml import MarkedYAMLError, YAMLError
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from datasette_interview_prep.build.postings_values import normalise_categories
from datasette_interview_prep.build.yamlfile import StrictLoader, YamlFileError, parse_yaml, read_text_file
from datasette_interview_prep.core.tables import POSTING_FILE_COLUMNS, SKILL_GROUPS
from datasette_interview_prep.core.text import unique_casefold

FOLDERS = {"data_structured": "structured", "data_raw": "raw"}
MAX_POSTING_BYTES = 200_000  # the largest real posting is 16 KB
JOB_ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]{0,63}$")
_ID_IN_FILE_NAME = re.compile(r"^([0-9]+)_")

# The columns of a posting as read, in the table's order (core/tables.py declares them).
COLUMNS: tuple[str, ...] = tuple(column.name for column in POSTING_FILE_COLUMNS)
JSON_COLUMNS = (
    "industries",
    "skills",
    *(f"skills_{group}" for group in SKILL_GROUPS),
    "responsibilities",
    "use_cases",
    "found_in",
    "files",
)


class PostingsFolderError(Exception):
    """The folder itself is unusable (missing, or holds no posting files)."""


class PostingFileError(ValueError):
    pass


@dataclass(frozen=True)
class SkippedFile:
    file: str
    reason: str

    def __str__(self) -> str:
        return f"{self.file}: {self.reason}"


@dataclass
class PostingsRead:
    rows: list[dict[str, Any]] = field(default_factory=list)
    skipped: list[SkippedFile] = field(default_factory=list)


def find_posting_files(folder: Path) -> list[Path]:
    """Every *.yaml / *.yml file in the folder's data_structured/ and data_raw/."""
    folder = Path(folder)
    if not folder.is_dir():
        raise PostingsFolderError(f"{folder}: postings folder not found")
    subfolders = [folder / name for name in FOLDERS if (folder / name).is_dir()]
    if not subfolders:
        raise PostingsFolderError(f"{folder}: has neither data_structured/ nor data_raw/")
    files = [
        path
        for subfolder in subfolders
        for path in sorted(subfolder.iterdir(), key=lambda path: path.name)
        if path.suffix in (".yaml", ".yml") and path.is_file()
    ]
    if not files:
        searched = " or ".join(f"{subfolder.name}/" for subfolder in subfolders)
        raise PostingsFolderError(f"{folder}: no posting files (*.yaml) in {searched}")
    return files


def read_postings(folder: Path) -> PostingsRead:
    """Read every posting of a folder: rows in job-id order, and the files skipped with reasons."""
    return read_posting_files(find_posting_files(folder), Path(folder))


def read_posting_files(paths: Iterable[Path], root: Path) -> PostingsRead:
    """Read `paths` (files under root/data_structured and root/data_raw), e.g. wrapped in a progress bar."""
    root = Path(root)
    parts: dict[str, dict[str, dict[str, Any]]] = {}  # job id -> kind -> fields
    files: dict[str, dict[str, str]] = {}  # job id -> kind -> file, relative to root
    skipped: list[SkippedFile] = []
    for path in paths:
        kind = FOLDERS.get(path.parent.name)
        try:
            if kind is None:
                raise PostingFileError(f"not in {' or '.join(f'{name}/' for name in FOLDERS)}")
            fields = _read_fields(path, kind)
        except PostingFileError as error:
            skipped.append(SkippedFile(_relative(path, root.parent), str(error)))
            continue
        job_id = fields.pop("job_id")
        if kind in files.get(job_id, {}):
            skipped.append(
                SkippedFile(_relative(path, root.parent), f"duplicate job id {job_id}, also in {files[job_id][kind]}")
            )
            continue
        parts.setdefault(job_id, {})[kind] = fields
        files.setdefault(job_id, {})[kind] = _relative(path, root)
    rows = [_merge(job_id, parts[job_id], files[job_id]) for job_id in sorted(parts, key=_job_id_order)]
    normalise_categories(rows)
    return PostingsRead(rows, skipped)


def _job_id_order(job_id: str) -> tuple[int, int | str]:
    return (0, int(job_id)) if job_id.isdigit() else (1, job_id)


def _relative(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


def _read_fields(path: Path, kind: str) -> dict[str, Any]:
    try:
        document = read_posting_yaml(path)
    except YamlFileError as error:
        raise PostingFileError(f"{error.where}: {error.reason}" if error.where else error.reason) from None
    except OSError as error:
        raise PostingFileError(f"cannot read: {error.strerror}") from None
    if not isinstance(document, dict):
        raise PostingFileError(f"expected a mapping at the top level, got {_type_name(document)}")
    fields = _structured_fields(document) if kind == "structured" else _raw_fields(document)
    fields["job_id"] = _job_id(fields.pop("job_id"), path.name)
    return fields


def read_posting_yaml(path: Path, max_bytes: int = MAX_POSTING_BYTES) -> Any:
    """yamlfile.read_yaml_file's checks and values, about twice as fast; raise YamlFileError."""
    text = read_text_file(path, max_bytes)
    loader = StrictLoader(text)  # libyaml parses and composes; the core resolver tags the scalars
    try:
        node = loader.get_single_node()
    except MarkedYAMLError:
        return parse_yaml(text)  # the reference reader words the error
    except YAMLError as error:
        raise YamlFileError(f"invalid YAML: {error}") from None
    finally:
        loader.dispose()
    try:
        return _value(node, set()) if node is not None else None
    except RecursionError:
        raise YamlFileError("nested too deeply for a posting") from None


Scalar = str | int | float | bool | None
YamlMapping = dict[Scalar, Any]  # a mapping's keys are plain values (_value refuses others)

_SCALAR_TYPES: dict[str, Callable[[str], Scalar]] = {
    "tag:yaml.org,2002:str": str,
    "tag:yaml.org,2002:int": int,
    "tag:yaml.org,2002:float": float,
    "tag:yaml.org,2002:null": lambda value: None,
    "tag:yaml.org,2002:bool": lambda value: {"true": True, "false": False}[value.lower()],
}


def _value(node: Node, seen: set[int]) -> Any:
    """A composed node as Python values, refusing what the strict reader refuses."""
    if id(node) in seen:  # libyaml hands back the anchored node itself for an alias
        raise YamlFileError("aliases (*name) are not allowed in data files", _mark(node))
    seen.add(id(node))
    if isinstance(node, ScalarNode):
        if node.tag not in _SCALAR_TYPES:
            raise YamlFileError(f"tag not allowed: {node.tag}", _mark(node))
        try:
            return _SCALAR_TYPES[node.tag](node.value)
        except (KeyError, ValueError):
            raise YamlFileError(f"{node.value!r} is not a valid {node.tag.rsplit(':', 1)[-1]}", _mark(node)) from None
    if isinstance(node, SequenceNode) and node.tag == "tag:yaml.org,2002:seq":
        return [_value(item, seen) for item in node.value]
    if isinstance(node, MappingNode) and node.tag == "tag:yaml.org,2002:map":
        mapping: YamlMapping = {}
        for key_node, value_node in node.value:
            key = _value(key_node, seen)
            if isinstance(key, (dict, list)):
                raise YamlFileError("a mapping key must be a plain value", _mark(key_node))
            if key in mapping:
                raise YamlFileError(f"duplicate key {key!r}", _mark(key_node))
            mapping[key] = _value(value_node, seen)
        return mapping
    raise YamlFileError(f"tag not allowed: {node.tag}", _mark(node))


def _mark(node: Node) -> str:
    return f"line {node.start_mark.line + 1}, column {node.start_mark.column + 1}"


def _job_id(in_file: str | None, file_name: str) -> str:
    match = _ID_IN_FILE_NAME.match(file_name)
    in_name = match.group(1) if match else None
    if in_file and in_name and in_file != in_name:
        raise PostingFileError(f"job id {in_file} does not match the file name's {in_name}")
    job_id = in_file or in_name
    if not job_id:
        raise PostingFileError("no job id: neither in the file nor at the start of its name")
    if not JOB_ID_PATTERN.match(job_id):
        raise PostingFileError(f"job id {job_id!r} is not a short id of letters, digits and '-'")
    return job_id


def _structured_fields(document: YamlMapping) -> dict[str, Any]:
    company = _mapping(document, "company")
    position = _mapping(document, "position")
    meta = _mapping(document, "meta")
    ai_type = position.get("ai_type")
    if isinstance(ai_type, dict):
        ai_type = ai_type.get("type")
    skills = _mapping(position, "skills", "position.skills")
    groups = {group: _text_list(skills.get(group), f"position.skills.{group}") for group in SKILL_GROUPS}
    for group in skills:
        if group not in SKILL_GROUPS:  # a group this reader does not know still counts
            groups["other"] += _text_list(skills[group], f"position.skills.{group}")
    return {
        "job_id": _text(meta.get("job_id"), "meta.job_id"),
        "title": _text(position.get("title"), "position.title"),
        "company": _text(company.get("name"), "company.name"),
        "company_stage": _text(company.get("stage"), "company.stage"),
        "company_focus": _text(company.get("focus"), "company.focus"),
        "ai_type": _text(ai_type, "position.ai_type.type"),
        **{f"skills_{group}": unique_casefold(values) for group, values in groups.items()},
        "responsibilities": _text_list(position.get("responsibilities"), "position.responsibilities"),
        "use_cases": _text_list(position.get("use_cases"), "position.use_cases"),
        "is_customer_facing": _flag(position.get("is_customer_facing"), "position.is_customer_facing"),
        "is_management": _flag(position.get("is_management"), "position.is_management"),
    }


def _raw_fields(document: YamlMapping) -> dict[str, Any]:
    fields: dict[str, str | list[str] | None] = {
        name: _text(document.get(name), name)
        for name in (
            "job_id",
            "title",
            "company",
            "location",
            "level",
            "work_type",
            "company_size",
            "description",
            "posted_date",
            "url",
        )
    }
    fields["skills"] = _text_list(document.get("skills"), "skills")
    fields["industries"] = _text_list(document.get("industries"), "industries")
    return fields


def _merge(job_id: str, parts: dict[str, dict[str, Any]], files: dict[str, str]) -> dict[str, Any]:
    """One row from the structured and/or raw fields; structured wins where both have a value."""
    structured, raw = parts.get("structured", {}), parts.get("raw", {})
    row: dict[str, Any] = {"job_id": job_id}
    for column in COLUMNS[1:]:
        if column in ("skills", "found_in", "files"):
            continue
        value = structured.get(column)
        row[column] = value if value not in (None, []) else raw.get(column, [] if column in JSON_COLUMNS else None)
    grouped = [skill for group in SKILL_GROUPS for skill in structured.get(f"skills_{group}", [])]
    row["skills"] = unique_casefold(grouped + raw.get("skills", []))
    row["found_in"] = [kind for kind in ("structured", "raw") if kind in parts]
    row["files"] = [files[kind] for kind in ("structured", "raw") if kind in files]
    return {
        column: json.dumps(row[column], ensure_ascii=False) if column in JSON_COLUMNS else row[column]
        for column in COLUMNS
    }


def _mapping(parent: YamlMapping, key: str, shown: str | None = None) -> YamlMapping:
    value = parent.get(key)
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise PostingFileError(f"{shown or key}: expected a mapping, got {_type_name(value)}")
    return value


def _text(value: Any, shown: str) -> str | None:
    """Text, or None when absent or blank; YAML numbers (a title '2049', an id) become text."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise PostingFileError(f"{shown}: expected text, got {_type_name(value)}")
    return str(value).strip() or None


def _text_list(value: Any, shown: str) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise PostingFileError(f"{shown}: expected a list, got {_type_name(value)}")
    items = (_text(item, f"{shown}[{index}]") for index, item in enumerate(value))
    return [item for item in items if item]


def _flag(value: Any, shown: str) -> int | None:
    if value is None:
        return None
    if not isinstance(value, bool):
        raise PostingFileError(f"{shown}: expected true or false, got {_type_name(value)} {value!r}"[:200])
    return int(value)


def _type_name(value: Any) -> str:
    return {
        dict: "a mapping",
        list: "a list",
        bool: "true/false",
        str: "text",
        int: "a number",
        float: "a number",
        type(None): "nothing",
    }.get(type(value), type(value).__name__)
