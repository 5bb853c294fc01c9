"""Geometry of the server-rendered SVG bar charts: computed here, the template only draws.

No JavaScript, no inline style (CSP): sizes are SVG attributes, colours are CSS classes (static/css/stats.css).
"""

from conventions.enums import ConventionStatut

LABEL_WIDTH = 300
BAR_AREA = 300
VALUE_GAP = 8
ROW_HEIGHT = 28
BAR_HEIGHT = 18
WIDTH = LABEL_WIDTH + BAR_AREA + 70

# Colour class per status (stats.css), in the order of the statuses.
STATUT_CLASSES = {code: f"apilos-stats-statut-{index}" for index, code in enumerate(ConventionStatut.values)}


def _row_y(index: int) -> int:
    return index * ROW_HEIGHT


def bar_chart(rows: list[dict], *, value_key: str = "n", label_key: str = "label", suffix: str = "") -> dict:
    """One horizontal bar per row, scaled on the largest value."""
    maximum = max((row[value_key] for row in rows), default=0) or 1
    bars = []
    for index, row in enumerate(rows):
        value = row[value_key]
        width = round(BAR_AREA * float(value) / float(maximum))
        y = _row_y(index)
        bars.append(
            {
                "label": row[label_key],
                "value": f"{value}{suffix}",
                "y": y,
                "text_y": y + BAR_HEIGHT - 4,
                "width": width,
                "value_x": LABEL_WIDTH + width + VALUE_GAP,
                "css": row.get("css", "apilos-stats-bar"),
            }
        )
    return _chart(bars)


def stacked_chart(rows: list[dict], statuts: list[tuple[str, str]]) -> dict:
    """One bar per département, one segment per status."""
    maximum = max((row["total"] for row in rows), default=0) or 1
    bars = []
    for index, row in enumerate(rows):
        y = _row_y(index)
        x = LABEL_WIDTH
        segments = []
        for code, label in statuts:
            value = row["statuts"].get(code, 0)
            if not value:
                continue
            width = max(1, round(BAR_AREA * value / maximum))
            segments.append({"x": x, "width": width, "css": STATUT_CLASSES[code], "title": f"{label} : {value}"})
            x += width
        bars.append(
            {
                "label": row["label"],
                "value": str(row["total"]),
                "y": y,
                "text_y": y + BAR_HEIGHT - 4,
                "segments": segments,
                "value_x": x + VALUE_GAP,
            }
        )
    return _chart(bars)


def _chart(bars: list[dict]) -> dict:
    return {
        "bars": bars,
        "width": WIDTH,
        "height": max(len(bars), 1) * ROW_HEIGHT,
        "label_width": LABEL_WIDTH,
        "label_x": LABEL_WIDTH - VALUE_GAP,
        "bar_height": BAR_HEIGHT,
    }
