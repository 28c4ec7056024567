"""Read the field guide's markdown link lists into `data/sources/*.yaml`.

The inventories are lists of links such as

    1. [Interview experience at OpenAI](https://www.reddit.com/r/...) (r/MachineLearning, score 119) -- ...
    - [xAI Software Engineer Interview 2026 Full Recap](https://dev.to/...) (Jan 2026) - ...
    - Bithealth: [verneylmavt/bithealth-crfc](https://github.com/...) (Dec 2025) - ...

under `##` / `###` headings. Only facts are kept: the URL, the link text, the
community, score and date in the parentheses after the link, the heading and
the inventory. The description after " -- " or " - " is the field guide's prose
and is never stored: it is only scanned for the project's own topic, company
and round-type tags (links inside it become sources of their own).

    python -m datasette_interview_prep.importers.linklists SOURCES_DIR REPORT_MD OUT_DIR
"""

from __future__ import annotations

import argparse
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from datasette_interview_prep.core.slugs import slugify
from datasette_interview_prep.core.urls import normalise_url, platform_of

# Order matters: a URL is kept in the first file it appears in.
INVENTORIES: tuple[str, ...] = ("discussion-threads", "articles", "github-repos", "all-links")
FOOTNOTES_INVENTORY = "report-footnotes"

# Link text may hold one level of brackets ("... [offer accepted]"), a URL one level of parentheses.
LINK = re.compile(r"\[((?:[^\[\]]|\[[^\[\]]*\])+)\]\((https?://[^()\s]*(?:\([^()\s]*\)[^()\s]*)*)\)")
# The field guide's markdown, as every importer reads it (markdown.py and guide_sources.py too).
HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_LIST_ITEM = re.compile(r"^(\s*)(?:\d+[.)]|[-*+])\s+(.*)$")
FOOTNOTE_DEFINITION = re.compile(r"^\[\^([^\]]+)\]:\s*(.*)$")
LINK_META = re.compile(r"^\s*\(([^()]*)\)")  # "(r/x, Oct 2025)" right after a link
_HEADING_COUNT = re.compile(r"\s*\(\d+ [a-z ]+\)$")
_LABEL_COUNT = re.compile(r"\s*\(\d+ [a-z ]+\)")
_MONTHS = {
    name: number
    for number, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), start=1
    )
}


@dataclass(frozen=True)
class ParsedLink:
    """One link as an inventory lists it: facts only, no description."""

    url: str
    title: str
    inventory: str
    section: str | None = None
    community: str | None = None
    score: int | None = None
    published: str | None = None
    company: str | None = None  # "Bithealth" in "- Bithealth: [repo](url)"
    description: str | None = None  # read for tags only, never written out


def parse_meta(text: str) -> dict[str, Any]:
    """'r/MachineLearning, score 725' -> community and score; 'Jan 2026' -> published '2026-01'."""
    meta: dict[str, Any] = {}
    for part in (piece.strip() for piece in text.split(",")):
        if re.fullmatch(r"r/\w+", part):
            meta["community"] = part
        elif match := re.fullmatch(r"score (\d+)", part, re.I):
            meta["score"] = int(match.group(1))
        elif (match := re.fullmatch(r"([A-Za-z]{3})[a-z]*\.? ((?:19|20)\d\d)", part)) and match.group(
            1
        ).lower() in _MONTHS:
            meta["published"] = f"{match.group(2)}-{_MONTHS[match.group(1).lower()]:02d}"
        elif re.fullmatch(r"(?:19|20)\d\d", part):
            meta["published"] = part
    return meta


def subreddit_of(url: str) -> str | None:
    match = re.search(r"reddit\.com/r/([A-Za-z0-9_]+)", url)
    return f"r/{match.group(1)}" if match else None


def _is_valid_url(url: str) -> bool:
    try:
        normalise_url(url)
    except ValueError:
        return False
    return True


def _clean_label(label: str) -> str | None:
    """'Bithealth (5 submissions)' -> 'Bithealth'; '... (unknown company)' -> None."""
    if "unknown company" in label.lower():
        return None
    return _LABEL_COUNT.sub("", label).strip() or None


