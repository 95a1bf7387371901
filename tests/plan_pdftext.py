"""The text of a PDF printed by Chromium (tests only; no PDF library is installed).

Chromium writes Type0 fonts with Identity-H encoding and a ToUnicode map per font; the text
is hex glyph strings shown with Tj/TJ after a Tf that names the font. This reads just that.
"""

from __future__ import annotations

import re
import unicodedata
import zlib

_OBJ = re.compile(rb"(\d+) 0 obj(.*?)endobj", re.S)


def _objects(data: bytes) -> dict[int, tuple[bytes, bytes]]:
    """Object number -> (dictionary text, decoded stream or b"")."""
    out = {}
    for match in _OBJ.finditer(data):
        body = match.group(2)
        stream = b""
        if b"stream" in body:
            head, _, rest = body.partition(b"stream")
            raw = rest.lstrip(b"\r\n").rsplit(b"endstream", 1)[0]
            if b"/FlateDecode" in head:
                try:
                    stream = zlib.decompress(raw)
                except zlib.error:
                    stream = b""
            else:
                stream = raw
            body = head
        out[int(match.group(1))] = (body, stream)
    return out


def _cmap(text: bytes) -> dict[int, str]:
    mapping: dict[int, str] = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", text, re.S):
        for src, dst in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            mapping[int(src, 16)] = bytes.fromhex(dst.decode()).decode("utf-16-be", "replace")
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", text, re.S):
        for lo, hi, dst in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            start = ord(bytes.fromhex(dst.decode()).decode("utf-16-be", "replace")[-1])
            for offset, code in enumerate(range(int(lo, 16), int(hi, 16) + 1)):
                mapping[code] = chr(start + offset)
    return mapping


def pdf_text(data: bytes) -> str:
    """All text of the PDF, pages in order, runs joined; whitespace as the PDF has it."""
    objects = _objects(data)
    maps: dict[int, dict[int, str]] = {}
    for number, (head, _stream) in objects.items():
        found = re.search(rb"/ToUnicode (\d+) 0 R", head)
        if b"/Type /Font" in head and found and int(found.group(1)) in objects:
            maps[number] = _cmap(objects[int(found.group(1))][1])
    pages = []
    for _number, (head, _stream) in sorted(objects.items()):
        if not re.search(rb"/Type /Page\b", head):
            continue
        fonts = {name.decode(): int(ref) for name, ref in re.findall(rb"/(F\d+) (\d+) 0 R", head)}
        contents = re.search(rb"/Contents (\d+) 0 R", head)
        if not contents:
            continue
        stream = objects.get(int(contents.group(1)), (b"", b""))[1]
        text, current = [], {}
        for token in re.finditer(rb"/(F\d+) [\d.]+ Tf|\[(.*?)\]\s*TJ|<([0-9A-Fa-f]*)>\s*Tj|\bET\b", stream, re.S):
            if token.group(1):
                current = maps.get(fonts.get(token.group(1).decode(), -1), {})
            elif token.group(0) == b"ET":
                text.append(" ")
            else:
                hexes = re.findall(rb"<([0-9A-Fa-f]*)>", token.group(2)) if token.group(2) is not None else [token.group(3)]
                for h in hexes:
                    for i in range(0, len(h), 4):
                        text.append(current.get(int(h[i:i + 4], 16), ""))
        pages.append("".join(text))
    return unicodedata.normalize("NFKC", "\f".join(pages))  # ligatures (fl, ffi) as letters
