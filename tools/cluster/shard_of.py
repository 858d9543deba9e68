#!/usr/bin/env python3
"""Which shard of N an image is in under `deteval --shard I/N` (docs/scale.md, "The partition").

    tools/cluster/shard_of.py N ID_OR_NAME...      e.g.  shard_of.py 8 397133 581781   or   shard_of.py 4 --name 2008_000008

shard = XxHash64(key, seed 0) mod N; the key is the image id as 8 little-endian bytes (signed 64-bit), or with
--name the UTF-8 bytes of the image name, SAM stem or video name. XXH64 is written out here from the xxHash
specification (no package needed); the test ShardTests pins values computed with it.
"""
import struct
import sys

MASK = (1 << 64) - 1
P1, P2, P3, P4, P5 = 0x9E3779B185EBCA87, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0x85EBCA77C2B2AE63, 0x27D4EB2F165667C5


def _rotl(x, r):
    return ((x << r) | (x >> (64 - r))) & MASK


def _round(acc, lane):
    return (_rotl((acc + lane * P2) & MASK, 31) * P1) & MASK


def xxh64(data, seed=0):
    n, i = len(data), 0
    if n >= 32:
        v = [(seed + P1 + P2) & MASK, (seed + P2) & MASK, seed, (seed - P1) & MASK]
        while i + 32 <= n:
            v = [_round(acc, lane) for acc, lane in zip(v, struct.unpack_from('<4Q', data, i))]
            i += 32
        h = (_rotl(v[0], 1) + _rotl(v[1], 7) + _rotl(v[2], 12) + _rotl(v[3], 18)) & MASK
        for acc in v:
            h = ((h ^ _round(0, acc)) * P1 + P4) & MASK
    else:
        h = (seed + P5) & MASK
    h = (h + n) & MASK
    while i + 8 <= n:
        h = (_rotl(h ^ _round(0, struct.unpack_from('<Q', data, i)[0]), 27) * P1 + P4) & MASK
        i += 8
    if i + 4 <= n:
        h = (_rotl(h ^ ((struct.unpack_from('<I', data, i)[0] * P1) & MASK), 23) * P2 + P3) & MASK
        i += 4
    while i < n:
        h = (_rotl(h ^ ((data[i] * P5) & MASK), 11) * P1) & MASK
        i += 1
    h ^= h >> 33
    h = (h * P2) & MASK
    h ^= h >> 29
    h = (h * P3) & MASK
    return h ^ (h >> 32)


def shard_of(key, count):
    data = key.encode('utf-8') if isinstance(key, str) else struct.pack('<q', key)
    return xxh64(data) % count


if __name__ == '__main__':
    assert xxh64(b'') == 0xEF46DB3751D8E999  # xxHash's published value for the empty input
    args = sys.argv[1:]
    if len(args) < 2:
        sys.exit(__doc__)
    count, names = int(args[0]), '--name' in args
    for key in (a for a in args[1:] if a != '--name'):
        print(key, shard_of(key if names else int(key), count))
