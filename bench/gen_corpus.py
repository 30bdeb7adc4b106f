#!/usr/bin/env python3
"""Generate a deterministic corpus of N synthetic reports from the project's fixtures.

Each report is a fixture (the seed or a clean fixture) with its unit name and
place names varied by index, so that N reports are N distinct files of the
same shape and size (~4 KB). Same N, same bytes, on every machine.

usage: gen_corpus.py N OUT_DIR
"""
import os
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
PLACES = ["东城", "西林", "南岭", "北湖", "青山", "白水", "金沙", "石桥", "红星", "长河"]


def sources():
    files = [os.path.join(ROOT, "fixtures", "daxiang-2020-gov-office.txt")]
    clean = os.path.join(ROOT, "fixtures", "clean")
    files += sorted(
        os.path.join(clean, f) for f in os.listdir(clean) if f.endswith(".txt")
    )
    return [open(f, encoding="utf-8").read() for f in files]


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    n = int(sys.argv[1])
    out = sys.argv[2]
    os.makedirs(out, exist_ok=True)
    texts = sources()
    for i in range(n):
        text = texts[i % len(texts)]
        place = PLACES[i % len(PLACES)] + PLACES[(i // len(PLACES)) % len(PLACES)]
        text = text.replace("大祥区", place + "区").replace("邵阳市", place + "市")
        name = os.path.join(out, f"report-{i:05d}.txt")
        with open(name, "w", encoding="utf-8") as f:
            f.write(text)


if __name__ == "__main__":
    main()
