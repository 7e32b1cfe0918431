#!/usr/bin/env python3
"""The retake size from card_portrait_sizes' genuine comparisons (issue 20).

Usage: bench/retake_size.py GENUINE.csv [THRESHOLD]
  GENUINE.csv  `build/bench/card_portrait_sizes --csv FILE` (height,matching,
               eye_distance,similarity; rows with matching "off": as Compare
               matches)
  THRESHOLD    the decision threshold (default 80)

Prints FNMR at the threshold per eye-distance bin (2 px bins from 6 to 28 px,
then 28-32, 32-40, 40-50, 50-70) and the rule of docs/accuracy.md ("When to
retake"): the plateau is the median FNMR of the bins from 32 px up; the retake
size is the lower edge of the first 2 px bin whose FNMR is at most twice the
plateau. Below it, the portrait's size, more than the person or the print, is
the likelier reason for a non-match. `kReliablePortraitEyeDistance`
(src/pipeline/verdict.h) is set from this output. Last, the FNMR by bin at
thresholds 70, 75, ..., 95 (bins up to 32 px, then the plateau's median), the
table CardFalseNonMatchRate (src/pipeline/verdict.cpp) states with every answer.
"""
import csv
import statistics
import sys

BINS = [(lo, lo + 2) for lo in range(6, 28, 2)] + [(28, 32), (32, 40), (40, 50), (50, 70)]
PLATEAU_FROM = 32


def fnmr_by_bin(rows, threshold):
    """{bin: FNMR at threshold or None} over (eye_distance, similarity) rows."""
    counts = {b: [0, 0] for b in BINS}  # genuine, rejected
    for eyes, similarity in rows:
        for lo, hi in BINS:
            if lo <= eyes < hi:
                counts[(lo, hi)][0] += 1
                counts[(lo, hi)][1] += similarity < threshold
                break
    return {b: (c[1] / c[0] if c[0] else None) for b, c in counts.items()}, counts


def plateau_of(fnmr):
    """The median FNMR of the bins from PLATEAU_FROM px; None without any."""
    values = [fnmr[b] for b in BINS if b[0] >= PLATEAU_FROM and fnmr[b] is not None]
    return statistics.median(values) if values else None


def print_answer_table(rows):
    print("\nFNMR by eye distance at each threshold (CardFalseNonMatchRate; from "
          f"{PLATEAU_FROM} px the plateau's median):")
    for threshold in range(70, 100, 5):
        fnmr, _ = fnmr_by_bin(rows, threshold)
        below = [fnmr[b] for b in BINS if b[0] < PLATEAU_FROM]
        print(f"{threshold}: " + ", ".join(f"{v:.3f}" if v is not None else "-" for v in below + [plateau_of(fnmr)]))


def main():
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__)
    threshold = float(sys.argv[2]) if len(sys.argv) == 3 else 80.0
    with open(sys.argv[1], newline="") as f:
        rows = [(float(r["eye_distance"]), float(r["similarity"])) for r in csv.DictReader(f)
                if r["matching"] == "off"]
    fnmr, counts = fnmr_by_bin(rows, threshold)
    print("| eye distance | genuine comparisons | FNMR at %g |" % threshold)
    print("|---|---|---|")
    for b in BINS:
        if counts[b][0]:
            print(f"| {b[0]}-{b[1]} px | {counts[b][0]} | {100 * fnmr[b]:.1f}% |")
    plateau = plateau_of(fnmr)
    if plateau is None:
        sys.exit("no comparisons with eyes 32 px or more apart: no plateau")
    bar = 2 * plateau
    print(f"plateau (median FNMR from {PLATEAU_FROM} px): {100 * plateau:.1f}%; bar (twice it): {100 * bar:.1f}%")
    for lo, hi in BINS:
        if hi - lo == 2 and fnmr[(lo, hi)] is not None and fnmr[(lo, hi)] <= bar:
            print(f"retake size: {lo} px (first 2 px bin at or under the bar: {lo}-{hi} px, "
                  f"{100 * fnmr[(lo, hi)]:.1f}%)")
            break
    else:
        print("retake size: none of the 2 px bins is at or under the bar")
    print_answer_table(rows)


if __name__ == "__main__":
    main()
