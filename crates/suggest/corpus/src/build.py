#!/usr/bin/env python3
"""Build the corpus JSON Lines files from the hand-written sources in this folder.

Source format (one file per split, `<split>.txt`, blocks separated by a header):

    ## fier 16 f            channel, intake age (- = absent, null = null), intake gender (f/m/n/-)
    v: visitor message
    c: counsellor message
    = status=included chatter=victim coercion=violence,financial victim_age=16

An optional fourth header word `noflag` sets flags.trafficking to false.
`=` lines hold the expected codes: key=value, lists comma-separated for the
multiple-response sets (coercion, violence, crime, client_ind); integers for
victim_age. Ids, usernames and timestamps are generated deterministically
(seeded per split), so a rebuild gives identical files.

Usage: python3 build.py            (writes ../train.jsonl, ../dev.jsonl, ...)
"""
import json
import random
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE.parent
SPLITS = {"train": "tr", "dev": "dv", "test-a": "ta", "test-b": "tb", "train-2": "t2", "train-3": "t3", "train-4": "t4", "test-c": "tc", "test-d": "td", "test-e": "te", "test-f": "tf", "test-g": "tg", "test-h1": "h1", "test-h2": "h2", "test-i1": "i1", "test-i2": "i2", "test-j1": "j1", "test-j2": "j2", "test-k1": "k1", "test-k2": "k2", "test-l1": "l1", "test-l2": "l2", "test-m1": "m1", "test-m2": "m2", "test-n1": "n1", "test-n2": "n2", "test-n3": "n3", "test-n4": "n4", "test-o1": "o1", "test-o2": "o2", "test-p1": "p1", "test-p2": "p2", "test-q1": "q1", "test-q2": "q2", "test-r1": "r1", "test-r2": "r2", "test-s1": "s1", "test-s2": "s2", "test-t1": "tt1", "test-t2": "tt2", "test-u1": "u1", "test-u2": "u2", "test-v1": "v1", "test-v2": "v2", "test-w1": "w1", "test-w2": "w2", "test-x1": "x1", "test-x2": "x2", "test-y1": "y1", "test-y2": "y2", "test-z1": "z1", "test-z2": "z2", "test-aa1": "aa1", "test-aa2": "aa2", "test-ab1": "ab1", "test-ab2": "ab2", "test-ac1": "ac1", "test-ac2": "ac2", "test-ad1": "ad1", "test-ad2": "ad2", "test-ae1": "ae1", "test-ae2": "ae2", "test-af1": "af1", "test-af2": "af2", "test-ag1": "ag1", "test-ag2": "ag2", "test-ah1": "ah1", "test-ah2": "ah2", "test-ai1": "ai1", "test-ai2": "ai2", "test-aj1": "aj1", "test-aj2": "aj2", "test-ak1": "ak1", "test-ak2": "ak2", "test-al1": "al1", "test-al2": "al2", "test-am1": "am1", "test-am2": "am2", "test-an1": "an1", "test-an2": "an2", "test-ao1": "ao1", "test-ao2": "ao2", "test-ap1": "ap1", "test-ap2": "ap2", "test-aq1": "aq1", "test-aq2": "aq2", "test-ar1": "ar1", "test-ar2": "ar2", "test-as1": "as1", "test-as2": "as2", "test-at1": "at1", "test-at2": "at2", "test-au1": "au1", "test-au2": "au2", "test-av1": "av1", "test-av2": "av2", "test-aw1": "aw1", "test-aw2": "aw2", "test-ax1": "ax1", "test-ax2": "ax2", "test-ay1": "ay1", "test-ay2": "ay2", "test-az1": "az1", "test-az2": "az2", "test-ba1": "ba1", "test-ba2": "ba2", "test-bb1": "bb1", "test-bb2": "bb2", "test-bc1": "bc1", "test-bc2": "bc2", "test-bd1": "bd1", "test-bd2": "bd2", "test-be1": "be1", "test-be2": "be2", "test-bf1": "bf1", "test-bf2": "bf2", "test-bg1": "bg1", "test-bg2": "bg2", "test-bh1": "bh1", "test-bh2": "bh2", "test-bi1": "bi1", "test-bi2": "bi2", "test-bj1": "bj1", "test-bj2": "bj2", "test-bk1": "bk1", "test-bk2": "bk2", "test-bl1": "bl1", "test-bl2": "bl2", "test-bm1": "bm1", "test-bm2": "bm2", "test-bn1": "bn1", "test-bn2": "bn2", "test-bo1": "bo1", "test-bo2": "bo2"}
SETS = {"coercion", "violence", "crime", "client_ind"}
INTS = {"victim_age"}
GENDER = {"f": "female", "m": "male", "n": "neutral"}

