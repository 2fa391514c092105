"""Figures the English writes as words (``check/figure_words.py``): half, doubled, a third, dozens …

Each is fine where the Chinese states the same figure (增长1倍: doubled; 翻两番: quadrupled;
三分之一: a third; 数百: hundreds) and an invented figure (``qa.number-extra``) where it does not.
A row reads: Chinese, English → the number finding codes expected (``[]`` = passes).
"""

from __future__ import annotations

import dataclasses

import pytest

from bipub.check.qa import check_segment
from bipub.model import Segment
from bipub.terms.annotate import find_spans

CASES = [
    # multiples: 增长N倍 is N+1 times, 是…的N倍 N times, 翻N番 2^N times
    ("收入增长1倍。", "Income doubled.", []),
    ("收入增长1倍。", "Income increased by 100 percent.", []),
    ("收入增长1倍。", "Income tripled.", ["qa.number-extra", "qa.number-missing"]),
    ("能源资源供应稳定。", "Energy supply doubled.", ["qa.number-extra"]),  # an invented figure
    ("增长两倍。", "It tripled.", []),
    ("增长两倍。", "It grew twofold.", []),  # 两倍 word for word
    ("增长两倍。", "It doubled.", ["qa.number-extra", "qa.number-missing"]),
    ("增长1.5倍。", "It grew by 150 percent.", []),
    ("出口额是去年的3倍。", "Exports were three times last year's.", []),
    ("出口额是去年的3倍。", "Exports tripled.", []),
    ("国内生产总值翻一番。", "GDP doubled.", []),
    ("国内生产总值翻两番。", "GDP quadrupled.", []),
    ("研发投入翻了近一番。", "R&D spending almost doubled.", []),
    ("国内生产总值翻两番。", "GDP doubled.", ["qa.number-extra"]),
    ("企业规模稳步扩大。", "The enterprises grew threefold.", ["qa.number-extra"]),
    ("收入增长100%。", "Income doubled.", []),
    # halves
    ("烟花爆竹企业数量减半。", "The number of fireworks companies was halved.", []),
    ("贫困人口减少一半。", "The poor population was cut by half.", []),
    ("上半年经济运行平稳。", "The economy ran smoothly in the first half of the year.", []),
    ("建设周期为1.5年。", "It takes one and a half years to build.", []),
    ("能源资源供应稳定。", "Output grew by half.", ["qa.number-extra"]),
    ("半导体产业加快发展。", "Half of the semiconductor industry grew.", ["qa.number-extra"]),
    ("成本下降50%。", "Costs were halved.", []),
    ("审批时间减半。", "Approval times were cut by 50 percent.", []),
    ("审批时间减半。", "Approval times were cut by 40 percent.", ["qa.number-extra"]),
    # fractions: a third of, one-fifth, two-thirds; N成 is N tenths
    ("高技术制造业占比达到三分之一。", "High-tech manufacturing reached a third of the total.", []),
    ("占三分之一。", "accounting for a third.", []),
    ("占五分之一。", "accounting for one fifth.", []),
    ("占两成。", "accounting for 20 percent.", []),
    ("占两成。", "accounting for a fifth.", []),
    ("占两成。", "one in five of them.", []),
    ("占三成。", "one in five of them.", ["qa.number-extra", "qa.number-missing"]),
    ("约5成企业盈利。", "About half of the enterprises made a profit.", []),
    ("约3成企业盈利。", "About 30 percent of the enterprises made a profit.", []),
    ("占三成。", "accounting for 40 percent.", ["qa.number-extra", "qa.number-missing"]),
    ("占比为25%。", "a quarter of the total.", []),
    ("能源资源供应稳定。", "one-fifth of the output.", ["qa.number-extra"]),
    ("能源资源供应稳定。", "a third of the output.", ["qa.number-extra"]),
    ("能源资源供应稳定。", "two-thirds of the output.", ["qa.number-extra"]),
    ("能源资源供应稳定。", "a quarter of the output.", ["qa.number-extra"]),
    # ordinals and periods are not fractions
    ("连续第三年增长。", "It grew for a third consecutive year.", []),
    ("前三季度经济稳中向好。", "The economy was stable in the first three quarters.", []),
    ("一季度经济稳中向好。", "In the first quarter the economy was stable.", []),
    ("环比增长1.6%。", "It saw a quarter-on-quarter increase of 1.6 percent.", []),
    # vague quantities: the Chinese must say one of that magnitude
    ("数十个项目开工。", "Work began on dozens of projects.", []),
    ("十几个项目开工。", "Work began on a dozen projects.", []),
    ("上百家企业入驻。", "Hundreds of enterprises moved in.", []),
    ("数万名工人返岗。", "Tens of thousands of workers returned.", []),
    ("数亿人受益。", "Hundreds of millions of people benefited.", []),
    ("惠及千家万户。", "It benefited millions of households.", []),
    ("受益群众数以亿计。", "Hundreds of millions of people benefited.", []),
    ("千百年来的梦想。", "A dream of thousands of years.", []),
    ("能源资源供应稳定。", "Hundreds of enterprises benefited.", ["qa.number-extra"]),
    ("数百家企业受益。", "Thousands of enterprises benefited.", ["qa.number-extra"]),
    ("能源资源供应稳定。", "a dozen provinces.", ["qa.number-extra"]),
    ("能源资源供应稳定。", "Credit scores improved.", []),  # scores, not "scores of"
    # double and twice as plain words
    ("保持两位数增长。", "It kept up double-digit growth.", []),
    ("落实“双减”政策。", "Implement the double reduction policy.", []),
    ("每年召开两次会议。", "Meetings are held twice a year.", []),
    ("每半年报告一次。", "Reports are made twice a year.", []),
    ("近半年物价平稳。", "Prices were stable over the past six months.", []),
    ("请再核对一遍。", "Please double-check it.", []),
    ("能源资源供应稳定。", "Supply is twice as stable.", ["qa.number-extra"]),
]


def number_codes(zh: str, en: str) -> list[str]:
    seg = Segment(id="s1", key="k", source=zh, target=en, line=1)
    seg = dataclasses.replace(seg, spans=find_spans(zh, None))
    return sorted({f.code for f in check_segment(seg, glossary=None, file="x.md") if f.code.startswith("qa.number")})


@pytest.mark.parametrize("zh, en, codes", CASES)
def test_figure_words(zh, en, codes):
    assert number_codes(zh, en) == codes


def test_the_finding_names_the_words():
    seg = Segment(id="s1", key="k", source="能源资源供应稳定。", target="Output doubled in a third of the regions.", line=3)
    (finding,) = check_segment(seg, glossary=None, file="x.md")
    assert finding.code == "qa.number-extra" and finding.line == 3
    assert finding.message.endswith("doubled, a third")
