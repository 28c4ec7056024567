"""Inline SVG charts, rendered on the server: no JavaScript, nothing fetched.

Each chart is a labelled group (`role="group"`, named by its `<title>` and
described by its `<desc>`; not `role="img"`, which would hide the links inside
its bars from keyboards and screen readers) plus the same numbers as an HTML
table, its text alternative. Every piece of text goes through `escape()`: the output is
`Markup` because it was built that way, never because its input was trusted.
Colours come from classes that static/stats.css styles.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

from datasette_interview_prep.core.durations import format_length, format_length_range
from datasette_interview_prep.stats.models import Stats

WIDTH = 640
FONT_SIZE = 12
DURATION_TICKS = (
    (15, "15 min"),
    (30, "30 min"),
    (60, "1 h"),
    (120, "2 h"),
    (240, "4 h"),
    (480, "1 day"),
    (2400, "1 week"),
)


@dataclass(frozen=True)
class Chart:
    id: str
    title: str
    svg: Markup
    table: Markup  # the text alternative


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[float]
    css_class: str = "bar"


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    display: str
    href: str | None = None
    note: str = ""  # shown after the value, e.g. "#4 in report, #5 in data"
    css_class: str = "bar"


@dataclass(frozen=True)
class Span:
    label: str
    low: float
    median: float
    high: float
    median_display: str
    display: str
    band: tuple[float, float] | None = None  # the report's stated range
    band_display: str = ""
    href: str | None = None


# ---------------------------------------------------------------------------
# SVG pieces


def _num(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _open_svg(chart_id: str, title: str, desc: str, height: float) -> str:
    chart_id = escape(chart_id)
    return (
        f'<svg class="stats-chart" id="{chart_id}" viewBox="0 0 {WIDTH} {_num(height)}" width="100%" '
        f'role="group" aria-labelledby="{chart_id}-title" aria-describedby="{chart_id}-desc" xmlns="http://www.w3.org/2000/svg" '
        f'font-size="{FONT_SIZE}"><title id="{chart_id}-title">{escape(title)}</title>'
        f'<desc id="{chart_id}-desc">{escape(desc)}</desc>'
    )


def _text(x: float, y: float, text: str, anchor: str = "start", css_class: str = "label") -> str:
    return f'<text x="{_num(x)}" y="{_num(y)}" text-anchor="{anchor}" class="{css_class}">{escape(text)}</text>'


def _rect(x: float, y: float, width: float, height: float, css_class: str) -> str:
    return (
        f'<rect x="{_num(x)}" y="{_num(y)}" width="{_num(width)}" height="{_num(height)}" class="{escape(css_class)}"/>'
    )


def _line(x1: float, x2: float, y1: float, y2: float, css_class: str) -> str:
    return f'<line x1="{_num(x1)}" x2="{_num(x2)}" y1="{_num(y1)}" y2="{_num(y2)}" class="{css_class}"/>'


def _linked(href: str | None, inner: str, title: str) -> str:
    return f'<a href="{escape(href)}"><title>{escape(title)}</title>{inner}</a>' if href else inner


def _table(caption: str, headers: Sequence[str], rows: Sequence[Sequence[object]]) -> Markup:
    head = "".join(f'<th scope="col">{escape(header)}</th>' for header in headers)
    body = "".join(
        "<tr>"
        + "".join(
            f'<th scope="row">{escape(cell)}</th>' if i == 0 else f"<td>{escape(cell)}</td>"
            for i, cell in enumerate(row)
        )
        + "</tr>"
        for row in rows
    )
    return Markup(
        f'<table class="chart-data"><caption>{escape(caption)}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    )


def _axis_end(value: float) -> float:
    """The smallest 1, 2 or 5 x 10^n not below value."""
    if value <= 0:
        return 1
    power: float = 10 ** math.floor(math.log10(value))
    return next(step * power for step in (1, 2, 5, 10) if value <= step * power)


# ---------------------------------------------------------------------------
# Chart kinds


def column_chart(
    chart_id: str,
    title: str,
    desc: str,
    categories: Sequence[str],
    series: Sequence[Series],
    x_label: str,
    y_label: str,
    hrefs: Sequence[str | None] = (),
) -> Chart:
    """Vertical bars per category, one per series side by side (a histogram when the categories are counts)."""
    top, bottom, left, right, plot_height = (34 if len(series) > 1 else 16), 44, 44, 12, 180
    height, plot_width = top + plot_height + bottom, WIDTH - left - right
    highest = _axis_end(max((value for s in series for value in s.values), default=0))
    slot = plot_width / max(len(categories), 1)
    bar_width = min(48.0, slot * 0.8 / max(len(series), 1))
    parts = [_open_svg(chart_id, title, desc, height)]
    for fraction in (0, 0.5, 1):
        y = top + plot_height * (1 - fraction)
        parts += [
            _line(left, WIDTH - right, y, y, "grid"),
            _text(left - 6, y + 4, _num(highest * fraction), "end", "axis"),
        ]
    if len(series) > 1:  # legend
        legend_x = left
        for s in series:
            parts += [_rect(legend_x, 8, 12, 12, s.css_class), _text(legend_x + 16, 18, s.name)]
            legend_x += 24 + 7 * len(s.name)
    for i, category in enumerate(categories):
        group_left = left + i * slot + (slot - bar_width * len(series)) / 2
        bars = []
        for j, s in enumerate(series):
            value, x = s.values[i], group_left + j * bar_width
            bar_height = plot_height * value / highest
            y = top + plot_height - bar_height
            bars.append(_rect(x + 1, y, bar_width - 2, bar_height, s.css_class))
            if value:
                bars.append(_text(x + bar_width / 2, y - 4, _num(value), "middle", "value"))
        parts.append(_linked(hrefs[i] if i < len(hrefs) else None, "".join(bars), f"{category}: open the rows"))
        parts.append(_text(left + (i + 0.5) * slot, top + plot_height + 16, category, "middle", "axis"))
    middle = top + plot_height / 2
    parts += [
        _text(left + plot_width / 2, height - 8, x_label, "middle", "axis-title"),
        f'<text x="12" y="{_num(middle)}" text-anchor="middle" class="axis-title" '
        f'transform="rotate(-90 12 {_num(middle)})">{escape(y_label)}</text>',
        "</svg>",
    ]
    rows = [[category, *(_num(s.values[i]) for s in series)] for i, category in enumerate(categories)]
    return Chart(chart_id, title, Markup("".join(parts)), _table(title, [x_label, *(s.name for s in series)], rows))


def bar_chart(
    chart_id: str,
    title: str,
    desc: str,
    bars: Sequence[Bar],
    value_header: str,
    maximum: float | None = None,
    label_width: int = 200,
    value_width: int = 110,
) -> Chart:
    """Horizontal bars, one per row, each labelled with its value and linking to its rows."""
    row_height, top = 24, 8
    plot_width = WIDTH - label_width - value_width
    highest = maximum or _axis_end(max((bar.value for bar in bars), default=0))
    parts = [_open_svg(chart_id, title, desc, top + row_height * len(bars) + 8)]
    for i, bar in enumerate(bars):
        y = top + i * row_height
        value_text = " · ".join(part for part in (bar.display, bar.note) if part)
        inner = (
            _text(label_width - 8, y + 16, bar.label, "end")
            + _rect(label_width, y + 4, plot_width, row_height - 8, "track")
            + _rect(label_width, y + 4, plot_width * bar.value / highest, row_height - 8, bar.css_class)
            + _text(label_width + plot_width + 8, y + 16, value_text, "start", "value")
        )
        parts.append(_linked(bar.href, inner, f"{bar.label}: open the rows"))
    parts.append("</svg>")
    with_notes = any(bar.note for bar in bars)
    headers = ["", value_header, *(["Rank"] if with_notes else [])]
    rows = [[bar.label, bar.display, *([bar.note] if with_notes else [])] for bar in bars]
    return Chart(chart_id, title, Markup("".join(parts)), _table(title, headers, rows))


def range_chart(
    chart_id: str,
    title: str,
    desc: str,
    spans: Sequence[Span],
    ticks: Sequence[tuple[float, str]],
    band_legend: str = "the report's stated range",
) -> Chart:
    """One row per item on a log scale: a line from low to high, a dot at the median, a band for the report."""
    row_height, top, label_width, right = 26, 30, 220, 150
    plot_width, bottom = WIDTH - label_width - right, top + row_height * len(spans)
    low_end = min([tick for tick, _ in ticks] + [s.low for s in spans if s.low > 0])
    high_end = max([tick for tick, _ in ticks] + [s.high for s in spans])
    log_span = math.log(high_end / low_end) or 1

    def x_of(minutes: float) -> float:
        return label_width + plot_width * math.log(max(minutes, low_end) / low_end) / log_span

    parts = [
        _open_svg(chart_id, title, desc, bottom + 28),
        _rect(8, 6, 14, 10, "band"),
        _text(28, 15, band_legend),
        f'<circle cx="{label_width + 14}" cy="11" r="4" class="median"/>',
        _text(label_width + 24, 15, "median (value at right); the line runs from shortest to longest"),
    ]
    for tick, label in ticks:
        x = x_of(tick)
        parts += [_line(x, x, top, bottom, "grid"), _text(x, bottom + 14, label, "middle", "axis")]
    for i, span in enumerate(spans):
        y = top + (i + 0.5) * row_height
        inner = _text(label_width - 8, y + 4, span.label, "end")
        if span.band:
            inner += _rect(x_of(span.band[0]), y - 8, max(x_of(span.band[1]) - x_of(span.band[0]), 3), 16, "band")
        inner += (
            _line(x_of(span.low), x_of(span.high), y, y, "range")
            + f'<circle cx="{_num(x_of(span.median))}" cy="{_num(y)}" r="5" class="median"/>'
            + _text(WIDTH - right + 10, y + 4, span.median_display, "start", "value")
        )
        parts.append(_linked(span.href, inner, f"{span.label}: {span.display}"))
    parts.append("</svg>")
    rows = [[span.label, span.display, span.band_display or "not stated"] for span in spans]
    headers = ["", "Median (shortest – longest)", band_legend.capitalize()]
    return Chart(chart_id, title, Markup("".join(parts)), _table(title, headers, rows))


# ---------------------------------------------------------------------------
# The statistics page's charts


def stats_charts(stats: Stats) -> list[Chart]:
    """The page's charts, in its order; a chart with nothing to show is left out."""
    charts = (
        stages_chart(stats),
        round_types_chart(stats),
        durations_chart(stats),
        platforms_chart(stats),
        years_chart(stats),
    )
    return [chart for chart in charts if chart is not None]


