#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""The report of `make bench` (bench/run.sh).

    report.py RAW.tsv OUT CLOCK STOCK-RELEASE PATCHED-RELEASE DATE SETUP

RAW.tsv has a line per measurement: round, kernel, workload, mode, size,
packets/s (or "fail").  Writes OUT.md, a table per workload (medians,
the patched/stock ratio of the runs paired by round, min-max spread, the
fraction of the XDP_DROP ceiling of the same kernel, mode and size) and
OUT.dat, the medians for bench/chart.gp.
"""
import sys
from collections import defaultdict
from statistics import median

WORKLOADS = ["rxdrop", "txonly", "l2fwd", "xdpdrop"]
KERNELS = ["stock", "patched"]
# What the XDP_DROP ceiling bounds: workloads that receive what pktgen sends
# (txonly receives nothing; xdpdrop is the ceiling).
RECEIVERS = ["rxdrop", "l2fwd"]


def mpps(v):
    return "%.4f" % (v / 1e6)


def main():
    raw, out, clock, stock_rel, patched_rel, date, setup = sys.argv[1:8]
    runs = defaultdict(dict)    # (workload, mode, size) -> {(kernel, round): pps}
    failures = []
    for line in open(raw):
        rnd, kernel, workload, mode, size, pps = line.split()
        if pps == "fail":
            failures.append("%s %s %s on %s, round %s" %
                            (workload, mode, size, kernel, rnd))
            continue
        runs[(workload, mode, int(size))][(kernel, int(rnd))] = float(pps)
    # A boot that hung or failed leaves its later workloads without a line.
    rounds = {r for key in runs for (_, r) in runs[key]}
    for key in sorted(runs):
        for r in sorted(rounds):
            for kernel in KERNELS:
                if (kernel, r) not in runs[key] and not any(
                        f.startswith("%s %s %d on %s, round %d" %
                                     (*key, kernel, r)) for f in failures):
                    failures.append("%s %s %d on %s, round %d: not reached"
                                    % (*key, kernel, r))

    def values(key, kernel):
        return [v for (k, _), v in runs[key].items() if k == kernel]

    def med(key, kernel):
        v = values(key, kernel)
        return median(v) if v else None

    unit = ("Mpps per guest second (icount: a deterministic cost per "
            "packet)" if clock == "icount" else
            "Mpps, wall clock of a TCG guest: compare the ratios, not the "
            "figures")
    md = ["# make bench: %s" % date, "",
          "stock: `%s`, patched: `%s`; %s; %s." % (stock_rel, patched_rel,
                                                   setup, unit),
          "patched/stock is the median of the per-round ratios; "
          "\"of ceiling\" is the median against the XDP_DROP ceiling "
          "(xdp-bench drop) of the same kernel, mode and frame size, for "
          "the workloads that receive.", ""]
    dat = []
    for workload in WORKLOADS:
        keys = sorted(k for k in runs if k[0] == workload)
        if not keys:
            continue
        md += ["## %s" % workload, "",
               "| mode | frame | stock | patched | patched/stock "
               "| stock min-max | patched min-max | of ceiling, stock "
               "| of ceiling, patched |",
               "|---|---|---|---|---|---|---|---|---|"]
        for key in keys:
            _, mode, size = key
            row = ["%s" % mode, "%d B" % size]
            for kernel in KERNELS:
                m = med(key, kernel)
                row.append(mpps(m) if m is not None else "-")
            rounds = {r for (_, r) in runs[key]}
            ratios = [runs[key][("patched", r)] / runs[key][("stock", r)]
                      for r in sorted(rounds)
                      if ("patched", r) in runs[key] and
                      ("stock", r) in runs[key]]
            row.append("%.3f" % median(ratios) if ratios else "-")
            for kernel in KERNELS:
                v = values(key, kernel)
                row.append("%s-%s" % (mpps(min(v)), mpps(max(v)))
                           if v else "-")
            for kernel in KERNELS:
                m = med(key, kernel)
                c = med(("xdpdrop", mode, size), kernel)
                row.append("%.0f%%" % (100 * m / c)
                           if workload in RECEIVERS and m and c else "-")
            md.append("| " + " | ".join(row) + " |")
            dat.append('"%s %s %d" %s %s' % (
                workload, mode, size,
                *(mpps(med(key, k) or 0) for k in KERNELS)))
        md.append("")
    if failures:
        md += ["## Failed runs", ""] + ["- " + f for f in failures] + [""]
    with open(out + ".md", "w") as f:
        f.write("\n".join(md))
    with open(out + ".dat", "w") as f:
        f.write("# label stock patched (median Mpps)\n" + "\n".join(dat) +
                "\n")


if __name__ == "__main__":
    main()
