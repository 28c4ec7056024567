"""Strict YAML reading for data files.

libyaml (CSafeLoader's C parser) does the parsing; on top of it this loader:

- resolves scalars with YAML 1.2 core rules, so `NO`, `on` and `012345` stay
  the strings they were written as (YAML 1.1 would make them False, True, 5349);
- rejects duplicate keys, aliases (no "billion laughs") and any python tag;
- accepts exactly one document per file.
"""

from __future__ import annotations

import re
from collections.abc import Hashable
from pathlib import Path
from typing import Any

import yaml
from yaml._yaml import CParser
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.error import Mark
from yaml.nodes import MappingNode, Node
from yaml.resolver import BaseResolver

MAX_FILE_BYTES = 1_000_000


class YamlFileError(ValueError):
    """A file that cannot be read as one YAML document; `where` is e.g. 'line 3, column 5'."""

    def __init__(self, reason: str, where: str = ""):
        super().__init__(reason)
        self.reason = reason
        self.where = where


class _CoreResolver(BaseResolver):
    pass


# YAML 1.2 core schema: only these plain scalars are not strings.
_CoreResolver.add_implicit_resolver(
    "tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""]
)
_CoreResolver.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
_CoreResolver.add_implicit_resolver(
    "tag:yaml.org,2002:int", re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$"), list("-+0123456789")
)
_CoreResolver.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^[-+]?(?:(?:0|[1-9][0-9]*)\.[0-9]+(?:[eE][-+]?[0-9]+)?)$"),
    list("-+0123456789"),
)


class _StrictConstructor(SafeConstructor):
    def construct_object(self, node: Node, deep: bool = False) -> Any:
        if node in self.constructed_objects:
            raise ConstructorError(None, None, "aliases (*name) are not allowed in data files", node.start_mark)
        return super().construct_object(node, deep=deep)

    def construct_mapping(self, node: MappingNode, deep: bool = False) -> dict[Hashable, Any]:
        seen: dict[Any, Any] = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            if key in seen:
                raise ConstructorError(
                    "while reading a mapping",
                    node.start_mark,
                    f"duplicate key {key!r}",
                    key_node.start_mark,
                )
            seen[key] = True
        # Keys were constructed above; let the base class build the mapping afresh.
        for key_node, _ in node.value:
            self.constructed_objects.pop(key_node, None)
        return super().construct_mapping(node, deep=deep)


class StrictLoader(CParser, _StrictConstructor, _CoreResolver):
    def __init__(self, stream: str) -> None:
        CParser.__init__(self, stream)
        _StrictConstructor.__init__(self)
        _CoreResolver.__init__(self)


def _where(mark: Mark | None) -> str:
    return f"line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""


def parse_yaml(text: str) -> Any:
    """Parse one YAML document with the strict rules above; raise YamlFileError."""
    loader = StrictLoader(text)
    try:
        return loader.get_single_data()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        reason = error.problem or error.context or "invalid YAML"
        if "expected a single document" in str(error):
            reason = "more than one YAML document (remove the '---' separator)"
        elif "could not determine a constructor" in reason:
            reason = f"tag not allowed: {reason.split('tag ', 1)[-1]}"
        raise YamlFileError(reason, _where(mark)) from None
    except yaml.YAMLError as error:
        raise YamlFileError(f"invalid YAML: {error}") from None
    finally:
        loader.dispose()


def read_text_file(path: Path, max_bytes: int = MAX_FILE_BYTES) -> str:
    """Size-check and UTF-8 decode one data file; raise YamlFileError."""
    size = path.stat().st_size
    if size > max_bytes:
        raise YamlFileError(f"file is {size:,} bytes, over the {max_bytes:,}-byte limit")
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise YamlFileError(f"not UTF-8: byte 0x{raw[error.start]:02x} at offset {error.start}") from None
    if not text.strip():
        raise YamlFileError("file is empty")
    return text


def read_yaml_file(path: Path, max_bytes: int = MAX_FILE_BYTES) -> Any:
    """Read, size-check, UTF-8 decode and parse one file; raise YamlFileError."""
    return parse_yaml(read_text_file(path, max_bytes))