def stages_chart(stats: Stats) -> Chart | None:
    """Processes by number of stages, both ways of counting side by side."""
    headline = next((d for d in stats.stage_definitions if d.name == stats.stage_definition), None)
    # Both ways of counting count the same processes: with none, neither has a median and there is no chart.
    if headline is None or headline.median is None:
        return None
    definitions = [d for d in stats.stage_definitions if d.processes]
    categories = [
        str(n)
        for n in range(min(min(d.histogram) for d in definitions), max(max(d.histogram) for d in definitions) + 1)
    ]
    series = [
        Series(
            "Every listed step" if d.column == "step_count" else "Interview stages only",
            [d.histogram.get(int(c), 0) for c in categories],
            "bar" if d is headline else "bar second",
        )
        for d in definitions
    ]
    return column_chart(
        "chart-stages",
        "Processes by number of stages",
        f"How many of the {headline.processes} posting-derived processes with steps have each number of stages, "
        f"counting every listed step and counting interview stages only. Median {_num(headline.median)}, "
        f"range {headline.minimum}-{headline.maximum}.",
        categories,
        series,
        "stages",
        "processes",
    )


def round_types_chart(stats: Stats) -> Chart | None:
    """Each family's share of the processes; a family the data ranks differently from the report stands out."""
    if not stats.round_types:
        return None
    bars = [
        Bar(
            share.label,
            share.share,
            f"{share.share:.0f}% ({share.processes})",
            share.check_url,
            (f"#{share.report_rank} in report, " if share.report_rank else "") + f"#{share.data_rank} in data",
            "bar" if share.report_rank in (None, share.data_rank) else "bar alt",
        )
        for share in stats.round_types
    ]
    return bar_chart(
        "chart-round-types",
        "Share of processes with each round type",
        "For each kind of round, in the report's order, the share of posting-derived processes with steps that "
        "include at least one such round; bars in the second colour rank differently in the data.",
        bars,
        "Share of processes",
        maximum=100,
        label_width=180,
        value_width=250,
    )


