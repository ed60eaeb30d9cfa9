"""Charts drawn on the server as inline SVG with matplotlib: no script, no CDN, nothing the CSP has to allow.

* ``matplotlib.figure.Figure`` and its SVG canvas only (no pyplot: no global figure manager, so it is safe in
  threads); the style is passed to each call (``STYLE``), not set in ``rcParams`` (only the two SVG writer
  settings below are, once, at import: ``svg.fonttype='none'`` so text stays text a screen reader and a search
  can read and the page's font draws, and a fixed ``svg.hashsalt`` so the same figure gives the same SVG).
* The CSP (``app/security.py``: ``style-src 'self'``) blocks inline ``style`` attributes and ``<style>``
  elements, which matplotlib writes everywhere; ``_presentational`` turns every declaration into the SVG
  presentation attribute of the same name (``fill="#1b4f8a"``), which no CSP governs.
* Colours: dark, colour-blind-safe hues, each at least 4.5:1 against white, and lines told apart by marker and
  dash as well as by colour. Numbers and months on the axes are formatted for the reader's language.
* A withheld cell (``None``) is a gap in a line and a missing bar, never a zero.
* ``<svg role="img" aria-labelledby="...">`` points to the figure's caption (its title and summary) and carries a
  ``<title>``; the data are in the table next to the chart.
"""

from __future__ import annotations

import io
import math
import re
from datetime import date

import matplotlib
from babel.dates import format_date
from babel.numbers import format_decimal, format_percent
from markupsafe import Markup
from matplotlib.backends.backend_svg import FigureCanvasSVG
from matplotlib.figure import Figure as MplFigure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from app.insights.figures import ChartKind, Figure

matplotlib.use("svg", force=False)  # no GUI backend is ever needed
matplotlib.rcParams["svg.fonttype"] = "none"
matplotlib.rcParams["svg.hashsalt"] = "landa-insights"

FORMAT_LOCALES = {"sv": "sv_SE", "en": "en_GB"}
# Okabe-Ito inspired, darkened: contrast against white >= 4.5:1 for each.
COLOURS = ("#1b4f8a", "#a63c06", "#1e6b35", "#6a3d9a", "#7a5a00", "#0b6e7a", "#9b1d5a", "#3d3d3d")
MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")
DASHES = ("-", "--", "-.", ":", "-", "--", "-.", ":")
# Text is measured with DejaVu Sans (shipped with matplotlib, wide, so labels fit) and drawn in the page's fonts.
WEB_FONTS = "system-ui, -apple-system, 'Segoe UI', Roboto, 'DejaVu Sans', sans-serif"
STYLE = {"font": ["DejaVu Sans"],
         "size": 11, "text": "#1f2328", "grid": "#d0d7de", "axis": "#57606a"}
# The CSS properties matplotlib writes that SVG also has as presentation attributes.
PRESENTATION = {"fill", "fill-opacity", "fill-rule", "stroke", "stroke-width", "stroke-linecap", "stroke-linejoin",
                "stroke-opacity", "stroke-dasharray", "stroke-dashoffset", "stroke-miterlimit", "opacity",
                "font-family", "font-size", "font-weight", "font-style", "text-anchor", "clip-path",
                "dominant-baseline", "white-space", "letter-spacing"}


def _loc(locale: str) -> str:
    return FORMAT_LOCALES.get(str(locale), str(locale))


def number(value, locale: str) -> str:
    return format_decimal(value, locale=_loc(locale))


def month_label(value, locale: str, short: bool = True) -> str:
    if isinstance(value, date):
        return format_date(value, "MMM yyyy" if short else "MMMM yyyy", locale=_loc(locale))
    return str(value)


def _values(figure: Figure, key: str) -> list[float]:
    index = [c.key for c in figure.columns].index(key)
    scale = 100.0 if figure.columns[index].unit == "percent" else 1.0
    return [float(row[index]) * scale if isinstance(row[index], int | float) else math.nan for row in figure.rows]


