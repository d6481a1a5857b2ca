"""Render the application icon from resources/icons/finetune-desk.svg into every format we ship.

Writes finetune-desk-<N>.png for each size in SIZES, finetune-desk.ico (Windows: PNG images inside,
the Vista+ layout) and finetune-desk.icns (macOS: PNG chunks). Run it after editing the SVG:

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/make_icons.py

Qt's own SVG renderer draws the PNGs, so no image tool beyond PySide6 is needed.
"""

from __future__ import annotations

import struct
import sys
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ICONS = Path(__file__).resolve().parents[1] / "resources" / "icons"
SOURCE = ICONS / "finetune-desk.svg"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
# ICNS chunk types that hold PNG data, and the pixel size each holds.
ICNS_TYPES = (
    (b"icp4", 16),
    (b"icp5", 32),
    (b"icp6", 64),
    (b"ic07", 128),
    (b"ic08", 256),
    (b"ic09", 512),
    (b"ic11", 32),  # 16 pt @2x
    (b"ic12", 64),  # 32 pt @2x
    (b"ic13", 256),  # 128 pt @2x
    (b"ic14", 512),  # 256 pt @2x
    (b"ic10", 1024),  # 512 pt @2x
)


def render(renderer: QSvgRenderer, size: int) -> bytes:
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.convertToFormat(QImage.Format.Format_ARGB32).save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def ico(images: dict[int, bytes]) -> bytes:
    header = struct.pack("<HHH", 0, 1, len(ICO_SIZES))
    directory = b""
    body = b""
    offset = 6 + 16 * len(ICO_SIZES)
    for size in ICO_SIZES:
        png = images[size]
        side = 0 if size >= 256 else size  # 0 means 256 in an ICO directory entry
        directory += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(png), offset + len(body))
        body += png
    return header + directory + body


def icns(images: dict[int, bytes]) -> bytes:
    chunks = b"".join(
        kind + struct.pack(">I", 8 + len(images[size])) + images[size] for kind, size in ICNS_TYPES
    )
    return b"icns" + struct.pack(">I", 8 + len(chunks)) + chunks


def main() -> int:
    app = QGuiApplication(sys.argv[:1])  # noqa: F841 - QImage painting needs an application
    renderer = QSvgRenderer(str(SOURCE))
    if not renderer.isValid():
        print(f"{SOURCE}: not a valid SVG", file=sys.stderr)
        return 1
    images = {size: render(renderer, size) for size in {*SIZES, 1024}}
    for size in SIZES:
        (ICONS / f"finetune-desk-{size}.png").write_bytes(images[size])
    (ICONS / "finetune-desk.ico").write_bytes(ico(images))
    (ICONS / "finetune-desk.icns").write_bytes(icns(images))
    print(f"wrote {len(SIZES)} PNGs, finetune-desk.ico and finetune-desk.icns to {ICONS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
