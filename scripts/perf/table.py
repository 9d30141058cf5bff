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


def main():
    results = rows(sys.argv[1])
    print("| server | clients × senders × msg/s | deliveries/s | loss % | p50 ms | p99 ms | server CPU % | generator CPU % | connect s |")
    print("|---|---|---|---|---|---|---|---|---|")
    for r in results:
        server, load = server_and_load(r["label"])
        if "x" not in load or r.get("proto") is None:
            continue
        mark = " ✓" if sustained(r) else ""
        print(f"| {server} | {load.replace('x', ' × ')} | {r['deliv_per_s']:,.0f}{mark} | {r['loss_pct']:g} | {r['p50_ms']:.1f} | {r['p99_ms']:.1f} "
              f"| {r['srv_cpu_pct']:.0f} | {r['lg_cpu_pct']:.0f} | {r['connect_s']:.1f} |")
    print()
    print("| server | workload | deliveries/s | loss % | p50 ms | p99 ms | server CPU % |")
    print("|---|---|---|---|---|---|---|")
    for r in results:
        server, load = server_and_load(r["label"])
        if r.get("workload") in ("group", "pm"):
            print(f"| {server} | {load} ({r['clients']} clients, {r['senders']} senders, {r['rate']} msg/s) | {r['deliv_per_s']:,.0f} "
                  f"| {r['loss_pct']:g} | {r['p50_ms']:.1f} | {r['p99_ms']:.1f} | {r['srv_cpu_pct']:.0f} |")
    print()
    print("| server | idle clients | connect s | server RSS before → after the first tenth → after all | per further connection | per connection, all counted |")
    print("|---|---|---|---|---|---|")
    for r in results:
        server, _ = server_and_load(r["label"])
        if r.get("workload") == "idle":
            print(f"| {server} | {r['ready']:,} | {r['connect_s']:.1f} | {r['rss_before_mib']} → {r.get('rss_warm_mib', '?')} → {r['rss_after_mib']} MiB "
                  f"| {r['rss_per_conn_kib']} KiB | {r.get('rss_per_conn_overall_kib', r['rss_per_conn_kib'])} KiB |")


if __name__ == "__main__":
    main()
