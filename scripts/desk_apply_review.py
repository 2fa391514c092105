"""Apply the editor's review of the seed edition (../shared/review/hunan-2021.review.md) through
the desk's HTTP API, as an editor at the desk would: glossary notes first, then the segments.

Each decision below is an editor's judgment on one suggestion of the review (docs/desk.md lists
what was taken, changed or declined, and why).  Run from the repository root:

    .venv/bin/python scripts/desk_apply_review.py [--segments ID,ID]   (only those segments, glossary done)

It serves the desk on 127.0.0.1 (a free port), reads the CSRF token from the page like the browser
does, and sends each edit with the version it was based on; a conflict or refusal stops it.
"""

from __future__ import annotations

import json
import re
import socket
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import uvicorn

from bipub.desk.app import create_app

REVIEWER = "Desk review (hunan-2021.review.md)"
DOC = "hunan-2021"

#: glossary notes: Chinese → the columns changed (the others stay as they are)
TERMS = {
    "规模以上工业": {"en": "industrial enterprises above designated size",
                  "note": "Industrial enterprises with annual main business revenue of 20 million yuan or more; "
                          "NBS English “industrial enterprises above designated size” (review 2026-11-30)."},
    "规模以上工业增加值": {"en": "value added of industrial enterprises above designated size",
                     "forbidden": "industrial added value of large-scale industry|value added of industry above designated size"},
    "十大产业项目": {"en": "10 major industrial projects",
               "note": "Provincial list of flagship projects, renewed each year. A descriptive label, not a proper "
                       "name: numeral 10 as everywhere in the edition (review 2026-11-30)."},
    "十大技术攻关项目": {"en": "10 major technology breakthrough projects",
                 "note": "A descriptive label: numeral 10 (review 2026-11-30)."},
    "360": {"en": "360", "forbidden": "Qihoo 360",
            "note": "360 Security Technology Inc. in full; the company dropped “Qihoo” in 2018, so 2021 texts write "
                    "360 (review 2026-11-30)."},
    "中联建起塔机智能工厂": {"en": "Zoomlion’s Tower Crane Intelligent Factory", "status": "approved",
                   "note": "Zoomlion’s own English for its tower crane plant at Changde (建起 = Zoomlion Construction "
                           "Hoisting Machinery); confirmed by the review of 2026-11-30."},
    "优势产业链长板、战略产业补短板、传统产业促升级、未来产业抢布局": {
        "en": "build on the strengths of advantageous industries, shore up strategic industries, upgrade "
              "traditional industries and get ahead in future industries",
        "note": "The four-part approach of the plan; a fluent rendering, not an official one. 链 is probably a "
                "misprint for 锻 (锻长板 pairs with 补短板): 长板 = strengths (review 2026-11-30)."},
    "两芯一生态": {"note": "Hunan’s 信创 line: the two chips are the Arm-based Phytium and Kunpeng CPUs, the ecosystem "
                      "is Kylin OS (review 2026-11-30); a label. No quotation marks in the rendering: the Chinese "
                      "quotes it and the English follows."},
    "3+3+2": {"note": "Hunan’s “3+3+2” modern industrial system: three world-class clusters (construction machinery; "
                      "rail transit equipment; small and medium aero-engines and aerospace equipment), three "
                      "national-level clusters (electronic information; new materials; new energy and energy saving) "
                      "and two more (upgraded traditional clusters; emerging and future clusters), per the review of "
                      "2026-11-30. The rendering is the formula itself. No quotation marks in the rendering."},
    "中小企业": {"note": "Spelled out at every mention. The review of 2026-11-30 suggests “SMEs” after the first "
                     "mention; that needs a first-mention rule in QA (a checked rendering must appear in every "
                     "sentence with the term), so the spelled-out form stays until QA has one."},
    "赶考之路": {"en": "new test on the journey ahead",
             "note": "Mao Zedong’s 1949 metaphor of going to Beijing “to sit the exam”; no fixed official English. "
                     "“journey to sit the test” read as Chinglish (review 2026-11-30); still proposed."},
    "大国重器": {"en": "heavyweight national equipment",
             "note": "Flagship equipment (trains, tunnel boring machines, cranes); avoid “weapons”. “pillars of a "
                     "great nation” loses the sense of equipment (review 2026-11-30). Official media vary: confirm."},
    "新旧动能转换": {"variants": "",
               "note": "新旧动能加快转换 is not a variant: 加快 adds meaning (review 2026-11-30)."},
    "单项冠军": {"en": "single-item champion", "forbidden": "",
             "note": "MIIT’s “manufacturing single champion” enterprises (world leaders in one product); "
                     "“single-item champion” is the more common English (review 2026-11-30); “individual "
                     "champion” is no longer forbidden until checked. Not used in the seed text."},
    "华菱涟钢": {"en": "Valin Lianyuan Iron & Steel",
             "note": "Hunan Valin Lianyuan Iron & Steel Group, usually written “Valin Lianyuan Iron & Steel” (VLIS) "
                     "(review 2026-11-30). Abbreviation VLIS only where the text uses it again."},
}

