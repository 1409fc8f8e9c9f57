#!/usr/bin/env python3
"""Validate the suggestion corpus and print its counts table.

Standard library only. Run from anywhere:

    python3 crates/suggest/corpus/check.py

Checks every split file (train, dev, test-a, test-b, train-2, train-3, train-4, test-c, test-d, test-e, test-f, test-g):
  * one JSON object per line, ids unique across all files and prefixed per split;
  * the conversation keys of formats.md section 2 plus `expected`;
  * channel, intake age/gender, message senders, 3..20 messages, timestamps
    increasing (and not before started_at);
  * every `expected` key is a codebook variable or set (from codebook/codebook.toml),
    every value has the variable's type (codes, yes/no, integer range, set items);
  * the codebook's conditions hold (variables and sets);
  * the corpus conventions: excluded chats carry exactly status and
    exclusion_reason; included chats carry chatter and exploitation; chats
    without status carry no situation codes; first_disclosure only for
    chatter = victim; violence items only with coercion violence; for
    chatter = victim the intake age/gender agree with victim_age/victim_gender.
Exit status 1 when any file has errors (all errors are printed). With --codes it also
prints the totals per code.
"""
import json
import re
import sys
import tomllib
from collections import Counter
from datetime import datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
CODEBOOK = ROOT / "codebook" / "codebook.toml"
SPLITS = [("train", "tr"), ("dev", "dv"), ("test-a", "ta"), ("test-b", "tb"), ("train-2", "t2"), ("train-3", "t3"), ("train-4", "t4"), ("test-c", "tc"), ("test-d", "td"), ("test-e", "te"), ("test-f", "tf"), ("test-g", "tg"), ("test-h1", "h1"), ("test-h2", "h2"), ("test-i1", "i1"), ("test-i2", "i2"), ("test-j1", "j1"), ("test-j2", "j2"), ("test-k1", "k1"), ("test-k2", "k2"), ("test-l1", "l1"), ("test-l2", "l2"), ("test-m1", "m1"), ("test-m2", "m2"), ("test-n1", "n1"), ("test-n2", "n2"), ("test-n3", "n3"), ("test-n4", "n4"), ("test-o1", "o1"), ("test-o2", "o2"), ("test-p1", "p1"), ("test-p2", "p2"), ("test-q1", "q1"), ("test-q2", "q2"), ("test-r1", "r1"), ("test-r2", "r2"), ("test-s1", "s1"), ("test-s2", "s2"), ("test-t1", "tt1"), ("test-t2", "tt2"), ("test-u1", "u1"), ("test-u2", "u2"), ("test-v1", "v1"), ("test-v2", "v2"), ("test-w1", "w1"), ("test-w2", "w2"), ("test-x1", "x1"), ("test-x2", "x2"), ("test-y1", "y1"), ("test-y2", "y2"), ("test-z1", "z1"), ("test-z2", "z2"), ("test-aa1", "aa1"), ("test-aa2", "aa2"), ("test-ab1", "ab1"), ("test-ab2", "ab2"), ("test-ac1", "ac1"), ("test-ac2", "ac2"), ("test-ad1", "ad1"), ("test-ad2", "ad2"), ("test-ae1", "ae1"), ("test-ae2", "ae2"), ("test-af1", "af1"), ("test-af2", "af2"), ("test-ag1", "ag1"), ("test-ag2", "ag2"), ("test-ah1", "ah1"), ("test-ah2", "ah2"), ("test-ai1", "ai1"), ("test-ai2", "ai2"), ("test-aj1", "aj1"), ("test-aj2", "aj2"), ("test-ak1", "ak1"), ("test-ak2", "ak2"), ("test-al1", "al1"), ("test-al2", "al2"), ("test-am1", "am1"), ("test-am2", "am2"), ("test-an1", "an1"), ("test-an2", "an2"), ("test-ao1", "ao1"), ("test-ao2", "ao2"), ("test-ap1", "ap1"), ("test-ap2", "ap2"), ("test-aq1", "aq1"), ("test-aq2", "aq2"), ("test-ar1", "ar1"), ("test-ar2", "ar2"), ("test-as1", "as1"), ("test-as2", "as2"), ("test-at1", "at1"), ("test-at2", "at2"), ("test-au1", "au1"), ("test-au2", "au2"), ("test-av1", "av1"), ("test-av2", "av2"), ("test-aw1", "aw1"), ("test-aw2", "aw2"), ("test-ax1", "ax1"), ("test-ax2", "ax2"), ("test-ay1", "ay1"), ("test-ay2", "ay2"), ("test-az1", "az1"), ("test-az2", "az2"), ("test-ba1", "ba1"), ("test-ba2", "ba2"), ("test-bb1", "bb1"), ("test-bb2", "bb2"), ("test-bc1", "bc1"), ("test-bc2", "bc2"), ("test-bd1", "bd1"), ("test-bd2", "bd2"), ("test-be1", "be1"), ("test-be2", "be2"), ("test-bf1", "bf1"), ("test-bf2", "bf2"), ("test-bg1", "bg1"), ("test-bg2", "bg2"), ("test-bh1", "bh1"), ("test-bh2", "bh2"), ("test-bi1", "bi1"), ("test-bi2", "bi2"), ("test-bj1", "bj1"), ("test-bj2", "bj2"), ("test-bk1", "bk1"), ("test-bk2", "bk2"), ("test-bl1", "bl1"), ("test-bl2", "bl2"), ("test-bm1", "bm1"), ("test-bm2", "bm2"), ("test-bn1", "bn1"), ("test-bn2", "bn2"), ("test-bo1", "bo1"), ("test-bo2", "bo2")]
TOP_KEYS = {"conversation_id", "channel", "username", "started_at", "intake", "flags", "messages", "expected"}
METADATA = {"case_id", "year", "first_contact", "n_conversations", "channel"}
SITUATION = {"exploitation", "both_onset", "victim_age", "first_disclosure", "acutely_unsafe", "time_since",
             "duration", "met", "met_platform", "perpetrator", "perpetrator_family", "perpetrator_social",
             "multiple_perpetrators", "multiple_victims", "client_knew", "client_should_have_known",
             "coercion", "violence", "crime", "client_ind"}