def _links_of_item(content: str, inventory: str, section: str | None, group: str | None) -> list[ParsedLink]:
    """'Label: [title](url) (meta) - description [other](url2)' -> the link, then any links in the description."""
    first = LINK.search(content)
    if first is None:
        return []
    prefix = content[: first.start()].strip()
    company = _clean_label(prefix[:-1]) if prefix.endswith(":") else group
    rest = content[first.end() :]
    meta: dict[str, Any] = {}
    if match := LINK_META.match(rest):
        meta = parse_meta(match.group(1))
        rest = rest[match.end() :]
    title, url = first.group(1).strip(), first.group(2)
    description = re.sub(r"^\s*(--|-|–|—|:)\s*", "", rest).strip() or None
    links = [
        ParsedLink(
            url=url, title=title, inventory=inventory, section=section, company=company, description=description, **meta
        )
    ]
    for nested in LINK.finditer(rest):
        links.append(
            ParsedLink(url=nested.group(2), title=nested.group(1).strip(), inventory=inventory, section=section)
        )
    return [link for link in links if _is_valid_url(link.url)]


def parse_link_list(text: str, inventory: str) -> list[ParsedLink]:
    """Every link in the list items and table rows of a markdown inventory, in order.

    `section` is the current `##` heading, joined to the current `###` heading
    by " > "; counts such as "(58 threads)" are dropped from headings.
    """
    headings: dict[int, str] = {}
    group: tuple[int, str | None] | None = None  # a list item with no link heads the items indented under it
    links: list[ParsedLink] = []
    for line in text.splitlines():
        if match := HEADING.match(line):
            level = len(match.group(1))
            headings = {k: v for k, v in headings.items() if k < level}
            headings[level] = _HEADING_COUNT.sub("", match.group(2)).strip()
            group = None
            continue
        section = " > ".join(headings[level] for level in sorted(headings) if level >= 2) or None
        if match := _LIST_ITEM.match(line):
            indent, content = len(match.group(1).expandtabs(4)), match.group(2)
            if group is not None and indent <= group[0]:
                group = None
            if LINK.search(content) is None:
                group = (indent, _clean_label(content.strip().rstrip(":")))
                continue
            links.extend(_links_of_item(content, inventory, section, group[1] if group else None))
        elif line.lstrip().startswith("|"):
            for cell in line.strip().strip("|").split("|"):
                links.extend(_links_of_item(cell.strip(), inventory, section, None))
        elif line.strip():
            group = None
    return links


def parse_report_footnotes(text: str) -> list[ParsedLink]:
    """The links of footnote definitions: `[^key]: [title](url) (r/sub)`."""
    links: list[ParsedLink] = []
    for line in text.splitlines():
        if match := FOOTNOTE_DEFINITION.match(line.strip()):
            links.extend(_links_of_item(match.group(2), FOOTNOTES_INVENTORY, None, None))
    return links


_COMPANIES: tuple[tuple[str, str], ...] = (
    ("openai", r"\bopen ?ai\b"),
    ("anthropic", r"\banthropic\b"),
    ("xai", r"\bxai\b"),
    ("google-deepmind", r"\bdeep ?mind\b|\bgemini\b"),
    ("google", r"\bgoogle\b(?! ?deep ?mind| gemini)"),
    ("meta", r"\bmeta\b|\bfacebook\b"),
    ("amazon", r"\bamazon\b|\baws\b|\blab126\b"),
    ("apple", r"\bapple\b"),
    ("microsoft", r"\bmicrosoft\b"),
    ("nvidia", r"\bnvidia\b"),
    ("linkedin", r"\blinkedin\b"),
    ("databricks", r"\bdatabricks\b"),
    ("scale-ai", r"\bscale ai\b"),
    ("ibm", r"\bibm\b|\bwatsonx\b"),
    ("eightfold-ai", r"\beightfold\b"),
    # The company, not the framework: "LangChain interview questions" are about the library.
    ("langchain", r"\blangchain deployed\b|\bat langchain\b"),
    ("bcg-x", r"\bbcg ?x\b"),
    ("uber", r"\buber\b"),
    ("lyft", r"\blyft\b"),
    ("netflix", r"\bnetflix\b"),
    ("stripe", r"\bstripe\b"),
    ("spotify", r"\bspotify\b"),
    ("doordash", r"\bdoordash\b"),
    ("palantir", r"\bpalantir\b"),
    ("datadog", r"\bdatadog\b"),
    ("cohere", r"\bcohere\b"),
    ("perplexity", r"\bperplexity\b"),
    ("mistral-ai", r"\bmistral\b"),
    ("servicenow", r"\bservicenow\b"),
    ("bloomberg", r"\bbloomberg\b"),
    ("goldman-sachs", r"\bgoldman sachs\b"),
)

