"""The number checks on the figures of statistics communiqués and work reports.

A row reads: Chinese, English → the number finding codes expected (``[]`` = passes).  Real
conventions pass (``0.5 percentage points``, ``1,409.67 million``, ``per thousand``, ``the Second
Session``); a lost minus sign, a per-mille written as a percentage, a changed figure do not.
"""

from __future__ import annotations

import pytest

from test_figure_words import number_codes

CASES = [
    ("全国规模以上工业增加值同比增长8.6%，增速比上年同期加快0.5个百分点。",
     "Value added grew by 8.6 percent year on year, 0.5 percentage points faster than a year earlier.", []),
    ("增速比上年同期加快0.5个百分点。", "Growth was 0.6 percentage points faster.", ["qa.number-extra", "qa.number-missing"]),
    ("增速加快0.5个百分点。", "Growth accelerated by 0.5 percent.", ["qa.number-missing"]),  # points are no percent
    ("同比增长8.6%。", "Up 8.6 percentage points year on year.", ["qa.number-missing"]),
    ("增速加快0.5个百分点。", "Growth accelerated by 0.5 points.", []),
    # the unit is part of an amount
    ("投资1.2万亿元。", "Investment was RMB 1.2 trillion.", []),
    ("投资1.2万亿元。", "Investment was 1.2 trillion US dollars.", ["qa.number-missing"]),
    ("投资1.2万亿元。", "Investment was $1.2 trillion.", ["qa.number-missing"]),
    ("出口1.2万亿美元。", "Exports were US$1.2 trillion.", []),
    ("出口1.2万亿美元。", "Exports were 1.2 trillion yuan.", ["qa.number-missing"]),
    ("全社会用电量9.2万亿千瓦时。", "Electricity consumption was 9.2 trillion kWh.", []),
    ("产量1.2万吨。", "Output was 12,000 tons.", []),
    ("能源消费总量57.2亿吨标准煤。", "Total energy consumption was 5.72 billion tce.", []),
    ("全社会用电量9.2万亿千瓦时。", "Electricity consumption was 9.2 trillion kW·h.", []),
    ("产量1.2万吨。", "Output was 12,000 kilograms.", ["qa.number-missing"]),
    ("年末全国私营企业比上年末增加1.2万户。", "Private enterprises numbered 12,000 more than a year earlier.", []),
    # the first eleven months
    ("2021年1至11月，工业增加值增长8.4%。", "In the first 11 months of 2021, value added grew 8.4 percent.", []),
    ("1-2月份，工业增加值增长8.4%。", "In the first two months, value added grew 8.4 percent.", []),
    ("1至11月，工业增加值增长8.4%。", "In the first ten months, value added grew 8.4 percent.", ["qa.number-extra", "qa.number-missing"]),
    # nearly and over are sides of a figure
    ("新增就业近1200万人。", "Nearly 12 million new jobs were created.", []),
    ("新增就业近1200万人。", "About 12 million new jobs were created.", []),
    ("新增就业近1200万人。", "Over 12 million new jobs were created.", ["qa.number-missing"]),
    ("新增就业超过1200万人。", "Over 12 million new jobs were created.", []),
    ("新增就业超过1200万人。", "Almost 12 million new jobs were created.", ["qa.number-missing"]),
    ("新增就业1200万人以上。", "12 million or more new jobs were created.", []),
    ("培训农民工300余万人次。", "Nearly 3 million person-times were trained.", ["qa.number-missing"]),
    ("赤字率控制在3%以内。", "The deficit ratio was kept within 3 percent.", []),
    ("赤字率控制在3%以内。", "The deficit ratio was kept above 3 percent.", ["qa.number-missing"]),
    ("近五年经济年均增长5.2%。", "Over the past five years the economy grew 5.2 percent a year.", []),
    ("处5000元以上5万元以下罚款。", "A fine of not less than 5,000 yuan but not more than 50,000 yuan.", []),
    ("处5000元以上5万元以下罚款。", "A fine of no less than 5,000 yuan and no more than 50,000 yuan.", []),
    ("处5000元以上5万元以下罚款。", "A fine of less than 5,000 yuan or more than 50,000 yuan.", ["qa.number-missing"]),
    # quarters and halves
    ("2024年一季度增长5.3%。", "GDP grew 5.3 percent in Q1 2024.", []),
    ("2024年一季度增长5.3%。", "GDP grew 5.3 percent in Q2 2024.", ["qa.number-extra", "qa.number-missing"]),
    ("上半年增长5%。", "GDP grew 5 percent in H1.", []),
    # a minus sign is part of the figure: kept, or said in words
    ("利润增长-0.5%。", "Profits grew by -0.5 percent.", []),
    ("利润增长-0.5%。", "Profits fell 0.5 percent.", []),
    ("利润增长-0.5%。", "Profits were down 0.5 percent.", []),
    ("利润增长-0.5%。", "Profits grew by 0.5 percent.", ["qa.number-missing"]),
    # per mille
    ("人口自然增长率为-0.6‰。", "The natural growth rate of the population was -0.6 per thousand.", []),
    ("出生率为6.39‰。", "The birth rate was 6.39 per thousand.", []),
    ("出生率为6.39‰。", "The birth rate was 6.39 percent.", ["qa.number-missing"]),
    ("人口自然增长率为千分之一点五。", "The natural growth rate of the population was 1.5 per thousand.", []),
    # sessions: 十四届全国人大二次会议 is the Second Session
    ("十四届全国人大三次会议开幕。", "The Third Session of the 14th National People's Congress opened.", []),
    ("全国政协十四届二次会议闭幕。", "The Second Session of the 14th CPPCC National Committee closed.", []),
    ("十四届全国人大三次会议开幕。", "The Fourth Session of the 14th National People's Congress opened.",
     ["qa.number-extra", "qa.number-missing"]),
    ("召开一次会议。", "One meeting was held.", []),
    # the same value in other words: 1.40967 billion is 1,409.67 million
    ("年末全国总人口140967万人，比上年末减少208万人。",
     "The population at the end of the year was 1,409.67 million, down 2.08 million.", []),
    ("年末全国总人口140967万人。", "The population at the end of the year was 1,409.76 million.",
     ["qa.number-extra", "qa.number-missing"]),
    ("培训农民工300余万人次。", "Over three million training sessions were held.", []),
    ("培训农民工300余万人次。", "Over four million training sessions were held.", ["qa.number-extra", "qa.number-missing"]),
    ("全年国内生产总值1260582亿元。", "GDP was 126.06 trillion yuan.", ["qa.number-extra", "qa.number-missing"]),  # rounded
    ("比上年增长5.0%。", "Up 5 percent.", ["qa.number-missing"]),  # 5.0 is written with its precision
    ("新增1.2万个岗位。", "12 thousand new jobs.", []),
    # regulations: Roman chapter numbers
    ("第三章　法律责任", "Chapter III Legal Liability", []),
    ("第十二章　附则", "Chapter XII Supplementary Provisions", []),
    ("第三章　法律责任", "Chapter IV Legal Liability", ["qa.number-missing"]),
    ("第五十二条　违反本办法第十二条规定的，处5000元以上5万元以下罚款。",
     "Article 52 Whoever violates Article 12 shall be fined not less than 5,000 yuan but not more than 500,000 yuan.",
     ["qa.number-extra", "qa.number-missing"]),
    # numbers in words
    ("25个省份参加。", "Twenty-five provinces took part.", []),
    ("25个省份参加。", "Twenty-six provinces took part.", ["qa.number-extra", "qa.number-missing"]),
    ("建设100个项目。", "A hundred projects were built.", []),
    ("新增100万人。", "A million more people.", []),
    ("中国共产党成立100周年。", "The centenary of the founding of the Communist Party of China.", []),
    # a hundred years: the centenary
    ("打好实现建军一百年奋斗目标的攻坚战。", "Win the battle to meet the goals for the centenary of the People's Liberation Army.", []),
    ("打好实现建军一百年奋斗目标的攻坚战。", "Win the battle to meet the goals for the People's Liberation Army.", ["qa.number-missing"]),
    # decades
    ("十年来，经济实力大幅跃升。", "Over the past decade, economic strength rose markedly.", []),
    ("二十年来，经济实力大幅跃升。", "Over the past two decades, economic strength rose markedly.", []),
    ("几十年来，经济实力大幅跃升。", "For decades, economic strength rose markedly.", []),
    ("近年来，经济实力大幅跃升。", "Over the past decade, economic strength rose markedly.", ["qa.number-extra"]),
]


@pytest.mark.parametrize("zh, en, codes", CASES)
def test_statistics_figures(zh, en, codes):
    assert number_codes(zh, en) == codes
