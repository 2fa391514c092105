"""Work on one long segment costs time linear in its length (issue 12).

Restoring placeholders: a 20,000-character segment with numbers used to take two
minutes (cubic in the number of items).  Checking numbers in QA: every number
searched the whole English again (quadratic).

Each check compares the same amount of work done two ways: four runs on a
segment with n items against one run on a segment with 4n items.  Linear
code takes about as long for both; quadratic code takes four times longer for
the big one.  CPU time of this process, best of several runs, so a loaded
machine slows both sides alike.
"""

import time

from bipub.check.figures import _Anchors, _has_anchor
from bipub.model import Span
from bipub.translate.protect import mask, restore_report


def _segment(n: int):
    """A report sentence repeated n times, its percentage a number; the model keeps every other token."""
    source = "增长5%，" * n
    p = mask(source, [Span(i * 5 + 2, i * 5 + 4, "number", "5%", "percent") for i in range(n)])
    english = " ".join(f"grew {it.token}" if k % 2 else "grew by" for k, it in enumerate(p.items)) + "."
    return english, p


def _best_cpu(fn, runs: int = 5) -> float:
    best = float("inf")
    for _ in range(runs):
        t = time.process_time()
        fn()
        best = min(best, time.process_time() - t)
    return best


def test_a_lost_item_is_still_restored_past_item_999():
    english, p = _segment(1200)
    r = restore_report(english, p)
    assert len(r.lost) == 600  # every other one, and no token past ZN999 taken for lost
    assert r.text.count("5%") == 1200


def test_restore_time_grows_linearly_with_the_number_of_items():
    n = 300
    small, big = _segment(n), _segment(4 * n)
    four_small = _best_cpu(lambda: [restore_report(*small) for _ in range(4)])
    one_big = _best_cpu(lambda: restore_report(*big))
    assert one_big < 2.5 * four_small + 0.01, (one_big, four_small)  # quadratic: ~4x, cubic: ~16x


def _english(n: int) -> tuple[str, list[str]]:
    return " ".join(f"grew {i}.{i % 10}% to {i * 7} units" for i in range(n)), [str(i * 7) for i in range(n)]


def _check_numbers(text: str, anchors: list[str]) -> list[bool]:
    present = _Anchors(text)
    return [present.has(a) for a in anchors]


def test_the_number_index_finds_whole_numbers_and_words_only():
    text = "grew 5.2% to 126 trillion yuan in the third year, 1.2.3 and ten"
    found = {a for a in ("5.2", "5", "2", "126", "12", "3", "third", "ten", "10", "%", "1.2", "2.3")
             if _has_anchor(text, a)}
    # 5 and 2 are parts of 5.2, 12 of 126, 1.2 and 2.3 of 1.2.3; 3 and 10 are there as words
    assert found == {"5.2", "126", "3", "third", "ten", "10", "%"}
    assert _check_numbers(*_english(300)) == [True] * 300


def test_number_check_time_grows_linearly_with_the_number_of_numbers():
    small, big = _english(500), _english(2000)
    four_small = _best_cpu(lambda: [_check_numbers(*small) for _ in range(4)])
    one_big = _best_cpu(lambda: _check_numbers(*big))
    assert one_big < 2.5 * four_small + 0.01, (one_big, four_small)


def test_finding_numbers_among_codes_and_slogans_grows_linearly():
    """5G-style codes and quoted slogans (“十四五”) were each checked against every number match."""
    from bipub.terms.numbers.scan import find_numbers

    sentence = "“十四五”“十三五”5G、4G、3G、2G、"
    small, big = sentence * 100, sentence * 800
    assert len(find_numbers(big)) == 8 * len(find_numbers(small)) == 8 * 100 * 2  # the two plans; 5G … are codes, not numbers
    eight_small = _best_cpu(lambda: [find_numbers(small) for _ in range(8)], runs=3)
    one_big = _best_cpu(lambda: find_numbers(big), runs=3)
    assert one_big < 2.5 * eight_small + 0.01, (one_big, eight_small)  # quadratic: ~8x
