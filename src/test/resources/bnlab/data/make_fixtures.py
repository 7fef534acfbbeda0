#!/usr/bin/env python3
"""Regenerates the tiny IDX fixtures next to this script (deterministic: gzip mtime is 0).

One valid images/labels pair (3 images of 28x28, labels 0, 9, 4), raw and gzip, and one
small file per failure mode IdxReader must report.
"""
import gzip
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))


def idx(type_code, dims, data, magic=b"\0\0"):
    return magic + bytes([type_code, len(dims)]) + b"".join(struct.pack(">I", d) for d in dims) + bytes(data)


def gz(raw):
    return gzip.compress(raw, mtime=0)


def write(name, content):
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(content)


images = idx(0x08, [3, 28, 28], [(7 * i) % 256 for i in range(3 * 28 * 28)])
labels = idx(0x08, [3], [0, 9, 4])
write("images-idx3-ubyte", images)
write("images-idx3-ubyte.gz", gz(images))
write("labels-idx1-ubyte", labels)
write("labels-idx1-ubyte.gz", gz(labels))

write("bad-magic-idx1-ubyte", idx(0x08, [2], [1, 2], magic=b"\x08\x03"))
write("bad-type-idx1-ubyte", idx(0x0D, [2], [0] * 8))  # 0x0d: 32-bit float
write("bad-rank-idx3-ubyte", idx(0x08, [2, 2], [1, 2, 3, 4]))  # rank 2 where 3 is needed
write("truncated-idx1-ubyte", idx(0x08, [5], [1, 2, 3]))  # 5 items announced, 3 bytes present
write("trailing-idx1-ubyte", idx(0x08, [2], [1, 2, 3, 4]))  # 2 items announced, 4 bytes present
write("trailing-gzip-idx1-ubyte.gz", gz(idx(0x08, [2], [1, 2, 3, 4])))  # seen after decompression
write("not-gzip-idx1-ubyte.gz", labels)  # raw IDX under a .gz name
write("zero-items-idx1-ubyte", idx(0x08, [0], []))
write("truncated-header-idx3-ubyte", idx(0x08, [3, 28, 28], [])[:10])
write("truncated-gzip-idx3-ubyte.gz", gz(images)[:100])

# Headers that lie about their size: nothing may be allocated for what the file does not hold.
write("huge-claim-idx1-ubyte", idx(0x08, [2_000_000_000], [0] * 22))  # 30 bytes, 2e9 items claimed
write("huge-claim-idx1-ubyte.gz", gz(idx(0x08, [2_000_000_000], [0] * 22)))
write("overflow-dims-idx3-ubyte", idx(0x08, [0xFFFFFFFF] * 3, [0] * 4))  # product needs 96 bits
write("short-gzip-idx1-ubyte.gz", gz(idx(0x08, [100_000_000], [1, 2, 3])))  # at the cap, 3 bytes