def _axes_style(ax, locale: str, value_axis: str = "y", percent: bool = False) -> None:
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    for side in ("left", "bottom"):
        ax.spines[side].set_color(STYLE["axis"])
    ax.tick_params(colors=STYLE["text"], labelsize=STYLE["size"] - 1)
    axis = ax.yaxis if value_axis == "y" else ax.xaxis
    axis.set_major_locator(MaxNLocator(nbins=6, integer=True))
    suffix = ("\u00a0%" if str(locale) == "sv" else "%") if percent else ""
    axis.set_major_formatter(FuncFormatter(lambda v, _pos: number(v, locale) + suffix))
    ax.grid(axis=value_axis, color=STYLE["grid"], linewidth=0.8)
    ax.set_axisbelow(True)
    for label in ax.get_xticklabels() + ax.get_yticklabels():
        label.set_fontfamily(STYLE["font"])


def _legend(ax, count: int) -> None:
    if count > 1:
        ax.legend(frameon=False, prop={"family": STYLE["font"], "size": STYLE["size"] - 1},
                  labelcolor=STYLE["text"], loc="lower left", bbox_to_anchor=(0.0, 1.0), ncols=min(count, 3),
                  borderaxespad=0.2)


def _line(fig: MplFigure, figure: Figure, locale: str) -> None:
    ax = fig.add_subplot()
    xs = list(range(len(figure.rows)))
    drawn = figure.drawn()
    for i, column in enumerate(drawn):
        ax.plot(xs, _values(figure, column.key), label=column.label, color=COLOURS[i % len(COLOURS)],
                marker=MARKERS[i % len(MARKERS)], markersize=4, linestyle=DASHES[i % len(DASHES)], linewidth=2)
    step = max(1, math.ceil(len(xs) / 8))
    ax.set_xticks(xs[::step], [month_label(row[0], locale) for row in figure.rows][::step])
    percent = all(c.unit == "percent" for c in drawn)
    if percent:
        ax.set_ylim(0, 100)
    else:
        ax.set_ylim(bottom=0)
    if xs:
        ax.set_xlim(-0.5, len(xs) - 0.5)
    _axes_style(ax, locale, "y", percent)
    _legend(ax, len(drawn))


def _bar(fig: MplFigure, figure: Figure, locale: str) -> None:
    ax = fig.add_subplot()
    drawn = figure.drawn()
    labels = [month_label(row[0], locale) for row in figure.rows]
    count = max(len(drawn), 1)
    height = 0.8 / count
    ys = list(range(len(labels)))
    for i, column in enumerate(drawn):
        values = _values(figure, column.key)
        shown = [(y, v) for y, v in zip(ys, values, strict=True) if not math.isnan(v)]  # withheld: no bar
        offset = (i - (count - 1) / 2) * height
        ax.barh([y + offset for y, _v in shown], [v for _y, v in shown], height=height * 0.92, label=column.label,
                color=COLOURS[i % len(COLOURS)])
    ax.set_yticks(ys, labels)
    ax.invert_yaxis()  # the first row on top, as in the table
    ax.set_xlim(left=0)
    _axes_style(ax, locale, "x", all(c.unit == "percent" for c in drawn))
    _legend(ax, len(drawn))


def _funnel(fig: MplFigure, figure: Figure, locale: str, withheld: str) -> None:
    ax = fig.add_subplot()
    column = figure.drawn()[0]
    values = _values(figure, column.key)
    labels = [str(row[0]) for row in figure.rows]
    ys = list(range(len(labels)))
    top = max((v for v in values if not math.isnan(v)), default=0) or 1
    for y, v in zip(ys, values, strict=True):
        if math.isnan(v):
            ax.text(0, y, " " + withheld, va="center", ha="left", color=STYLE["text"], fontsize=STYLE["size"] - 1,
                    fontfamily=STYLE["font"])
            continue
        ax.barh(y, v, height=0.7, color=COLOURS[0])
        share = v / top
        text = f"{number(v, locale)} ({format_percent(share, locale=_loc(locale))})"
        ax.text(v + top * 0.01, y, text, va="center", ha="left", color=STYLE["text"], fontsize=STYLE["size"] - 1,
                fontfamily=STYLE["font"])
    ax.set_yticks(ys, labels)
    ax.invert_yaxis()
    ax.set_xlim(0, top * 1.3)
    _axes_style(ax, locale, "x")


