"""A page set in two columns (a newspaper page, a bulletin): the left column is read down, then the right.

pdfplumber groups glyphs into lines by their height on the page, so two columns side by
side come out interleaved, a line of the left column glued to the line of the right
column beside it.  A page is read as two columns when

* a **gutter** runs down its middle (between 30 % and 70 % of the width): the vertical
  strip no glyph of the page body crosses, or the fewest do (a title set across both
  columns crosses it), and
* on at least ``PAIRS`` heights a line of prose (``PROSE`` Chinese characters or more)
  stands on each side of it, with no glyph in the gutter.

Then every line is cut at the gutter; a line crossing it (a title, a heading over both
columns) stays whole and ends a band: within each band the left column's lines come
first, then the right column's.  Each column keeps its own left and right edges, so its
paragraphs are rejoined as a single column's are.  A page that does not pass this test
is read line by line as before (a table's columns are never taken for the page's:
their cells are figures, not prose).
"""

from __future__ import annotations

from collections import Counter

from bipub.text.normalize import HAN

#: heights with prose on both sides of the gutter that make a page two columns
PAIRS = 3
#: Chinese characters a line needs on one side of the gutter to count as prose
PROSE = 6


def split(lines: list[dict], width: float, height: float, margin: float) -> tuple[list[dict], float | None]:
    """``lines`` (pdfplumber's ``extract_text_lines(return_chars=True)``) in reading order, and the gutter's x
    (None: one column).  Each line of a column gets ``"edges"``: its column's (left, right)."""
    body = [ln for ln in lines if ln.get("chars") and margin * height < ln["top"] and ln["bottom"] < (1 - margin) * height]
    g = _gutter([c for ln in body for c in ln["chars"] if not c["text"].isspace()], width)
    if g is None or _pairs(body, g) < PAIRS:
        return lines, None
    out: list[dict] = []
    band: list[tuple[int, dict]] = []
    for ln in sorted(lines, key=lambda ln: ln["top"]):
        chars = ln.get("chars") or []
        if not chars or any(c["x0"] < g < c["x1"] for c in chars):
            out += [b for _, b in sorted(band, key=lambda s: (s[0], s[1]["top"]))] + [ln]
            band = []
            continue
        for side, part in enumerate(([c for c in chars if c["x1"] <= g], [c for c in chars if c["x0"] >= g])):
            if part:
                band.append((side, {**_line(part), "side": side}))
    out += [b for _, b in sorted(band, key=lambda s: (s[0], s[1]["top"]))]
    for side in (0, 1):
        column = [ln for ln in out if "side" in ln and ln["side"] == side]
        if column:
            edges = (Counter(round(ln["x0"]) for ln in column).most_common(1)[0][0], max(ln["x1"] for ln in column))
            for ln in column:
                ln["edges"] = edges
    for ln in out:
        ln.pop("side", None)
    return out, g


def _line(chars: list[dict]) -> dict:
    return {"chars": chars, "text": "".join(c["text"] for c in chars), "x0": min(c["x0"] for c in chars),
            "x1": max(c["x1"] for c in chars), "top": min(c["top"] for c in chars),
            "bottom": max(c["bottom"] for c in chars)}


def _gutter(chars: list[dict], width: float) -> float | None:
    """The middle of the widest vertical strip near the page's middle that the fewest glyphs cross."""
    lo, hi = int(width * 0.3), int(width * 0.7)
    if not chars or hi <= lo:
        return None
    cover = [0] * (hi - lo + 1)
    for c in chars:
        for x in range(max(lo, int(c["x0"]) + 1), min(hi, int(c["x1"])) + 1):
            cover[x - lo] += 1
    least = min(cover)
    best, run, start = (0, 0), 0, 0
    for i, n in enumerate(cover + [least + 1]):
        if n == least:
            start, run = (i, run + 1) if run == 0 else (start, run + 1)
            if run > best[0]:
                best = (run, start)
        else:
            run = 0
    return lo + best[1] + best[0] / 2 if best[0] >= 4 else None


def _pairs(lines: list[dict], g: float) -> int:
    """On how many heights a line of prose stands on each side of the gutter, none crossing it."""
    left, right = [], []
    for ln in lines:
        chars = [c for c in ln["chars"] if not c["text"].isspace()]
        if any(c["x0"] < g < c["x1"] for c in chars):
            continue
        for side, part in ((left, [c for c in chars if c["x1"] <= g]), (right, [c for c in chars if c["x0"] >= g])):
            if sum(1 for c in part if HAN.match(c["text"])) >= PROSE:
                side.append((min(c["top"] for c in part), max(c["size"] for c in part)))
    return sum(1 for top, size in right if any(abs(top - t) < 1.5 * size for t, _ in left))