CHATSPEAK = re.compile(
    r"(?<![\w'])(mn|m'n|me\s+(?:vriend|moeder|vader|ouders|zus|broer|dochter|zoon)|nie|ff|idk|kzou|kweet|kwil|kheb|kben|"
    r"kga|kmoet|kdurf|kan\s+nie|wrm|ofzo|wss|nvm|tog|egt|echt\s+nie|srry|sry|jwz|dr|zn|ok|oke|oké|hoii+|hooi|heyy+|"
    r"pff+|ahh+|ja\s*ja|nee\s*nee|zo'n|tis|twas|da|wa|wt|wnt|omdt|ksnap|snap\s+ik\s+nie|gwn|gewn|ng|nu\s+ff|ma|"
    r"eig|eigl|miss|mss|trg|bij\s+me|dingen\s+ofzo|iets\s+ofzo|tho)(?![\w'])", re.I)
ENGLISH = re.compile(
    r"(?<![\w'])(like|basically|wtf|idk|loves?|literally|whatever|anyway|omg|bro|actually|scared|honestly|"
    r"fr|tbh|lowkey|the|and|what|but|cuz|because|fucked?|shit|he's|she's|i'm|i|you|my|no\s+way|so|"
    r"trust|sorry\s+for|toxic|red\s+flag|vibe|guys|money|please|help\s+me)(?![\w'])", re.I)


def load_codebook():
    with open(CODEBOOK, "rb") as f:
        cb = tomllib.load(f)
    variables = {v["name"]: v for v in cb["variable"]}
    sets = {s["name"]: s for s in cb["set"]}
    return variables, sets


def cond_holds(cond, exp):
    val = exp.get(cond["variable"])
    if "in" in cond:
        return val is not None and val in cond["in"]
    if "not_in" in cond:
        return val is None or val not in cond["not_in"]
    return True


def ts(s):
    return datetime.strptime(s, "%Y-%m-%dT%H:%M:%SZ")


