"""Server-side SVG bar charts: no JavaScript, readable without colour, with a text alternative.

The chart is decoration on top of its table: the page always shows the table behind it, and
the SVG carries a <title> and <desc> summarising the values for screen readers.
"""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from .display import show
from .figures import Table

BAR_HEIGHT = 22
GAP = 8
LABEL_WIDTH = 230
BAR_WIDTH = 360
VALUE_WIDTH = 70


def _display(value, kind: str = "count") -> str:
    """The value as the table beside the chart shows it ("73,7 %", not "73.7")."""
    return show(value, kind)


def bar_chart(table: Table, chart_id: str) -> SafeString:
    column = table.column(table.chart_column)
    rows = [r for r in table.rows if r.get(column.key) is not None]
    numeric = [r[column.key] for r in rows if isinstance(r[column.key], int | float) and not isinstance(r[column.key], bool)]
    top = 100 if column.kind == "percent" else max(numeric, default=0) or 1
    height = len(rows) * (BAR_HEIGHT + GAP) + GAP
    width = LABEL_WIDTH + BAR_WIDTH + VALUE_WIDTH
    summary = "; ".join(f"{r['label']}: {_display(r[column.key], column.kind)}" for r in rows)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="naast-chart" role="img" viewBox="0 0 {width} {height}" '
        f'width="100%" aria-labelledby="{chart_id}-title {chart_id}-desc">',
        f'<title id="{chart_id}-title">{escape(table.title)} ({escape(column.title)})</title>',
        f'<desc id="{chart_id}-desc">{escape(summary)}</desc>',
    ]
    for i, row in enumerate(rows):
        y = GAP + i * (BAR_HEIGHT + GAP)
        value = row[column.key]
        label = str(row["label"])
        label = label if len(label) <= 32 else label[:31] + "…"
        parts.append(f'<text x="{LABEL_WIDTH - 8}" y="{y + 16}" text-anchor="end" font-size="14" fill="#1a1a1a">'
                     f"{escape(label)}</text>")
        if isinstance(value, int | float) and not isinstance(value, bool):
            bar = max(1, round(BAR_WIDTH * value / top)) if value else 0
            parts.append(f'<rect x="{LABEL_WIDTH}" y="{y}" width="{bar}" height="{BAR_HEIGHT}" fill="#1c4e80"/>')
            text_x = LABEL_WIDTH + bar + 6
        else:  # suppressed: no bar, the marker instead
            text_x = LABEL_WIDTH + 6
        parts.append(f'<text x="{text_x}" y="{y + 16}" font-size="14" fill="#1a1a1a">{escape(_display(value, column.kind))}</text>')
    parts.append("</svg>")
    if not rows:
        empty = escape(_("No data to chart."))
        return mark_safe(f'<p class="utrecht-paragraph">{empty}</p>')
    return mark_safe("".join(parts))