def _presentational(svg: str, prefix: str) -> str:
    """Make matplotlib's SVG fit the CSP and an HTML page: ``style`` declarations become presentation attributes,
    the ``<style>`` element goes (its rules move to the root), ids are prefixed so several charts can share a
    page, and the XML prologue, fixed size and metadata go."""
    svg = re.sub(r"<\?xml[^>]*>\s*", "", svg)
    svg = re.sub(r"<!DOCTYPE[^>]*>\s*", "", svg)
    svg = re.sub(r"<metadata>.*?</metadata>\s*", "", svg, flags=re.S)
    svg = re.sub(r"<style[^>]*>.*?</style>\s*", "", svg, flags=re.S)
    svg = re.sub(r"<defs>\s*</defs>\s*", "", svg)

    def attributes(match: re.Match) -> str:
        out = []
        for declaration in match.group(1).split(";"):
            if ":" not in declaration:
                continue
            name, value = (part.strip() for part in declaration.split(":", 1))
            if name == "font":  # "font: 11px 'DejaVu Sans'" (shorthand; with weight/style first when not normal)
                parts = re.match(r"((?:(?:bold|italic|oblique|normal|\d00)\s+)*)([\d.]+px)\s+(.*)", value)
                if parts:
                    for word in parts.group(1).split():
                        out.append(f'font-style="{word}"' if word in ("italic", "oblique")
                                   else f'font-weight="{word}"')
                    out.append(f'font-size="{parts.group(2)}"')
                    out.append(f'font-family="{WEB_FONTS}"')
                continue
            if name == "font-family":
                value = WEB_FONTS
            if name in PRESENTATION:
                out.append(f'{name}="{value.replace(chr(34), chr(39))}"')
        return " ".join(out)

    svg = re.sub(r'style="([^"]*)"', attributes, svg)
    svg = re.sub(r'\bid="([^"]+)"', lambda m: f'id="{prefix}-{m.group(1)}"', svg)
    svg = re.sub(r"url\(#([^)]+)\)", lambda m: f"url(#{prefix}-{m.group(1)})", svg)
    svg = re.sub(r'xlink:href="#([^"]+)"', lambda m: f'xlink:href="#{prefix}-{m.group(1)}"', svg)
    svg = re.sub(r'href="#([^"]+)"', lambda m: m.group(0) if m.group(1).startswith(prefix + "-")
                 else f'href="#{prefix}-{m.group(1)}"', svg)
    return svg.strip()


def svg(figure: Figure, locale: str = "sv", *, labelledby: str | None = None, title: str | None = None,
        withheld: str = "< 5") -> Markup:
    """The figure as inline SVG (empty for ``ChartKind.NONE``, a figure without rows or without a drawn column).
    ``labelledby``: the id of the element that names it (the ``<figcaption>``; default ``<key>-caption``)."""
    if figure.kind == ChartKind.NONE or not figure.rows or not figure.drawn():
        return Markup("")
    rows = len(figure.rows)
    series = len(figure.drawn())
    if figure.kind == ChartKind.LINE:
        size = (8.0, 3.8)
    else:
        size = (8.0, min(2.0 + 0.42 * rows * (series if figure.kind == ChartKind.BAR else 1) ** 0.5, 12.0))
    fig = MplFigure(figsize=size, dpi=72, layout="constrained")
    FigureCanvasSVG(fig)
    if figure.kind == ChartKind.LINE:
        _line(fig, figure, locale)
    elif figure.kind == ChartKind.BAR:
        _bar(fig, figure, locale)
    else:
        _funnel(fig, figure, locale, withheld)
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None, "Format": None, "Type": None})
    prefix = f"chart-{figure.key}"
    body = _presentational(buffer.getvalue(), prefix)
    label = labelledby or f"{figure.key}-caption"
    name = title or figure.title
    body = re.sub(r"<svg\b([^>]*?)\swidth=\"[^\"]*\"\s+height=\"[^\"]*\"", r"<svg\1", body, count=1)
    body = re.sub(r"<svg\b", f'<svg role="img" aria-labelledby="{label}" class="chart-svg" '
                             'stroke-linejoin="round" stroke-linecap="butt"', body, count=1)
    body = re.sub(r"(<svg\b[^>]*>)", lambda m: m.group(1) + f'<title id="{prefix}-title">'
                  + str(Markup.escape(name)) + "</title>", body, count=1)
    # matplotlib's XML writer escapes every text it writes (labels are data), the title is escaped above.
    return Markup(body)  # noqa: S704  # nosec B704
