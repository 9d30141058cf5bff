"""Prints the Markdown tables of docs/performance.md from a results file written by compare.sh.

Usage: python3 scripts/perf/table.py results/perf-results.jsonl
       python3 scripts/perf/table.py --repeats light-load.jsonl   # a label run several times (light-load.sh)
       python3 scripts/perf/table.py --repeats results/light-load-run{3,4,5,6,7}.jsonl   # several runs pooled
       python3 scripts/perf/table.py --patterns results/pm-groups-….jsonl   # PMs and groups beside ngircd (pm-groups.sh)
"""
import json
import statistics
import sys


def rows(path):
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]


def server_and_load(label):
    server, _, load = label.partition("-")
    names = {"ngircd": "ngircd", "inspircd": "InspIRCd", "onlinechat3": "OnlineChat, 3 gateways", "floor": "Floor: 3 C relays, Redis pub/sub", "floorlog": "Floor, every message logged", "onlinechat1": "OnlineChat, 1 gateway"}
    # "onlinechat3 with NAME=VALUE" (env-ab.sh): the server's name, then what was different.
    base, _, variant = server.partition(" ")
    return names.get(base, base) + (f" {variant}" if variant else ""), load


def sustained(r):
    return r.get("loss_pct", 1) == 0 and r.get("p99_ms", 1e9) <= 100


def table(header, lines):
    """Prints one Markdown table: the header's columns, then one row per line (already formatted cells)."""
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for cells in lines:
        print("| " + " | ".join(cells) + " |")
    print()


def spread(values, fmt):
    """The median, then the range: "29.8 (25.7–41.2)"."""
    return f"{statistics.median(values):{fmt}} ({min(values):{fmt}}–{max(values):{fmt}})"


def repeats(paths):
    """One row per label that ran several times (in one file or pooled over several): median and range of
    p99 and of server CPU per delivery, and the share of this label's runs whose p99 is below another's."""
    by_label = {}
    for path in paths:
        for r in rows(path):
            by_label.setdefault(r["label"], []).append(r)
    table(["server", "clients × senders × msg/s", "runs", "loss %", "p50 ms", "p99 ms", "µs of server CPU per delivery"],
          [[server_and_load(label)[0], server_and_load(label)[1].replace("x", " × "), str(len(runs)),
            f"{max(r['loss_pct'] for r in runs):g}", spread([r["p50_ms"] for r in runs], ".1f"),
            spread([r["p99_ms"] for r in runs], ".1f"),
            spread([r["srv_cpu_pct"] * 1e4 / r["deliv_per_s"] for r in runs], ".2f")]
           for label, runs in by_label.items()])
    labels = list(by_label)
    for i, a in enumerate(labels):
        for b in labels[i + 1:]:
            # Every run of one against every run of the other: compares the whole spreads, where two
            # medians compare one run each.
            pairs = [(x["p99_ms"], y["p99_ms"]) for x in by_label[a] for y in by_label[b]]
            share = sum(1 for x, y in pairs if x < y) / len(pairs)
            print(f"p99 of {a} below {b} in {share:.0%} of {len(pairs)} pairs of runs")


def patterns(paths):
    """PMs and groups (pm-groups.sh): one row per server, pattern and rate, medians over rounds, with CPU per
    delivery as a multiple of ngircd's at the same pattern and rate."""
    by_label = {}
    for path in paths:
        for r in rows(path):
            by_label.setdefault(r["label"], []).append(r)

    def med(runs, key):
        return statistics.median(r[key] for r in runs)

    def cpu_per_delivery(runs):
        return statistics.median(r["srv_cpu_pct"] * 1e4 / max(r["deliv_per_s"], 1) for r in runs)

    lines = []
    for label, runs in by_label.items():
        server, _, load = label.partition("-")
        pattern, _, rate = load.partition("-")
        ngircd = by_label.get(f"ngircd-{pattern}-{rate}")
        ratio = f"{cpu_per_delivery(runs) / cpu_per_delivery(ngircd):.1f}" if ngircd else "–"
        lines.append([server_and_load(label)[0], pattern, rate, str(len(runs)),
                      f"{med(runs, 'deliv_per_s'):,.0f}" + (" ✓" if all(sustained(r) for r in runs) else ""),
                      f"{max(r['loss_pct'] for r in runs):g}", f"{med(runs, 'p50_ms'):.1f}", f"{med(runs, 'p99_ms'):.1f}",
                      f"{med(runs, 'srv_cpu_pct'):.0f}", f"{cpu_per_delivery(runs):.1f}", ratio])
    table(["server", "pattern", "msg/s", "runs", "deliveries/s (✓ sustained)", "loss %", "p50 ms", "p99 ms", "server CPU %",
           "µs CPU per delivery", "÷ ngircd's"], lines)


def main():
    if sys.argv[1] == "--repeats":
        repeats(sys.argv[2:])
        return
    if sys.argv[1] == "--patterns":
        patterns(sys.argv[2:])
        return
    results = [(r, *server_and_load(r["label"])) for r in rows(sys.argv[1])]
    table(["server", "clients × senders × msg/s", "deliveries/s", "loss %", "p50 ms", "p99 ms", "server CPU %", "generator CPU %", "connect s"],
          [[server, load.replace("x", " × "), f"{r['deliv_per_s']:,.0f}" + (" ✓" if sustained(r) else ""), f"{r['loss_pct']:g}",
            f"{r['p50_ms']:.1f}", f"{r['p99_ms']:.1f}", f"{r['srv_cpu_pct']:.0f}", f"{r['lg_cpu_pct']:.0f}", f"{r['connect_s']:.1f}"]
           for r, server, load in results if "x" in load and r.get("proto") is not None])
    table(["server", "workload", "deliveries/s", "loss %", "p50 ms", "p99 ms", "server CPU %"],
          [[server, f"{load} ({r['clients']} clients, {r['senders']} senders, {r['rate']} msg/s)", f"{r['deliv_per_s']:,.0f}",
            f"{r['loss_pct']:g}", f"{r['p50_ms']:.1f}", f"{r['p99_ms']:.1f}", f"{r['srv_cpu_pct']:.0f}"]
           for r, server, load in results if r.get("workload") in ("group", "pm")])
    table(["server", "idle clients", "connect s", "server RSS before → after the first tenth → after all", "per further connection",
           "per connection, all counted"],
          [[server, f"{r['ready']:,}", f"{r['connect_s']:.1f}", f"{r['rss_before_mib']} → {r.get('rss_warm_mib', '?')} → {r['rss_after_mib']} MiB",
            f"{r['rss_per_conn_kib']} KiB", f"{r.get('rss_per_conn_overall_kib', r['rss_per_conn_kib'])} KiB"]
           for r, server, _ in results if r.get("workload") == "idle"])

if __name__ == "__main__":
    main()
