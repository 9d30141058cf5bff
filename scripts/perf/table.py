"""Prints the Markdown tables of docs/performance.md from a results file written by compare.sh.

Usage: python3 scripts/perf/table.py docs/perf-results.jsonl
"""
import json
import sys


def rows(path):
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]


def server_and_load(label):
    server, _, load = label.partition("-")
    names = {"ngircd": "ngircd", "inspircd": "InspIRCd", "onlinechat3": "OnlineChat, 3 gateways", "onlinechat1": "OnlineChat, 1 gateway"}
    return names.get(server, server), load


def sustained(r):
    return r.get("loss_pct", 1) == 0 and r.get("p99_ms", 1e9) <= 100


def table(header, lines):
    """Prints one Markdown table: the header's columns, then one row per line (already formatted cells)."""
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for cells in lines:
        print("| " + " | ".join(cells) + " |")
    print()


def main():
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
