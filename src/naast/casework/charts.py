"""Small server-rendered SVG: the ZRM change chart and the QR code on the survey letter.
No JavaScript and no inline styles (the CSP allows neither); colours are SVG attributes."""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

LABEL_WIDTH = 250
STEP = 60
ROW = 26
TOP = 34


def _x(level: int) -> int:
    return LABEL_WIDTH + (level - 1) * STEP


def zrm_chart(comparison) -> SafeString:
    """A dot chart: per domain the first score (open circle) and the latest (filled), 1 to 5."""
    height = TOP + ROW * len(comparison.rows) + 10
    width = LABEL_WIDTH + 4 * STEP + 30
    summary = zrm_summary(comparison)
    title = _("Self-sufficiency per domain: first and latest score")  # outside the f-string: xgettext finds it
    parts = [
        f'<svg class="naast-zrm-chart" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" aria-labelledby="zrm-chart-title zrm-chart-desc" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="zrm-chart-title">{escape(title)}</title>',
        f'<desc id="zrm-chart-desc">{escape(summary)}</desc>',
    ]
    for level in range(1, 6):
        x = _x(level)
        parts.append(f'<line x1="{x}" y1="{TOP - 8}" x2="{x}" y2="{height - 6}" stroke="#c8ccd1" stroke-width="1"/>')
        parts.append(f'<text x="{x}" y="{TOP - 14}" text-anchor="middle" font-size="13" fill="#1a1a1a">{level}</text>')
    for index, row in enumerate(comparison.rows):
        y = TOP + index * ROW + ROW // 2
        parts.append(f'<text x="0" y="{y + 5}" font-size="13" fill="#1a1a1a">{escape(row["label"])}</text>')
        first, last = row["first"], row["last"]
        if first is None:
            continue
        if last is not None and last != first:
            colour = "#14501f" if last > first else "#a3001b"
            parts.append(f'<line x1="{_x(first)}" y1="{y}" x2="{_x(last)}" y2="{y}" stroke="{colour}" stroke-width="4"/>')
        parts.append(f'<circle cx="{_x(first)}" cy="{y}" r="7" fill="#ffffff" stroke="#1a1a1a" stroke-width="2"/>')
        if last is not None and row["change"] is not None:
            parts.append(f'<circle cx="{_x(last)}" cy="{y}" r="6" fill="#1a1a1a"/>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # every text part is escaped above


def zrm_summary(comparison) -> str:
    """The chart as one sentence, for screen readers and as the caption."""
    if len(comparison.assessments) < 2:
        return _("One assessment so far; the change shows after the next one.")
    return _(
        "From the first to the latest assessment: better on %(better)s domains, worse on %(worse)s, "
        "the same on %(same)s."
    ) % {"better": comparison.improved, "worse": comparison.worsened, "same": comparison.unchanged}


def qr_svg(data: str, label: str = "") -> SafeString:
    """A QR code as inline SVG (no image file, no data: URL)."""
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=2)
    svg = image.to_string(encoding="unicode")
    if svg.startswith("<?xml"):
        svg = svg.split("?>", 1)[1]
    alt = escape(label or _("QR code with the link to the survey"))
    svg = svg.replace("<svg ", f'<svg role="img" aria-label="{alt}" class="naast-qr" ', 1)
    return mark_safe(svg)
