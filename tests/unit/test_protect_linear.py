"""Restoring placeholders costs time linear in the segment (issue 12: a 20,000-character
segment with numbers used to take two minutes, cubic in the number of items).

The check compares the same amount of work done two ways: four restores of a
segment with n items against one restore of a segment with 4n items.  Linear
code takes about as long for both; quadratic code takes four times longer for
the big one.  CPU time of this process, best of several runs, so a loaded
machine slows both sides alike.
"""

import time

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