# The companies of the field guide's job-description files. Common words
# ("Pattern", "Stacks", "Harmonic", "Headway", "Watershed", "Mutiny") only match
# with their capital letter and never inside a heading.
FIELD_GUIDE_COMPANIES: tuple[str, ...] = (
    "BJAK",
    "Clarium",
    "Column Tax",
    "Doctolib",
    "Fifth Dimension",
    "FlowFuse",
    "Foxelli Group",
    "Glass Health",
    "GoFasti",
    "Harmonic",
    "Hastings Direct",
    "Headway",
    "Infinity Constellation",
    "Lendable",
    "Lorikeet",
    "Melotech",
    "Microstrategy",
    "Monarch Money",
    "Monzo Bank",
    "Mutiny",
    "Nearform",
    "Northbeam",
    "P-1 AI",
    "PA Consulting",
    "PAR Technology",
    "Pattern",
    "Phare Health",
    "Poggio Labs",
    "PostHog",
    "Prudential plc (PHI)",
    "Qonto",
    "RelationalAI",
    "Roboflow",
    "SmartAssets",
    "Speechify",
    "Sprinter Health",
    "Stacks",
    "Tenex",
    "TensorOps",
    "The College Board",
    "VYNYL",
    "Watershed",
    "Wing Assistant",
    "XBOW",
    "Xenon Seven",
    "YLD",
    "Zeely",
    "boam",
    "hyperexponential",
    "sciemo",
)
_COMMON_WORDS = {"Pattern", "Stacks", "Harmonic", "Headway", "Watershed", "Mutiny"}


def _companies_in(text: str, is_heading: bool) -> list[str]:
    found = [slug for slug, pattern in _COMPANIES if re.search(pattern, text, re.I)]
    for name in FIELD_GUIDE_COMPANIES:
        if name in _COMMON_WORDS:
            if not is_heading and re.search(rf"\b{re.escape(name)}\b", text):
                found.append(slugify(name))
        elif re.search(rf"\b{re.escape(name)}\b", text, re.I):
            found.append(slugify(name))
    return found


def tag_companies(title: str, section: str | None = None) -> list[str]:
    """Company slugs named in the title; failing that, in the innermost heading ("### OpenAI")."""
    found = _companies_in(title, is_heading=False)
    if not found and section:
        found = _companies_in(section.split(" > ")[-1], is_heading=True)
    return list(dict.fromkeys(found))


_ROUND_KEYWORDS: tuple[tuple[str, str], ...] = (
    ("recruiter_screen", r"\brecruiter|phone ?screen|intro call|\bscreening\b"),
    (
        "online_assessment",
        r"online assessment|\boa\b|codesignal|hackerrank|hackerearth|codility|\bgca\b|"
        r"ai interviewers?|interviewed by ai",
    ),
    (
        "coding",
        r"leet ?code|\bcoding\b|\bdsa\b|\balgorithms?\b|coderpad|pair programming|concurrency|"
        r"code exercises",
    ),
    (
        "system_design",
        r"systems? design|\bmlsd\b|\bhld\b|\blld\b|\barchitecture\b|\b(ml|llm|ai) design\b|"
        r"\bdesign (a|an)\b",
    ),
    (
        "ml_deep_dive",
        r"\brag\b|\bllm (interview|questions|coding|engineer interview)|deep ?dive|"
        r"\b(ml|ai/ml|dl) (theory|fundamentals|concepts|questions|coding|rounds?)\b|"
        r"(machine|deep) learning (interview )?questions|gen ?ai (interview|questions|ds interview)|"
        r"generative ai interview|prompting|fine ?tuning",
    ),
    ("code_review", r"code review|refactor|\bdebugging\b|code reading"),
    (
        "take_home",
        r"take ?home|\bassignments?\b|\bchallenges?\b|home assess|\btest tasks?\b|\btask\b|"
        r"case study|work samples?|\bexercise\b",
    ),
    ("behavioral", r"behaviou?ral|\bstar\b|leadership principles|culture fit|googleyness"),
    ("panel", r"on-?site|\bpanel\b|\bloop\b|super ?day|final rounds?"),
    ("work_trial", r"paid (trial|super ?day|work)|work trial"),
    ("project_deep_dive", r"project (presentation|discussion|deep ?dive)|present (a|your) project|portfolio"),
)


