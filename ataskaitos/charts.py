"""Charts drawn by the portal itself: SVG for PDF (vector, text as text in DejaVu), PNG
(Pillow) for DOCX, native charts for XLSX. Readable without colour: every series has its
own dash pattern and marker, and the values are labelled."""

import io
from decimal import Decimal
from xml.sax.saxutils import escape

from django.utils import formats

from ataskaitos.document import Chart, with_unit
from portalas.numbers import rounded

WIDTH, HEIGHT = 640, 300
LEFT, RIGHT, TOP, BOTTOM = 70, 20, 36, 60
STYLES = [("#0b5a6b", "", "circle"), ("#c8782a", "6,4", "square"), ("#444444", "2,3",
                                                                      "triangle")]


def _number(value) -> str:
    value = Decimal(str(value))
    places = 0 if value == value.to_integral_value() or abs(value) >= 100 else 1
    return formats.number_format(rounded(value, places), decimal_pos=places, use_l10n=True,
                                 force_grouping=True)


def title(chart: Chart) -> str:
    """The chart's title with its unit, unless the title already names it: "Kaimo filialai
    (vnt.)", "Fondas (fiz. vnt.)" — not "Fondas (fiz. vnt.) (fiz. vnt.)"."""
    return with_unit(chart.title, chart.unit, parenthesised=True)


def nice_ceiling(value: float) -> float:
    """The next round number (1, 2, 2.5 or 5 × 10ⁿ) at or above ``value``."""
    import math

    magnitude = 10 ** math.floor(math.log10(value)) if value > 0 else 1
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return 10 * magnitude


def _scale(chart: Chart):
    values = [v for _label, series in chart.series for v in series if v is not None]
    top = nice_ceiling(float(max(values, default=1) or 1) * 1.1) * 1.15
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = plot_w / max(1, len(chart.categories))

    def x(i):
        return LEFT + step * (i + 0.5)

    def y(v):
        return TOP + plot_h - plot_h * float(v) / top

    return x, y, step, top


