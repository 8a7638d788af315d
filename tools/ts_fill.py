#!/usr/bin/env python3
"""Fill unfinished messages of a Qt .ts file from "source<TAB>translation" lines on stdin.

Usage: tools/ts_fill.py translations/clerkdesk_de.ts < words.tsv
Plural messages take "a|b" as translation (singular|plural). Prints what is still unfinished.
Escape sequences \\n in either column stand for newlines.
"""
import sys
import xml.etree.ElementTree as ET

path = sys.argv[1]
pairs = {}
for line in sys.stdin:
    line = line.rstrip("\n")
    if not line or line.startswith("#") or "\t" not in line:
        continue
    src, dst = line.split("\t", 1)
    pairs[src.replace("\\n", "\n")] = dst.replace("\\n", "\n")

tree = ET.parse(path)
left = []
for msg in tree.getroot().iter("message"):
    src = msg.findtext("source")
    tr = msg.find("translation")
    if tr is None or tr.get("type") not in ("unfinished", None):
        continue
    if tr.get("type") is None and (tr.text or len(tr)):
        continue
    if src in pairs:
        if msg.get("numerus") == "yes":
            for child in list(tr):
                tr.remove(child)
            tr.text = None
            for form in pairs[src].split("|"):
                ET.SubElement(tr, "numerusform").text = form
        else:
            tr.text = pairs[src]
        tr.attrib.pop("type", None)
    else:
        left.append(src)

with open(path, "wb") as f:
    f.write(b'<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n')
    tree.write(f, encoding="utf-8", xml_declaration=False)
for s in left:
    print("unfinished:", s)
