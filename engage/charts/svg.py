"""Charts drawn on the server as inline SVG, so a chart shows as soon as its HTML arrives.

A phone once waited for 4.8 MB of Plotly before drawing anything (issue 10: every chart
within 10 s on a throttled phone). Now each chart is drawn once with matplotlib (the same
drawing as the board pack's, ``engage.charts.drawing``) and saved as SVG with its text as
text, so it stays selectable, small and readable to a browser's find. The SVG is then
tidied for being inlined in the page:

- **No style attributes and no <style>**: the site's policy allows no inline styles (the
  dashboard's allows them only for Plotly, loaded on request), so every declaration becomes
  the presentation attribute of the same name, which CSP allows.
- **Ids of its own**: several SVGs share one document, so every id a chart refers to
  (clip paths, hatch patterns, markers) is prefixed with the chart's key and the rest go.
- **Named and hinted**: ``role="img"`` with the chart's name; a mark's hover text is its
  ``<title>``. A chart whose marks open comments is instead a named ``group`` of links, each
  named by its ``<title>`` (an image may hold no links), with its loose text hidden from
  screen readers; the links are left out of the tab order, since the table beside the
  chart has the same links, and its figures, one tab stop per figure.

Drawing takes 0.1-0.3 s a chart on a busy 2-core machine (a dashboard draws 22), so a
drawn SVG is kept by the figure's content: in each process (a bounded cache) and, given a
folder, on disk, so that every worker and a restarted server answer a page any of them has
drawn without drawing it again. Figures of closed waves rarely change: most views are
drawn once.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import tempfile
import threading
import warnings
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from xml.etree import ElementTree

from markupsafe import Markup

from engage.charts import drawing

SVG = "http://www.w3.org/2000/svg"
XLINK = "{http://www.w3.org/1999/xlink}href"
FONTS = "DejaVu Sans, Bitstream Vera Sans, Verdana, Arial, sans-serif"  # what it measured
REFERENCE = re.compile(r"url\(#([^)]+)\)")
DROPPED = {"font-family", "font", "font-stretch"}
CACHED = 256  # SVGs per process: about 22 a dashboard view, tens of KB each
KEPT_ON_DISK = 4000  # about 40 MB
# A drawn SVG is kept under a hash of its figure and of the code that drew it: a new
# release of Engage or matplotlib draws afresh instead of serving an old drawing.
VERSION = hashlib.sha256(
    b"".join(Path(m).read_bytes() for m in (drawing.__file__, __file__))
    + metadata.version("matplotlib").encode()
).hexdigest()[:16]
DRAWING = threading.Lock()  # matplotlib's font and text caches are not thread-safe


def chart_svg(
    figure: str, size: drawing.Size, name: str, key: str, folder: str | None = None
) -> str | None:
    """The chart as SVG to inline in a page, or None when it has nothing to draw; kept in
    this process and, given a folder, on disk for every worker (and after a restart)."""
    return cached(figure, size.name, name, key, folder)


@lru_cache(maxsize=CACHED)
def cached(figure: str, size_name: str, name: str, key: str, folder: str | None) -> str | None:
    digest = hashlib.sha256(json.dumps([VERSION, figure, size_name, name, key]).encode())
    path = Path(folder) / f"{digest.hexdigest()[:32]}.svg" if folder else None
    if path is not None and path.is_file():
        return path.read_text(encoding="utf-8") or None  # empty: nothing to draw
    size = {s.name: s for s in (drawing.WIDE, drawing.NARROW, drawing.PRINT)}[size_name]
    marks = drawing.Marks()
    with DRAWING:
        raw = save(json.loads(figure), size, marks)
    drawn = None if raw is None else tidy(raw, name, f"{key}-{size_name}", marks)
    if path is not None:
        keep(path, drawn or "")
    return drawn


def keep(path: Path, text: str) -> None:
    """Written whole or not at all (another worker may read the same name meanwhile); the
    folder is pruned to its newest files now and then, so it never grows without bound."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".partial-")
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        out.write(text)
    os.chmod(temporary, 0o644)
    os.replace(temporary, path)
    files = list(path.parent.glob("*.svg"))
    if len(files) > KEPT_ON_DISK:
        files.sort(key=lambda f: f.stat().st_mtime)
        for old in files[: len(files) - KEPT_ON_DISK * 3 // 4]:
            old.unlink(missing_ok=True)


def save(figure: dict, size: drawing.Size, marks: drawing.Marks) -> str | None:
    import matplotlib

    plot = drawing.draw(figure, size, marks)
    if plot is None:
        return None
    buffer = io.StringIO()
    settings = {"svg.fonttype": "none", "svg.hashsalt": "engage", "font.size": size.font}
    with matplotlib.rc_context(settings), warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # a glyph the font lacks, a tight fit
        plot.savefig(buffer, format="svg", metadata={"Date": None})
    return buffer.getvalue()


def tidy(raw: str, name: str, prefix: str, marks: drawing.Marks) -> str:
    """matplotlib's SVG made fit to inline: see the module note."""
    ElementTree.register_namespace("", SVG)
    root = ElementTree.fromstring(raw)  # noqa: S314 (matplotlib's own output, text escaped)
    referred = referenced_ids(root)
    for parent in list(root.iter()):
        for child in list(parent):
            if child.tag in (f"{{{SVG}}}metadata", f"{{{SVG}}}style"):
                parent.remove(child)
    for element in root.iter():
        restyle(element)
        relink(element, prefix)
        identify(element, referred, prefix, marks)
        if element.text is not None and not element.text.strip():
            element.text = None
        element.tail = None
    for attribute in ("width", "height"):
        root.attrib.pop(attribute, None)
    linked = root.find(f".//{{{SVG}}}a") is not None
    root.set("role", "group" if linked else "img")
    root.set("aria-label", name)
    if linked:
        for text in root.iter(f"{{{SVG}}}text"):
            text.set("aria-hidden", "true")
            text.set("pointer-events", "none")  # a click on a cell's number opens the cell
    root.set("focusable", "false")
    root.set("class", f"chart-svg chart-{prefix.rsplit('-', 1)[-1]}")
    root.set("font-family", FONTS)
    root.set("stroke-linejoin", "round")
    root.set("stroke-linecap", "butt")
    return ElementTree.tostring(root, encoding="unicode").replace(f' xmlns="{SVG}"', "", 1)


def referenced_ids(root) -> set[str]:
    found = set()
    for element in root.iter():
        for name, value in element.attrib.items():
            found.update(REFERENCE.findall(value))
            if name == XLINK and value.startswith("#"):
                found.add(value[1:])
    return found


def restyle(element) -> None:
    """Each style declaration as a presentation attribute (CSP allows those)."""
    style = element.attrib.pop("style", "")
    for declaration in style.split(";"):
        prop, _, value = declaration.partition(":")
        prop, value = prop.strip(), value.strip()
        if prop and value and prop not in DROPPED:
            element.set(prop, value)


def relink(element, prefix: str) -> None:
    """References to ids renamed with the prefix; xlink:href as SVG 2's plain href."""
    for name, value in list(element.attrib.items()):
        if "url(#" in value:
            element.set(name, REFERENCE.sub(lambda m: f"url(#{prefix}-{m.group(1)})", value))
    link = element.attrib.pop(XLINK, None)
    if link is not None:
        element.set("href", f"#{prefix}-{link[1:]}" if link.startswith("#") else link)
        if element.tag == f"{{{SVG}}}a":
            element.set("tabindex", "-1")
            element.attrib.pop("target", None)  # the comments open here, not in a new tab


def identify(element, referred: set[str], prefix: str, marks: drawing.Marks) -> None:
    """Ids others refer to get the chart's prefix; a mark's id becomes its hover text."""
    gid = element.attrib.pop("id", None)
    if gid in referred:
        element.set("id", f"{prefix}-{gid}")
    elif gid in marks.tips:
        title = ElementTree.Element(f"{{{SVG}}}title")
        title.text = marks.tips[gid]
        link = element.find(f"{{{SVG}}}a")
        (element if link is None else link).insert(0, title)  # a link's title is its name


def drawn(chart, folder: str | None = None) -> dict[str, Markup]:
    """A dashboard chart as SVG for a wide screen and for a phone (the page's stylesheet
    shows one): one drawing scaled to a phone would shrink its text to 5 px."""
    name = f"{chart.title}: the table below has the same figures"
    return {
        # ElementTree wrote it, escaping every label and value: safe to inline.
        size.name: Markup(chart_svg(chart.figure, size, name, chart.key, folder) or "")  # noqa: S704
        for size in (drawing.WIDE, drawing.NARROW)
    }