def svg(chart: Chart) -> str:
    x, y, step, top = _scale(chart)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
             f'width="{WIDTH}" height="{HEIGHT}" font-family="DejaVu Sans" font-size="11" '
             f'role="img" aria-label="{escape(chart.title)}">',
             # a numbered figure has its caption under it ("2 pav. …"), not in it
             '' if chart.number is not None else
             f'<text x="{LEFT}" y="18" font-size="13" font-weight="bold">'
             f'{escape(title(chart))}</text>']
    for tick in range(5):
        value = top / 1.15 * tick / 4
        ty = y(value)
        parts.append(f'<line x1="{LEFT}" y1="{ty:.1f}" x2="{WIDTH - RIGHT}" y2="{ty:.1f}" '
                     'stroke="#dddddd"/>')
        parts.append(f'<text x="{LEFT - 6}" y="{ty + 4:.1f}" text-anchor="end">'
                     f'{_number(value)}</text>')
    for i, category in enumerate(chart.categories):
        parts.append(f'<text x="{x(i):.1f}" y="{HEIGHT - BOTTOM + 16}" text-anchor="middle">'
                     f'{escape(str(category))}</text>')
    count = len(chart.series)
    for index, (label, values) in enumerate(chart.series):
        colour, dash, marker = STYLES[index % len(STYLES)]
        if chart.kind == "bar":
            width = step * 0.7 / count
            for i, value in enumerate(values):
                if value is None:
                    continue
                left = x(i) - step * 0.35 + width * index
                pattern = ' fill-opacity="0.55"' if index % 2 else ""
                parts.append(f'<rect x="{left:.1f}" y="{y(value):.1f}" width="{width:.1f}" '
                             f'height="{y(0) - y(value):.1f}" fill="{colour}"{pattern} '
                             f'stroke="#000" stroke-width="0.5"/>')
        else:
            points = [(x(i), y(v)) for i, v in enumerate(values) if v is not None]
            if len(points) > 1:
                path = " ".join(f"{px:.1f},{py:.1f}" for px, py in points)
                parts.append(f'<polyline points="{path}" fill="none" stroke="{colour}" '
                             f'stroke-width="2" stroke-dasharray="{dash}"/>')
            for px, py in points:
                if marker == "square":
                    parts.append(f'<rect x="{px - 3.5:.1f}" y="{py - 3.5:.1f}" width="7" '
                                 f'height="7" fill="{colour}"/>')
                elif marker == "triangle":
                    parts.append(f'<polygon points="{px:.1f},{py - 4.5:.1f} {px - 4.5:.1f},'
                                 f'{py + 3.5:.1f} {px + 4.5:.1f},{py + 3.5:.1f}" '
                                 f'fill="{colour}"/>')
                else:
                    parts.append(f'<circle cx="{px:.1f}" cy="{py:.1f}" r="3.5" '
                                 f'fill="{colour}"/>')
        for i, value in enumerate(values):
            if value is not None:
                offset = -8 - 12 * index if chart.kind == "line" else -4
                parts.append(f'<text x="{x(i):.1f}" y="{y(value) + offset:.1f}" '
                             f'text-anchor="middle" font-size="9">{_number(value)}</text>')
        legend_x = LEFT + index * 200
        legend_y = HEIGHT - 18
        parts.append(f'<line x1="{legend_x}" y1="{legend_y}" x2="{legend_x + 28}" '
                     f'y2="{legend_y}" stroke="{colour}" stroke-width="3" '
                     f'stroke-dasharray="{dash}"/>')
        parts.append(f'<text x="{legend_x + 34}" y="{legend_y + 4}">{escape(label)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def png(chart: Chart) -> bytes:
    """The same chart as a PNG (for DOCX, which takes no SVG)."""
    from PIL import Image, ImageDraw, ImageFont

    scale = 2
    image = Image.new("RGB", (WIDTH * scale, HEIGHT * scale), "white")
    draw = ImageDraw.Draw(image)
    try:
        font = ImageFont.truetype("DejaVuSans.ttf", 11 * scale)
        bold = ImageFont.truetype("DejaVuSans-Bold.ttf", 13 * scale)
    except OSError:
        font = bold = ImageFont.load_default()
    x, y, step, top = _scale(chart)

    def s(value):
        return value * scale

    if chart.number is None:
        draw.text((s(LEFT), s(6)), title(chart), fill="black", font=bold)
    for tick in range(5):
        value = top / 1.15 * tick / 4
        draw.line([(s(LEFT), s(y(value))), (s(WIDTH - RIGHT), s(y(value)))], fill="#dddddd")
        draw.text((s(LEFT - 6), s(y(value))), _number(value), fill="black", font=font,
                  anchor="rm")
    for i, category in enumerate(chart.categories):
        draw.text((s(x(i)), s(HEIGHT - BOTTOM + 12)), str(category), fill="black", font=font,
                  anchor="mm")
    count = len(chart.series)
    for index, (label, values) in enumerate(chart.series):
        colour, dash, _marker = STYLES[index % len(STYLES)]
        if chart.kind == "bar":
            width = step * 0.7 / count
            for i, value in enumerate(values):
                if value is not None:
                    left = x(i) - step * 0.35 + width * index
                    draw.rectangle([s(left), s(y(value)), s(left + width), s(y(0))],
                                   fill=colour, outline="black")
        else:
            points = [(s(x(i)), s(y(v))) for i, v in enumerate(values) if v is not None]
            if len(points) > 1:
                draw.line(points, fill=colour, width=2 * scale)
            for px, py in points:
                draw.ellipse([px - 4 * scale, py - 4 * scale, px + 4 * scale, py + 4 * scale],
                             fill=colour)
        for i, value in enumerate(values):
            if value is not None:
                draw.text((s(x(i)), s(y(value) - 10 - 12 * index)), _number(value),
                          fill="black", font=font, anchor="mm")
        legend_x = LEFT + index * 200
        draw.line([(s(legend_x), s(HEIGHT - 18)), (s(legend_x + 28), s(HEIGHT - 18))],
                  fill=colour, width=3 * scale)
        draw.text((s(legend_x + 34), s(HEIGHT - 18)), label, fill="black", font=font,
                  anchor="lm")
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()