def tag_round_types(title: str, section: str | None = None, description: str | None = None) -> list[str]:
    """Round-type slugs whose keywords appear in the title, the heading or the description."""
    # "AI-Engineer-Take-Home" and "bithealth_home_assesment" are repository names: read - _ / as spaces.
    text = re.sub(r"[-_/]+", " ", f"{title} | {section or ''} | {description or ''}").lower()
    return [slug for slug, pattern in _ROUND_KEYWORDS if re.search(pattern, text)]


# The project's topic vocabulary: a source is tagged with a topic when its title or
# description names it, so full-text search finds "LRU cache" in a thread whose
# inventory entry mentions it although only the title is stored.
TOPICS: tuple[tuple[str, str], ...] = (
    ("LRU cache", r"\blru\b"),
    ("key-value store", r"key[- ]value (store|database|db)|\bkv (store|database)"),
    ("KV cache", r"\bkv[- ]cache"),
    ("RAG", r"\brag\b|retrieval[- ]augmented"),
    ("agents", r"\bagent(s|ic)?\b"),
    ("LLMs", r"\bllms?\b|large language model"),
    ("transformers and attention", r"\btransformers?\b|\battention\b"),
    ("fine-tuning", r"fine[- ]?tun"),
    ("prompt engineering", r"\bprompt(s|ing)?\b"),
    ("evaluation", r"\beval(s|uation)?\b|llm[- ]as[- ](a[- ])?judge"),
    ("embeddings and vector search", r"\bembedding|vector (db|database|search|store)|semantic search|hybrid search"),
    ("LeetCode", r"leet ?code|\bdsa\b|neetcode"),
    ("system design", r"system(s)? design"),
    ("ML system design", r"\b(ml|machine learning|llm|ai) system design|\bmlsd\b"),
    (
        "ML fundamentals",
        r"\b(ml|machine learning|deep learning) (fundamentals|theory|concepts|basics)|bias[- ]variance|regularization",
    ),
    ("statistics and probability", r"\bstatistic|\bprobabilit"),
    ("SQL", r"\bsql\b"),
    ("concurrency", r"concurren|\basync\b|race condition|multithread"),
    ("distributed training", r"distributed training|\bzero[- ]?[123]?\b|megatron|tensor parallel|data parallel"),
    ("inference and serving", r"\binference\b|\bserving\b|latency|throughput|batching"),
    ("GPUs", r"\bgpus?\b|\bcuda\b"),
    ("MLOps", r"\bmlops\b|deployment|kubernetes|\bdocker\b"),
    ("PyTorch", r"\bpytorch\b"),
    ("NumPy", r"\bnumpy\b"),
    ("take-home", r"take[- ]?home|home assignment"),
    ("behavioral", r"behaviou?ral|\bstar\b (method|format)|conflict"),
    ("code review", r"code review|reviewing code"),
    ("debugging", r"\bdebug"),
    ("pair programming", r"pair[- ]programming"),
    (
        "AI tools in interviews",
        r"(use|using|allowed|ban|banned|with) (ai|chatgpt|copilot|llms?)\b|ai[- ]assisted|ai tools",
    ),
    ("cheating", r"\bcheat"),
    ("AI interviewers", r"ai interviewer|interviewed by (an )?ai|ai[- ](led|conducted|proctored)"),
    ("online assessment", r"online assessment|codesignal|hackerrank|codility"),
    ("research", r"\bresearch (scientist|engineer|interview)|\bpapers?\b"),
    ("offers and compensation", r"\boffers?\b|compensation|\bsalary|\btc\b"),
    ("rejection", r"\breject|\bfailed\b|\bfailing\b"),
    ("interview prep", r"\bprep(aration|aring|are)?\b|study (plan|guide)|roadmap"),
    ("hiring market", r"job market|hiring (market|trends)|layoffs?"),
)