#: segment id → the English the editor settles on (state: reviewed)
SEGMENTS = {
    "s0-title-1": "Industry and IT Add Luster to Hunan’s Overall Development",
    "s1-b2-2": "Building on a glorious past, Hunan’s industry and information technology authorities set out to "
               "meet a new test on the journey ahead: achieving the Second Centenary Goal.",
    "s1-b3-2": "Bearing in mind the earnest instructions they were given, the province’s industry and information "
               "technology authorities continued to press ahead tirelessly toward the grand goal of building Hunan "
               "into an important national hub of advanced manufacturing.",
    "s1-b4-2": "“In the first year of the 14th Five-Year Plan period, we made a good start and opened up new "
               "prospects, adding luster to Hunan’s overall development through the work of industry and information "
               "technology,” said Mao Tengfei, Party secretary and director of the Hunan Provincial Department of "
               "Industry and Information Technology.",
    "s1-b6-1": "The W12000-450, the world’s first top-slewing tower crane rated at over 10,000 tonne-meters, "
               "developed by Zoomlion, rolls off the production line at Zoomlion’s Tower Crane Intelligent Factory "
               "in Changde High-tech Zone on October 25, 2021.",
    "s2-b8-1": "Four provincial coordinating bodies, including the Leading Group for Building a Strong Manufacturing "
               "Province, coordinated the work across the board; three platforms, including the ministry-province "
               "strategic cooperation platform, strengthened support and services; and a series of policies, such as "
               "those deepening the integration of new-generation information technology with manufacturing and "
               "supporting the advanced manufacturing supply chain, kept delivering dividends…",
    "s3-b1-1": "A fully automatic driverless train with the world’s highest grade of automation, the world’s highest-capacity "
               "top-slewing tower crane, the largest-diameter earth pressure balance shield machine ever made in China…",
    "s3-b1-2": "Over the past year, one piece of heavyweight national equipment after another has been unveiled in "
               "Hunan, repeatedly redrawing the province’s place on the manufacturing map of China and the world.",
    "s3-b2-2": "The province has advanced the 10 major industrial projects and carried out the 10 major technology "
               "breakthrough projects to overcome “chokepoint” problems and supply-chain breakdowns, striving to "
               "blaze a new trail in making manufacturing stronger, better and bigger.",
    "s3-b3-1": "China’s first and the world’s third silicon carbide production line covering the whole industrial "
               "chain went into operation at Hunan Sanan Semiconductor; the Valin Lianyuan Iron & Steel sheet "
               "deep-processing project, the Yihua Transportation Equipment Industrial Park and other projects were "
               "completed one after another; and work on the integrated refining and petrochemical project, with an "
               "annual capacity of 15 million tonnes of crude refining and 1.5 million tonnes of ethylene, pressed "
               "ahead at full speed…",
    "s3-b4-3": "A number of key technologies, such as the integrated circuit equipment of the CETC 48th Research "
               "Institute, saw breakthroughs, helping make “Two Chips, One Ecosystem” the preferred technical route "
               "for China’s IT application innovation (Xinchuang) projects; the Kylin computer system and others "
               "broke international monopolies; and the Sea Bull II deep-sea drilling rig let the world witness "
               "“China depth.”",
    "s3-b5-1": "Equipment manufacturing moves toward high-end, high-precision and cutting-edge.",
    "s3-b5-2": "In 2021, applications were filed for 37 units or sets of equipment under the national insurance "
               "subsidy for first-of-its-kind equipment, 66 projects received national insurance compensation for "
               "the first-batch application of key new materials, and 70 units or sets were newly recognized as "
               "first-of-its-kind major technical equipment, with a number of innovative products filling gaps in "
               "China or ranking among the leaders in the domestic market.",
    "s3-b8-2": "The company provides customized research and development of network video products for well-known "
               "companies such as 360, Skyworth and Lingyan; a leading enterprise in Internet of Things pan-video "
               "applications in China, it ranks first in the country by market share in consumer and carrier video "
               "chip modules.",
    "s4-b3-1": "In September, the first International Summit on BeiDou Large-scale Applications and the 2021 World "
               "Computing Conference went “live” in quick succession as Hunan seized the industry’s commanding "
               "heights.",
    "s4-b6-3": "it also organized the province’s competitive enterprises to take part in events such as the China "
               "International Import Expo, the China-Africa Economic and Trade Expo and Expo Central China, "
               "encouraging enterprises to “go global” and compete in the world market.",
    "s5-h-1": "Quality Upgrading Picks Up Pace",
    "s5-b1-1": "Green development has brightened the base color of growth.",
    "s5-b1-2": "Hunan drew up carbon reduction plans for industries such as nonferrous metals and building materials; "
               "31 riverside chemical companies in the Yangtze basin were closed and three relocated;",
    "s5-b1-3": "the province released a list of 40 energy-saving equipment products embodying new technologies, "
               "equipment and processes, ranked eighth in the country in the number of national green factories, "
               "and raised the number of national green design demonstration enterprises to 12.",
    "s5-b4-3": "In 2021, the Hunan Branch of the China Academy of Industrial Internet and the Hunan Sub-center of the "
               "National Industrial Internet Big Data Center were established one after the other, and the "
               "province’s digital economy will keep growing rapidly.",
    "s5-b6-2": "Hunan launched a drive to cultivate benchmark enterprises in the consumer goods industry under the "
               "“Three Products” campaign (more varieties, better quality and stronger brands) and the “Huxiang Fine "
               "Products” campaign to build the brand capabilities of small and medium-sized enterprises; it has "
               "recognized 67 provincial industrial brand-building demonstration enterprises so far, making Hunan "
               "brands memorable, well known and able to go far.",
}


