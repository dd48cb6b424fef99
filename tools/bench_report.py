#!/usr/bin/env python3
"""Summarise make bench results: medians per row and driver, ratios, JSON, chart.

Input lines (from the guest):
  @@BENCH <row> <driver> <rep> <value> <p50_us> <p99_us> <cpu_us_per_io>
  @@IRQ <mode> <interrupts> <avg_hardirq_ns>
  @@REGS <mode> <interrupts> <requests> <register_reads> <register_writes>
Ratios are arranged so that > 1 always means ours is better: value rows are
ours/native, latency and CPU rows native/ours.  The printed ratio is the
ratio of the two medians; bench.json also holds, per row, the median of the
per-repetition ratios ("paired_ratio": ours and native of the same
repetition ran back to back), which drifts of the host between repetitions
move less.  bench-abi lines: pvscsi_sp built as Windows code (rows
suffixed _win) against the same miniport as kernel code, paired per
repetition (abi_rows).
"""
import json
import statistics
import subprocess
import sys
from collections import defaultdict


def better_ratio(ours, native, higher_better):
    """ours/native for values, native/ours for latency and CPU: > 1 favours ours."""
    if higher_better:
        return ours / native if native else 0.0
    return native / ours if ours else 0.0


def abi_rows(by_rep):
    """The ABI boundary's cost: each ROW_win (pvscsi_sp built as Windows code)
    against ROW (the same miniport as kernel code), both 'ours' runs of the
    same repetition.  ratio is the median over the repetitions of
    windows/linux (values; linux/windows for latency and CPU): > 1 favours
    the Windows-code build."""
    out = []
    for row in sorted(by_rep):
        if not row.endswith('_win') or row[:-4] not in by_rep:
            continue
        win, lin = by_rep[row]['ours'], by_rep[row[:-4]]['ours']
        reps = sorted(set(win) & set(lin))
        if not reps:
            continue
        for name, i, higher_better in ((row[:-4], 0, True),
                                       (row[:-4] + '_cpu_us_per_io', 3, False)):
            paired = [better_ratio(win[r][i], lin[r][i], higher_better) for r in reps]
            out.append({'row': name,
                        'windows': statistics.median(win[r][i] for r in reps),
                        'linux': statistics.median(lin[r][i] for r in reps),
                        'ratio': round(statistics.median(paired), 3),
                        'min': round(min(paired), 3), 'max': round(max(paired), 3),
                        'reps': len(reps)})
    return out


def main(raw, outdir):
    runs = defaultdict(lambda: defaultdict(list))
    by_rep = defaultdict(lambda: defaultdict(dict))
    irq = {}
    regs = {}
    for line in open(raw):
        f = line.split()
        if f[0] == '@@BENCH' and len(f) == 8:
            row, drv = f[1], f[2]
            value, p50, p99, cpu = (float(x) for x in f[4:8])
            runs[row][drv].append((value, p50, p99, cpu))
            by_rep[row][drv][f[3]] = (value, p50, p99, cpu)
        elif f[0] == '@@IRQ' and len(f) == 4:
            irq[f[1]] = {'interrupts': int(f[2]), 'avg_hardirq_ns': float(f[3])}
        elif f[0] == '@@REGS' and len(f) == 6:
            n_irq, n_req, rd, wr = (int(x) for x in f[2:6])
            regs[f[1]] = {'interrupts': n_irq, 'requests': n_req, 'reads': rd, 'writes': wr}

    rows = []
    for row in runs:
        unit = 'MB/s' if row.startswith('seq') else 'IOPS'
        med = {d: [statistics.median(x[i] for x in runs[row][d]) for i in range(4)]
               for d in ('ours', 'native') if runs[row][d]}
        if len(med) < 2:
            continue
        o, n = med['ours'], med['native']
        for name, i, higher_better, u in ((row, 0, True, unit),
                                          (row + '_p50_lat_us', 1, False, 'us'),
                                          (row + '_p99_lat_us', 2, False, 'us'),
                                          (row + '_cpu_us_per_io', 3, False, 'us')):
            ratio = better_ratio(o[i], n[i], higher_better)
            reps = sorted(set(by_rep[row]['ours']) & set(by_rep[row]['native']))
            paired = [better_ratio(by_rep[row]['ours'][r][i], by_rep[row]['native'][r][i],
                                   higher_better) for r in reps]
            rows.append({'row': name, 'unit': u, 'ours': o[i], 'native': n[i],
                         'ratio': round(ratio, 3),
                         'paired_ratio': round(statistics.median(paired), 3) if paired else 0.0,
                         'reps': len(runs[row]['ours'])})
    for r in rows:
        print(f"bench: {r['row']} ours={r['ours']:.1f} native={r['native']:.1f} ratio={r['ratio']:.3f}")
    abi = abi_rows(by_rep)
    for r in abi:
        print(f"bench-abi: {r['row']} windows={r['windows']:.1f} linux={r['linux']:.1f} "
              f"ratio={r['ratio']:.3f} (median of {r['reps']} paired repetitions, "
              f"min {r['min']:.3f} max {r['max']:.3f})")
    for kind in ('', '_intx'):
        if 'callback' + kind in irq and 'plain' + kind in irq:
            cb = irq['callback' + kind]['avg_hardirq_ns']
            pl = irq['plain' + kind]['avg_hardirq_ns']
            print(f"bench: hardirq_ns_per_interrupt{kind} callback={cb:.0f} plain={pl:.0f} "
                  f"ratio={pl / cb if cb else 0:.3f}")
    for mode, r in regs.items():
        if r['interrupts'] and r['requests']:
            # the kick of each request is one write; the rest is the interrupt's
            print(f"regs: {mode} interrupts={r['interrupts']} requests={r['requests']} "
                  f"reads_per_interrupt={r['reads'] / r['interrupts']:.2f} "
                  f"writes_per_interrupt={(r['writes'] - r['requests']) / r['interrupts']:.2f}")
    json.dump({'rows': rows, 'abi': abi, 'hardirq': irq, 'registers': regs},
              open(f'{outdir}/bench.json', 'w'), indent=2)

    # Chart: ratio per row (1.0 = parity with the native driver).
    with open(f'{outdir}/ratios.dat', 'w') as d:
        for i, r in enumerate(rows):
            d.write(f"{i} {r['ratio']} \"{r['row']}\"\n")
    gp = f"""set terminal png size 2000,600 noenhanced
set output '{outdir}/bench.png'
set title 'ours / native, > 1 is ours better (pvscsi_sp vs vmw_pvscsi; sw_* rows: sp_ramdisk vs scsi_debug); log scale'
set style fill solid 0.6
set boxwidth 0.7
set logscale y 2
set yrange [0.25:*]
set xtics rotate by -40 font ',8'
set grid ytics
set rmargin 16
unset key
plot '{outdir}/ratios.dat' using 1:2:xtic(3) with boxes, 1 with lines lw 2
"""
    try:
        subprocess.run(['gnuplot'], input=gp.encode(), check=True)
        print(f"chart: {outdir}/bench.png, data: {outdir}/bench.json")
    except (OSError, subprocess.CalledProcessError) as e:
        print(f"chart not drawn: {e}")


if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2])
