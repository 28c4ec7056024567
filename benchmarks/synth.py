"""Synthetic data for the benchmarks: the project's own data/, N times over.

`python benchmarks/synth.py --scale 10 OUT_DIR` writes a complete data folder
(processes/, sources/, questions/, rounds.yaml, report.yaml) that `build_db.py --data
OUT_DIR` accepts. Copy 0 is data/ itself, byte for byte; each further copy has,
for every company, a new company with a generated name, the same processes
with their steps shuffled, and its own sources: generated titles, unique URLs
(the original host and path plus `/bench-<copy>`, so platforms and domains keep
their real distribution). The question bank is copied the same way: each copy
of a question has a generated wording, its sources' copies and its companies'.

Generated titles and questions only use words that appear in at least
`COMMON_WORD_MIN_TITLES` original titles (questions: original questions): a
word that is rare in data/ (the benchmark's rare search term) stays in the same
few rows at every scale, while common words grow with it.

Deterministic: the same data/, scale and seed give the same files. Reads only
the data folder it is given (never ../shared).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import shutil
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import yaml

from datasette_interview_prep.build.yamlfile import read_yaml_file
from datasette_interview_prep.core.slugs import slugify
from datasette_interview_prep.core.urls import normalise_url

DEFAULT_SEED = 20260
COMMON_WORD_MIN_TITLES = 5
STAMP_FILE = ".synth.json"

_SYLLABLES = [
    "ka",
    "lo",
    "vi",
    "ra",
    "ne",
    "to",
    "mi",
    "sa",
    "zu",
    "per",
    "den",
    "qua",
    "lix",
    "or",
    "an",
    "el",
    "bri",
    "cor",
    "dax",
    "fen",
    "mo",
    "tri",
    "vel",
    "syn",
]
_SUFFIXES = ["", " AI", " Labs", " Systems", " Analytics", " Robotics", " Health", " Cloud", " Data", " Group"]
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9+#.-]*[A-Za-z0-9+#]|[A-Za-z]")


@dataclass
class SynthResult:
    data_dir: Path
    scale: int
    seed: int
    companies: int = 0
    sources: int = 0
    reused: bool = False
    variants: dict[str, list[str]] = field(default_factory=dict)  # original slug -> generated slugs, in copy order


def _dump(path: Path, document: dict[str, Any]) -> None:
    # The C dumper quotes every string YAML 1.1 would retype ("NO", "012", "2026-01-15"),
    # a superset of what the project's YAML 1.2 reader needs quoted.
    text = yaml.dump(document, Dumper=yaml.CSafeDumper, sort_keys=False, allow_unicode=True, width=1000)
    path.write_text(text, encoding="utf-8")


def _fingerprint(source: Path, scale: int, seed: int) -> str:
    digest = hashlib.sha256(f"{scale}:{seed}:{COMMON_WORD_MIN_TITLES}".encode())
    digest.update(Path(__file__).read_bytes())
    for path in sorted(source.rglob("*.y*ml")):
        digest.update(str(path.relative_to(source)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def variant_url(url: str, copy: int) -> str:
    """The copy's own URL for a source: same host and path, plus /bench-<copy>."""
    parts = urlsplit(normalise_url(url))
    return normalise_url(urlunsplit((parts.scheme, parts.netloc, f"{parts.path}/bench-{copy}", parts.query, "")))


class _Names:
    """Unique, pronounceable company names that never collide with a slug in use."""

    def __init__(self, rng: random.Random, taken: set[str]):
        self.rng = rng
        self.taken = set(taken)

    def new(self) -> tuple[str, str]:
        while True:
            syllables = self.rng.randint(2, 4)
            stem = "".join(self.rng.choice(_SYLLABLES) for _ in range(syllables)).capitalize()
            name = stem + self.rng.choice(_SUFFIXES)
            slug = slugify(name)
            if slug not in self.taken:
                self.taken.add(slug)
                return name, slug


class _Titles:
    """Titles drawn from the common words of the original titles, weighted by how often each is used."""

    def __init__(self, rng: random.Random, titles: list[str]):
        self.rng = rng
        in_titles = Counter(word.lower() for title in titles for word in set(_WORD.findall(title)))
        spelled = {word.lower(): word for title in titles for word in _WORD.findall(title)}
        common = sorted(word for word, count in in_titles.items() if count >= COMMON_WORD_MIN_TITLES)
        self.words = [spelled[word] for word in common] or ["interview"]
        self.weights = [in_titles[word] for word in common] or [1]

    def new(self, like: str) -> str:
        length = max(3, min(16, len(like.split()) + self.rng.randint(-2, 2)))
        words = self.rng.choices(self.words, weights=self.weights, k=length)
        return " ".join(words)[:480].capitalize()


def _company_variant(raw: dict[str, Any], name: str, slug: str, copy: int, rng: random.Random) -> dict[str, Any]:
    document = json.loads(json.dumps(raw))  # a deep copy of plain YAML data
    document["company"] = name
    document["slug"] = slug
    document.pop("website", None)
    containers = document.get("processes") or [document]
    for process in containers:
        if process is not document:
            process.pop("id", None)  # ids default to <slug>-<n>, unique per company
        if isinstance(process.get("steps"), list):
            rng.shuffle(process["steps"])
        if isinstance(process.get("sources"), list):
            process["sources"] = [variant_url(url, copy) for url in process["sources"]]
    return document