def check_expected(exp, variables, sets, err):
    if not isinstance(exp, dict):
        err("expected is not an object")
        return
    for k, v in exp.items():
        if k in METADATA:
            err(f"expected.{k}: metadata variable, not coded from the text")
        elif k in sets:
            items = {i["code"] for i in sets[k]["items"]}
            if not isinstance(v, list) or not v:
                err(f"expected.{k}: must be a non-empty list of items")
            elif len(set(v)) != len(v):
                err(f"expected.{k}: duplicate items {v}")
            else:
                for it in v:
                    if it not in items:
                        err(f"expected.{k}: unknown item {it!r} (allowed {sorted(items)})")
            c = sets[k].get("condition")
            if c and not cond_holds(c, exp):
                err(f"expected.{k}: set condition {c} does not hold")
        elif k in variables:
            var = variables[k]
            kind = var["kind"]
            if kind == "code":
                codes = {c["code"] for c in var["codes"]}
                if v not in codes:
                    err(f"expected.{k}: unknown code {v!r} (allowed {sorted(codes)})")
            elif kind == "yesno":
                if v not in ("yes", "no"):
                    err(f"expected.{k}: must be 'yes' or 'no', got {v!r}")
            elif kind == "integer":
                if not isinstance(v, int) or isinstance(v, bool) or not (var.get("min", -10**9) <= v <= var.get("max", 10**9)):
                    err(f"expected.{k}: integer {var.get('min')}..{var.get('max')} expected, got {v!r}")
            else:
                err(f"expected.{k}: kind {kind} is not coded from the text")
            c = var.get("condition")
            if c and not cond_holds(c, exp):
                err(f"expected.{k}: condition {c} does not hold")
        else:
            err(f"expected.{k}: not a codebook variable or set")
    # corpus conventions
    status = exp.get("status")
    if status == "excluded":
        if set(exp) != {"status", "exclusion_reason"}:
            err(f"excluded chat must carry exactly status and exclusion_reason, has {sorted(exp)}")
    elif status == "included":
        for k in ("chatter", "exploitation"):
            if k not in exp:
                err(f"included chat without {k}")
    else:
        extra = set(exp) & (SITUATION - {"victim_age"})
        if extra:
            err(f"chat without status carries situation codes {sorted(extra)}")
        if "exclusion_reason" in exp:
            err("exclusion_reason without status excluded")
    if "first_disclosure" in exp and exp.get("chatter") != "victim":
        err("first_disclosure only for chatter = victim")
    if "violence" in exp and "violence" not in exp.get("coercion", []):
        err("violence items without coercion violence")
    if "met_platform" in exp and exp.get("met") != "online":
        err("met_platform without met = online")


def check_file(path, prefix, variables, sets, seen, stats):
    errors = []
    chan_codes = {c["code"] for c in variables["channel"]["codes"]}
    n = 0
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            def err(msg):
                errors.append(f"{path.name}:{lineno}: {msg}")
            if not line.strip():
                err("empty line")
                continue
            try:
                o = json.loads(line)
            except json.JSONDecodeError as e:
                err(f"invalid JSON: {e}")
                continue
            n += 1
            missing = TOP_KEYS - set(o)
            extra = set(o) - TOP_KEYS
            if missing:
                err(f"missing keys {sorted(missing)}")
                continue
            if extra:
                err(f"unexpected keys {sorted(extra)}")
            cid = o["conversation_id"]
            if not re.fullmatch(prefix + r"-\d{3}", str(cid)):
                err(f"conversation_id {cid!r} does not match {prefix}-NNN")
            if cid in seen:
                err(f"duplicate conversation_id {cid} (also in {seen[cid]})")
            seen[cid] = path.name
            if o["channel"] not in chan_codes:
                err(f"channel {o['channel']!r} not in {sorted(chan_codes)}")
            if not isinstance(o["username"], str) or not o["username"]:
                err("username must be a non-empty string")
            intake = o["intake"]
            if not isinstance(intake, dict) or set(intake) - {"age", "gender"}:
                err(f"intake must be an object with age/gender, got {intake!r}")
                intake = {}
            age = intake.get("age")
            if age is not None and (not isinstance(age, int) or not 0 <= age <= 110):
                err(f"intake.age {age!r} out of range")
            if "gender" in intake and intake["gender"] not in ("female", "male", "neutral"):
                err(f"intake.gender {intake['gender']!r}")
            if not isinstance(o["flags"], dict) or not isinstance(o["flags"].get("trafficking"), bool):
                err("flags.trafficking must be a boolean")
            try:
                prev = ts(o["started_at"])
            except (ValueError, TypeError):
                err(f"started_at {o['started_at']!r} is not YYYY-MM-DDTHH:MM:SSZ")
                prev = None
            msgs = o["messages"]
            if not isinstance(msgs, list) or not 3 <= len(msgs) <= 20:
                err(f"messages must be a list of 3..20, has {len(msgs) if isinstance(msgs, list) else msgs!r}")
                msgs = msgs if isinstance(msgs, list) else []
            for i, m in enumerate(msgs):
                if not isinstance(m, dict) or set(m) != {"at", "from", "text"}:
                    err(f"messages[{i}] must have exactly at/from/text")
                    continue
                if m["from"] not in ("visitor", "counsellor"):
                    err(f"messages[{i}].from {m['from']!r}")
                if not isinstance(m["text"], str) or not m["text"].strip():
                    err(f"messages[{i}].text empty")
                try:
                    t = ts(m["at"])
                except (ValueError, TypeError):
                    err(f"messages[{i}].at {m['at']!r} malformed")
                    continue
                if prev is not None and t <= prev:
                    err(f"messages[{i}].at {m['at']} not after the previous timestamp")
                prev = t
            if msgs and msgs[0].get("from") != "visitor":
                err("the visitor opens the chat")
            exp = o["expected"]
            check_expected(exp, variables, sets, err)
            if isinstance(exp, dict) and exp.get("chatter") == "victim":
                if age is not None and "victim_age" in exp and exp["victim_age"] != age:
                    err(f"chatter victim: victim_age {exp['victim_age']} differs from intake age {age}")
                if "gender" in intake and "victim_gender" in exp and exp["victim_gender"] != intake["gender"]:
                    err(f"chatter victim: victim_gender {exp['victim_gender']} differs from intake {intake['gender']}")
            # statistics
            if isinstance(exp, dict):
                s = stats
                s["chats"] += 1
                s["messages"] += len(msgs)
                st = exp.get("status")
                if st == "excluded":
                    s["excluded"] += 1
                    s["excl:" + exp.get("exclusion_reason", "?")] += 1
                elif st == "included":
                    s["included"] += 1
                    s["expl:" + exp.get("exploitation", "?")] += 1
                    s["chatter:" + exp.get("chatter", "?")] += 1
                    if exp.get("victim_gender") == "male":
                        s["male_victims"] += 1
                else:
                    s["no_status"] += 1
                vtext = " ".join(m.get("text", "") for m in msgs if isinstance(m, dict) and m.get("from") == "visitor")
                if CHATSPEAK.search(vtext):
                    s["chatspeak"] += 1
                if len(ENGLISH.findall(vtext)) >= 1:
                    s["english"] += 1
                for k, v in exp.items():
                    s["var:" + k] += 1
                    for item in (v if isinstance(v, list) else [v]):
                        s[f"code:{k}={item}"] += 1
    return n, errors