def tag_topics(*texts: str | None) -> list[str]:
    """The topics of TOPICS named in any of the texts."""
    text = " | ".join(t for t in texts if t).lower()
    return [label for label, pattern in TOPICS if re.search(pattern, text)]


def source_record(link: ParsedLink) -> dict[str, Any]:
    """The `data/sources` record of a link (fields of models.Source; empty ones left out)."""
    platform = platform_of(link.url)
    companies = [slug for slug in tag_companies(link.title, link.section) if slug != platform]
    if link.company and slugify(link.company) not in companies:
        companies.append(slugify(link.company))
    record: dict[str, Any] = {
        "url": normalise_url(link.url),
        "title": link.title,
        "platform": platform,
        "community": link.community or subreddit_of(link.url),
        "score": link.score,
        "published": link.published,
        "inventory": link.inventory,
        "section": link.section,
        "companies": companies,
        "round_types": tag_round_types(link.title, link.section, link.description),
        "topics": tag_topics(link.title, link.description),
    }
    return {key: value for key, value in record.items() if value not in (None, "", [])}


def merge_records(kept: dict[str, Any], later: dict[str, Any]) -> None:
    """Add to `kept` the facts a later listing of the same URL has and it lacks."""
    for key in ("community", "score", "published"):
        if key not in later:
            continue
        if key not in kept:
            kept[key] = later[key]
        elif key == "published" and len(later[key]) > len(kept[key]) and later[key].startswith(kept[key]):
            kept[key] = later[key]  # "2026" -> "2026-01"
    for key in ("companies", "round_types", "topics"):
        merged = list(dict.fromkeys(kept.get(key, []) + later.get(key, [])))
        if merged:
            kept[key] = merged


def build_source_files(parsed: dict[str, list[ParsedLink]]) -> dict[str, list[dict[str, Any]]]:
    """{inventory: links} in priority order -> {inventory: records}, each URL in only one of them."""
    files: dict[str, list[dict[str, Any]]] = {name: [] for name in parsed}
    seen: dict[str, dict[str, Any]] = {}
    for name, links in parsed.items():
        for link in links:
            record = source_record(link)
            if record["url"] in seen:
                merge_records(seen[record["url"]], record)
            else:
                seen[record["url"]] = record
                files[name].append(record)
    return files


def read_all(sources_dir: Path, report_md: Path) -> dict[str, list[ParsedLink]]:
    parsed = {name: parse_link_list((sources_dir / f"{name}.md").read_text("utf-8"), name) for name in INVENTORIES}
    parsed[FOOTNOTES_INVENTORY] = parse_report_footnotes(report_md.read_text("utf-8"))
    return parsed


def header(name: str) -> str:
    origin = "the report's footnotes" if name == FOOTNOTES_INVENTORY else f"the field guide's {name}.md inventory"
    return (
        f"# Generated by `python -m datasette_interview_prep.importers.linklists SOURCES_DIR REPORT_MD OUT_DIR`\n"
        f"# from {origin} (facts only: url, link text, community, score, date, heading).\n"
        f"# A URL listed in an earlier inventory is not repeated here. May be hand-edited.\n"
    )


def write_source_files(files: dict[str, list[dict[str, Any]]], out_dir: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, records in files.items():
        path = out_dir / f"{name}.yaml"
        body = yaml.safe_dump({"sources": records}, sort_keys=False, allow_unicode=True, width=120)
        path.write_text(header(name) + body, "utf-8")
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Write data/sources/*.yaml from the field guide's link lists.")
    parser.add_argument("sources_dir", type=Path, help="field-guide/interview/data/sources")
    parser.add_argument("report_md", type=Path, help="the report (its footnotes are read)")
    parser.add_argument("out_dir", type=Path, help="data/sources")
    args = parser.parse_args(argv)
    files = build_source_files(read_all(args.sources_dir, args.report_md))
    for path in write_source_files(files, args.out_dir):
        print(f"{path}: {len(files[path.stem])} sources")


if __name__ == "__main__":
    main()