def _source_variant(
    source: dict[str, Any], copy: int, slug_for: dict[str, list[str]], titles: _Titles
) -> dict[str, Any]:
    variant = dict(source)
    variant["url"] = variant_url(source["url"], copy)
    variant["title"] = titles.new(str(source.get("title", "")))
    if source.get("summary"):
        variant["summary"] = titles.new(str(source["summary"]))
    if source.get("companies"):
        variant["companies"] = [slug_for[slug][copy - 1] if slug in slug_for else slug for slug in source["companies"]]
    return variant


def _question_variant(
    question: dict[str, Any], copy: int, slug_for: dict[str, list[str]], wordings: _Titles
) -> dict[str, Any]:
    variant = dict(question)
    suffix = f"-bench-{copy}"  # kept whole: a cut suffix would give two copies one id
    variant["id"] = question["id"][: 64 - len(suffix)] + suffix
    variant.pop("key", None)
    # A verbatim copy would put each of a question's words in `scale` times as many rows, the rare term too.
    variant["question"] = wordings.new(str(question.get("question", ""))).rstrip(".?") + "?"
    if question.get("format"):
        variant["format"] = wordings.new(str(question["format"]))
    variant["sources"] = [variant_url(url, copy) for url in question.get("sources") or []]
    if question.get("companies"):
        variant["companies"] = [
            slug_for[slug][copy - 1] if slug in slug_for else slug for slug in question["companies"]
        ]
    return variant


def generate(source: Path, dest: Path, scale: int, seed: int = DEFAULT_SEED) -> SynthResult:
    """Write `scale` copies of the data folder `source` into `dest` (replaced); copy 0 is `source` itself."""
    if scale < 1:
        raise ValueError("scale must be at least 1")
    source, dest = Path(source), Path(dest)
    for required in ("processes", "sources"):
        if not (source / required).is_dir():
            raise ValueError(f"{source} has no {required}/ folder (the project's data layout is needed)")
    result = SynthResult(dest, scale, seed)
    fingerprint = _fingerprint(source, scale, seed)
    stamp = dest / STAMP_FILE
    if stamp.exists():
        saved = json.loads(stamp.read_text())
        if saved.get("fingerprint") == fingerprint:
            return SynthResult(dest, scale, seed, saved["companies"], saved["sources"], True, saved["variants"])
    if dest.exists():
        if any(dest.iterdir()) and not stamp.exists():
            raise ValueError(f"{dest} is not empty and was not written by synth.py; not replacing it")
        shutil.rmtree(dest)
    (dest / "processes").mkdir(parents=True)
    (dest / "sources").mkdir()
    for name in ("rounds.yaml", "report.yaml"):
        if (source / name).exists():
            shutil.copyfile(source / name, dest / name)

    rng = random.Random(seed)
    company_files = sorted((source / "processes").glob("*.y*ml"))
    source_files = sorted((source / "sources").glob("*.y*ml"))
    companies = [(path, read_yaml_file(path)) for path in company_files]
    source_lists = [(path, read_yaml_file(path).get("sources") or []) for path in source_files]
    question_files = sorted((source / "questions").glob("*.y*ml")) if (source / "questions").is_dir() else []
    question_lists = [(path, read_yaml_file(path).get("questions") or []) for path in question_files]
    if question_files:
        (dest / "questions").mkdir()
    original_slugs = {raw.get("slug") or slugify(raw["company"]) for _, raw in companies}
    names = _Names(rng, original_slugs)
    titles = _Titles(rng, [str(item.get("title", "")) for _, items in source_lists for item in items])
    wordings = _Titles(rng, [str(item.get("question", "")) for _, items in question_lists for item in items])

    for path in company_files:
        shutil.copyfile(path, dest / "processes" / path.name)
    for path in source_files:
        shutil.copyfile(path, dest / "sources" / path.name)
    for path in question_files:
        shutil.copyfile(path, dest / "questions" / path.name)
    result.companies = len(companies)
    result.sources = sum(len(items) for _, items in source_lists)

    for copy in range(1, scale):
        for _, raw in companies:
            name, slug = names.new()
            original = raw.get("slug") or slugify(raw["company"])
            result.variants.setdefault(original, []).append(slug)
            _dump(dest / "processes" / f"{slug}.yaml", _company_variant(raw, name, slug, copy, rng))
            result.companies += 1
        for path, items in source_lists:
            variants = [_source_variant(item, copy, result.variants, titles) for item in items]
            if variants:
                _dump(dest / "sources" / f"{path.stem}-bench-{copy:03d}.yaml", {"sources": variants})
                result.sources += len(variants)
        for path, items in question_lists:
            if items:
                variants = [_question_variant(item, copy, result.variants, wordings) for item in items]
                _dump(dest / "questions" / f"{path.stem}-bench-{copy:03d}.yaml", {"questions": variants})

    stamp.write_text(
        json.dumps(
            {
                "fingerprint": fingerprint,
                "companies": result.companies,
                "sources": result.sources,
                "variants": result.variants,
            }
        )
    )
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dest", type=Path, help="Folder to write (replaced)")
    parser.add_argument("--scale", type=int, default=10, help="How many copies of data/ (default 10)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument(
        "--data",
        type=Path,
        default=Path(__file__).resolve().parents[1] / "data",
        help="The data folder to vary (default: the project's data/)",
    )
    args = parser.parse_args(argv)
    result = generate(args.data, args.dest, args.scale, args.seed)
    print(
        f"{result.data_dir}: {result.companies:,} companies, {result.sources:,} sources"
        f"{' (unchanged, reused)' if result.reused else ''}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