def table(all_stats):
    cols = [name for name, _ in SPLITS] + ["total"]
    rows = [
        ("chats", "chats"), ("included", "included"), ("  sexual", "expl:sexual"),
        ("  criminal", "expl:criminal"), ("  both", "expl:both"), ("  labour", "expl:labour"),
        ("  chatter victim", "chatter:victim"), ("  chatter family", "chatter:family"),
        ("  chatter partner", "chatter:partner"), ("  chatter social", "chatter:social"),
        ("  chatter client", "chatter:client"), ("  chatter other", "chatter:other"),
        ("  male victim", "male_victims"),
        ("excluded", "excluded"), ("  other_sexual_violence", "excl:other_sexual_violence"),
        ("  sextortion_only", "excl:sextortion_only"), ("  financial_or_extortion", "excl:financial_or_extortion"),
        ("  other", "excl:other"), ("no status", "no_status"),
        ("chat-speak in visitor text", "chatspeak"), ("English mixed in", "english"),
        ("messages", "messages"),
    ]
    tot = Counter()
    for s in all_stats.values():
        tot.update(s)
    all_stats = dict(all_stats, total=tot)
    lines = ["| | " + " | ".join(cols) + " |", "|---|" + "---:|" * len(cols)]
    for label, key in rows:
        cells = []
        for c in cols:
            s = all_stats.get(c, Counter())
            v = s[key]
            if key in ("chatspeak", "english") and s["chats"]:
                cells.append(f"{v} ({100 * v / s['chats']:.0f}%)")
            elif key == "messages" and s["chats"]:
                cells.append(f"{v} (avg {v / s['chats']:.1f})")
            else:
                cells.append(str(v))
        lines.append(f"| {label.strip() if not label.startswith('  ') else '&nbsp;&nbsp;' + label.strip()} | " + " | ".join(cells) + " |")
    return "\n".join(lines), tot


def main():
    variables, sets = load_codebook()
    seen, all_stats, bad = {}, {}, False
    for name, prefix in SPLITS:
        path = HERE / f"{name}.jsonl"
        if not path.exists():
            print(f"{path.name}: missing")
            bad = True
            continue
        stats = Counter()
        n, errors = check_file(path, prefix, variables, sets, seen, stats)
        all_stats[name] = stats
        for e in errors:
            print(e)
        print(f"{path.name}: {n} chats, {len(errors)} errors")
        bad |= bool(errors)
    tab, tot = table(all_stats)
    print()
    print(tab)
    print()
    print("expected variables coded (total over all files):")
    print(", ".join(f"{k[4:]} {v}" for k, v in sorted(tot.items()) if k.startswith("var:")))
    if "--codes" in sys.argv:
        print()
        print("codes (total over all files):")
        cur = None
        for k, v in sorted(tot.items()):
            if not k.startswith("code:"):
                continue
            var, code = k[5:].split("=", 1)
            if var != cur:
                print(f"  {var}:", end="")
                cur = var
            print(f" {code} {v};", end="")
            nxt = [x for x in sorted(tot) if x.startswith("code:") and x > k][:1]
            if not nxt or nxt[0][5:].split("=", 1)[0] != var:
                print()
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