def durations_chart(stats: Stats) -> Chart | None:
    """The stated lengths of each round type, against the report's ranges, on a log scale."""
    if not stats.durations:
        return None
    spans = [
        Span(
            d.label,
            d.minimum,
            d.median,
            d.maximum,
            format_length(d.median),
            f"{format_length(d.median)} ({format_length_range(d.minimum, d.maximum)}, {d.steps} steps)",
            d.report_range,
            d.report or "",
            d.check_url,
        )
        for d in stats.durations
    ]
    longest = max([s.high for s in spans] + [s.band[1] for s in spans if s.band])
    end = next((tick for tick, _ in DURATION_TICKS if tick >= longest), DURATION_TICKS[-1][0])
    return range_chart(
        "chart-durations",
        "Length of each round type in the postings",
        "For each round type, the stated lengths of its steps in posting-derived processes: a line from the "
        "shortest to the longest, a dot at the median, and a band for the length the report states. Log scale.",
        spans,
        [tick for tick in DURATION_TICKS if tick[0] <= max(end, 120)],
    )


def platforms_chart(stats: Stats) -> Chart | None:
    if not stats.sources_by_platform:
        return None
    return bar_chart(
        "chart-platforms",
        "Sources per platform",
        "Number of sources (discussion threads, articles, repositories) on each platform.",
        [Bar(c.label, c.count, f"{c.count:,}", c.check_url) for c in stats.sources_by_platform],
        "Sources",
        label_width=140,
    )


def years_chart(stats: Stats) -> Chart | None:
    if not stats.sources_by_year:
        return None
    return column_chart(
        "chart-years",
        "Sources per year",
        f"Number of dated sources published each year ({stats.undated_sources} sources carry no date).",
        [c.label for c in stats.sources_by_year],
        [Series("Sources", [c.count for c in stats.sources_by_year])],
        "year published",
        "sources",
        hrefs=[c.check_url for c in stats.sources_by_year],
    )
