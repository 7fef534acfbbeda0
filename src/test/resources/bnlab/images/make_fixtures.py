#!/usr/bin/env python3
"""Regenerates the tiny image fixtures next to this script (deterministic), one per way an image
file can be too large or broken for `bnlab predict`. Written by hand (zlib, struct): no imaging
library needed.
"""
import os
import struct
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))


def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png(width, height, bit_depth, idat, end=True):
    # colour type 0: gray
    ihdr = struct.pack(">IIBBBBB", width, height, bit_depth, 0, 0, 0, 0)
    out = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat)
    return out + chunk(b"IEND", b"") if end else out


def write(name, content):
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(content)


# A header claiming 100000 x 100000 pixels (10 gigapixels) in front of a few bytes of data.
write("huge-dimensions.png", png(100_000, 100_000, 8, zlib.compress(b"\0" * 16)))

# A real, valid 12000 x 12000 image (1-bit, all black) whose 18 MB of rows deflate to ~18 kB:
# decoded whole it would take 144 million pixels of memory.
row = b"\0" + b"\0" * (12_000 // 8)
write("bomb-12000x12000.png", png(12_000, 12_000, 1, zlib.compress(row * 12_000, 9)))

# A valid 64 x 64 header whose pixel data stops half-way, without an end chunk.
full = zlib.compress((b"\0" + bytes(range(64))) * 64, 9)
write("truncated.png", png(64, 64, 8, full[: len(full) // 2], end=False))

# An empty file with an image's name.
write("empty.png", b"")
