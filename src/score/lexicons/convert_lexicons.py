#!/usr/bin/env python3
"""One-off converter: upstream lexicons (unpacked PyPI archives) -> compact TSV in src/score/lexicons/.
Usage: convert_lexicons.py UNPACK_DIR OUT_DIR"""
import sys, re, os, xml.etree.ElementTree as ET
src, out = sys.argv[1], sys.argv[2]

def has_letter(t):
    return any(c.isalpha() for c in t)

# VADER English: term \t mean \t sd \t ratings -> keep term, mean. Emoticons (no letters or
# letter-light like ":D") go to emoticons file.
en, emo = {}, {}
for line in open(os.path.join(src, "vaderSentiment/vaderSentiment/vader_lexicon.txt"), encoding="utf-8"):
    p = line.rstrip("\n").split("\t")
    if len(p) < 2: continue
    t, w = p[0].strip(), float(p[1])
    if re.fullmatch(r"[a-z][a-z'\-]*", t):
        en[t] = w
    else:
        emo[t] = w
# vaderSentiment-fr: term->weight
fr = {}
for line in open(os.path.join(src, "vaderSentiment_fr-1.3.4/vaderSentiment_fr/fr_lexicon.txt"), encoding="utf-8"):
    line = line.strip()
    if "->" not in line: continue
    t, w = line.rsplit("->", 1)
    t = t.strip().lower()
    if not has_letter(t) or "(" in t: continue
    try: fr[t] = float(w)
    except ValueError: pass
# Pattern fr-sentiment.xml: polarity [-1,1] -> x4 to VADER-like scale, only gaps of vader-fr.
pat = {}
for wd in ET.parse(os.path.join(src, "textblob_fr/textblob_fr/fr-sentiment.xml")).getroot().iter("word"):
    t = wd.get("form").strip().lower(); pol = float(wd.get("polarity"))
    pat.setdefault(t, []).append(pol)
pat_out = {}
for t, ps in pat.items():
    m = sum(ps) / len(ps)
    if abs(m) >= 0.1 and t not in fr:
        pat_out[t] = round(m * 4.0, 2)

def dump(name, d, header):
    with open(os.path.join(out, name), "w", encoding="utf-8") as f:
        f.write(header)
        for t in sorted(d):
            f.write(f"{t}\t{d[t]:g}\n")
dump("en_vader.tsv", en, "# VADER 3.3.2 vader_lexicon.txt (MIT), word entries: term<TAB>mean rating. See NOTICE.md.\n")
dump("emoticons_vader.tsv", emo, "# VADER 3.3.2 vader_lexicon.txt (MIT), emoticon entries. See NOTICE.md.\n")
dump("fr_vader.tsv", fr, "# vaderSentiment-fr 1.3.4 fr_lexicon.txt (MIT): term<TAB>weight. See NOTICE.md.\n")
dump("fr_pattern.tsv", pat_out, "# Pattern fr-sentiment.xml via textblob-fr 0.2.0 (PDDL): polarity x4, only terms absent from fr_vader. See NOTICE.md.\n")
print(len(en), len(emo), len(fr), len(pat_out))