class Desk:
    def __init__(self, base: str):
        self.base = base
        page = urllib.request.urlopen(base + "/").read().decode()
        self.csrf = re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)

    def call(self, method: str, path: str, body=None):
        req = urllib.request.Request(self.base + path, method=method,
                                     data=None if body is None else json.dumps(body).encode(),
                                     headers={"X-CSRF-Token": self.csrf, "Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req) as r:
                return r.status, json.loads(r.read())
        except urllib.error.HTTPError as e:
            return e.code, json.loads(e.read() or b"{}")


def serve(root: Path) -> tuple[uvicorn.Server, str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(root, port=port), host="127.0.0.1", port=port, log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    return server, f"http://127.0.0.1:{port}"


def apply_terms(desk: Desk, segments: dict) -> None:
    for zh, change in TERMS.items():
        terms = desk.call("GET", "/api/glossary")[1]["terms"]
        t = next(t for t in terms if t["zh"] == zh and not t["imported"])
        row = {k: t[k] for k in ("zh", "en", "variants", "forbidden", "status", "type", "note")} | change
        code, out = desk.call("POST", "/api/glossary", {"file": t["file"], "line": t["line"], "base": t["base"],
                                                        "term": row, "old_en": t["en"], "editor": REVIEWER})
        if code != 200:
            sys.exit(f"glossary {zh}: {code} {out}")
        print(f"glossary {out['file']}:{out['line']} {zh}: {row['en']}")
        for u in out["old_renderings"]:  # reviewed units still holding the old rendering: the editor fixes them
            print(f"  still has “{t['en']}”: {u['id']} (edited below)")
            SEGMENTS[u["id"]] = SEGMENTS.get(u["id"], u["en"]).replace(t["en"], row["en"])


def apply_segments(desk: Desk) -> None:
    segs = {s["id"]: s for s in desk.call("GET", f"/api/doc/{DOC}/segments")[1]["segments"]}
    for sid, en in SEGMENTS.items():
        s = segs[sid]
        u = s["unit"]
        base = {k: u[k] for k in ("at", "en", "state", "by")} if u else None
        code, out = desk.call("POST", f"/api/doc/{DOC}/unit", {"id": sid, "key": s["key"], "en": en,
                                                               "state": "reviewed", "base": base, "editor": REVIEWER})
        if code != 200:
            sys.exit(f"segment {sid}: {code} {out}")
        print(f"segment {sid}: saved")


def main() -> None:
    server, base = serve(Path("."))
    try:
        desk = Desk(base)
        if "--segments" in sys.argv:  # a second pass: the glossary is done, settle these segments again
            only = sys.argv[sys.argv.index("--segments") + 1].split(",")
            for sid in [k for k in SEGMENTS if k not in only]:
                del SEGMENTS[sid]
        else:
            apply_terms(desk, SEGMENTS)
        apply_segments(desk)
    finally:
        server.should_exit = True


if __name__ == "__main__":
    main()
