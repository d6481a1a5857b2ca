"""The application icon ships in every size and format the three desktops ask for."""

from __future__ import annotations

import struct

from PySide6.QtGui import QImage

from desktop.ui.resources import ICON_SIZES, icon_dir, icon_png_path


def test_every_png_size_is_there_at_its_size() -> None:
    for size in ICON_SIZES:
        image = QImage(str(icon_png_path(size)))
        assert not image.isNull(), size
        assert (image.width(), image.height()) == (size, size)
        assert image.hasAlphaChannel()


def test_the_ico_holds_the_windows_sizes_as_png() -> None:
    data = (icon_dir() / "finetune-desk.ico").read_bytes()
    reserved, kind, count = struct.unpack_from("<HHH", data)
    assert (reserved, kind) == (0, 1)
    sizes = set()
    for index in range(count):
        width, _height, _colors, _zero, _planes, _bits, length, offset = struct.unpack_from(
            "<BBBBHHII", data, 6 + 16 * index
        )
        assert data[offset : offset + 8] == b"\x89PNG\r\n\x1a\n"
        assert offset + length <= len(data)
        sizes.add(width or 256)
    assert {16, 24, 32, 48, 256} <= sizes


def test_the_icns_holds_png_chunks_up_to_retina_512() -> None:
    data = (icon_dir() / "finetune-desk.icns").read_bytes()
    assert data[:4] == b"icns"
    assert struct.unpack_from(">I", data, 4)[0] == len(data)
    kinds = set()
    position = 8
    while position < len(data):
        kind = data[position : position + 4]
        length = struct.unpack_from(">I", data, position + 4)[0]
        assert data[position + 8 : position + 16] == b"\x89PNG\r\n\x1a\n", kind
        kinds.add(kind)
        position += length
    assert position == len(data)
    assert {b"icp4", b"ic07", b"ic08", b"ic09", b"ic10"} <= kinds


def test_the_svg_source_is_there() -> None:
    assert (icon_dir() / "finetune-desk.svg").read_text(encoding="utf-8").lstrip().startswith("<svg")