NAME_A = ["zonnetje", "anoniem", "iemand", "bloemetje", "sterretje", "regenboog", "nachtuil",
          "wolkje", "vlinder", "jongen", "meisje", "vraagje", "blauw", "roosje", "katje", "maantje",
          "gast", "bezorgd", "mam", "pap", "zus", "hulpvraag", "x", "xx", "onbekend", "kiwi",
          "appeltje", "stil", "schaduw", "lente", "herfst", "winter", "zomer", "golf", "vos", "uil"]


def parse(path):
    chats, cur = [], None
    for lineno, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.rstrip()
        if not line or line.startswith("#!"):
            continue
        if line.startswith("## "):
            parts = line[3:].split()
            cur = {"channel": parts[0], "age": parts[1], "gender": parts[2],
                   "flag": "noflag" not in parts[3:], "msgs": [], "exp": None, "line": lineno}
            chats.append(cur)
        elif line.startswith("v: ") or line.startswith("c: "):
            cur["msgs"].append(("visitor" if line[0] == "v" else "counsellor", line[3:].strip()))
        elif line.startswith("="):
            exp = {}
            for tok in line[1:].split():
                k, v = tok.split("=", 1)
                if k in SETS:
                    exp[k] = v.split(",")
                elif k in INTS:
                    exp[k] = int(v)
                else:
                    exp[k] = v
            cur["exp"] = exp
        else:
            sys.exit(f"{path}:{lineno}: cannot parse: {line!r}")
    for c in chats:
        if c["exp"] is None:
            sys.exit(f"{path}:{c['line']}: chat without '=' line")
    return chats


def build(split, prefix):
    src = HERE / f"{split}.txt"
    chats = parse(src)
    rnd = random.Random(f"zicht-corpus-{split}")
    base = datetime(2026, 1, 3, tzinfo=timezone.utc)
    out = []
    for i, c in enumerate(chats, 1):
        day = rnd.randrange(0, 330)
        hour = rnd.choice([9, 11, 13, 15, 16, 17, 19, 20, 20, 21, 21, 22, 22, 23, 23, 0, 1])
        t = base + timedelta(days=day, hours=hour, minutes=rnd.randrange(60), seconds=rnd.randrange(60))
        started = t
        msgs = []
        t += timedelta(seconds=rnd.randrange(5, 50))
        for who, text in c["msgs"]:
            msgs.append({"at": t.strftime("%Y-%m-%dT%H:%M:%SZ"), "from": who, "text": text})
            nxt = len(text)
            t += timedelta(seconds=rnd.randrange(20, 90) + nxt // 3)
        intake = {}
        if c["age"] == "null":
            intake["age"] = None
        elif c["age"] != "-":
            intake["age"] = int(c["age"])
        if c["gender"] != "-":
            intake["gender"] = GENDER[c["gender"]]
        user = rnd.choice(NAME_A) + (str(rnd.randrange(1, 999)) if rnd.random() < 0.8 else "")
        out.append({
            "conversation_id": f"{prefix}-{i:03d}",
            "channel": c["channel"],
            "username": user,
            "started_at": started.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "intake": intake,
            "flags": {"trafficking": c["flag"]},
            "messages": msgs,
            "expected": c["exp"],
        })
    with open(OUT / f"{split}.jsonl", "w", encoding="utf-8") as f:
        for o in out:
            f.write(json.dumps(o, ensure_ascii=False) + "\n")
    return len(out)


if __name__ == "__main__":
    for split, prefix in SPLITS.items():
        if (HERE / f"{split}.txt").exists():
            print(split, build(split, prefix))
