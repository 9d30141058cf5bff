"""Where the CPU and the wake-ups go: per process and thread name, while a command runs.

Reads /proc/PID/task/*/stat and status before and after COMMAND and prints, for each process and each
thread name in it, CPU milliseconds and voluntary context switches (a thread that blocked and was woken:
on a paravirtualized guest each costs several microseconds), divided by PER when given (e.g. the number
of messages the command sent, for "per message").

Usage: python3 scripts/perf/threads.py [--per N] PID [PID ...] -- COMMAND [ARGS ...]
       python3 scripts/perf/threads.py --per 40000 $(scripts/perf/onlinechat.sh pids | grep -o '[0-9]*') -- \
               loadgen --proto frame --ports 8888,8889,8890 --pattern pm --clients 1000 --senders 100 --rate 2000 --duration 20
"""
import os
import re
import subprocess
import sys
from collections import defaultdict

TICK_MS = 1000 / os.sysconf("SC_CLK_TCK")


def process_name(pid):
    with open(f"/proc/{pid}/cmdline", "rb") as f:
        args = f.read().split(b"\0")
    # redis-server sets its title to "redis-server HOST:PORT [cluster]": keep the port, which tells the
    # masters of a Redis Cluster apart.
    program, _, title = args[0].decode(errors="replace").partition(" ")
    name = os.path.basename(program)
    if ":" in title:
        name += ":" + title.split()[0].rsplit(":", 1)[1]
    return name.replace("OnlineChat.", "")


def snapshot(pids):
    """(pid, tid) -> (thread name, cpu ms, voluntary switches, involuntary switches)."""
    threads = {}
    for pid in pids:
        for tid in os.listdir(f"/proc/{pid}/task"):
            try:
                with open(f"/proc/{pid}/task/{tid}/stat") as f:
                    stat = f.read()
                with open(f"/proc/{pid}/task/{tid}/status") as f:
                    status = f.read()
            except FileNotFoundError:
                continue  # The thread ended between the listing and the read.
            name = stat[stat.index("(") + 1:stat.rindex(")")]
            fields = stat[stat.rindex(")") + 2:].split()
            cpu = (int(fields[11]) + int(fields[12])) * TICK_MS  # utime + stime
            voluntary = int(re.search(r"^voluntary_ctxt_switches:\s*(\d+)", status, re.M).group(1))
            involuntary = int(re.search(r"^nonvoluntary_ctxt_switches:\s*(\d+)", status, re.M).group(1))
            threads[(pid, tid)] = (name, cpu, voluntary, involuntary)
    return threads


def main(argv):
    per = 1.0
    if argv[:1] == ["--per"]:
        per, argv = float(argv[1]), argv[2:]
    split = argv.index("--")
    pids, command = [int(p) for p in argv[:split]], argv[split + 1:]
    names = {pid: process_name(pid) for pid in pids}
    before = snapshot(pids)
    subprocess.run(command, check=False)
    after = snapshot(pids)

    # Thread names like ".NET TP Worker" repeat: sum them. A thread born during the run counts from zero.
    rows = defaultdict(lambda: [0.0, 0, 0, 0])
    for key, (name, cpu, vol, invol) in after.items():
        _, cpu0, vol0, invol0 = before.get(key, (name, 0.0, 0, 0))
        row = rows[(names[key[0]], re.sub(r"\d+$", "#", name))]
        row[0] += cpu - cpu0
        row[1] += vol - vol0
        row[2] += invol - invol0
        row[3] += 1
    unit = " per unit" if per != 1.0 else ""
    print(f"| process | thread | threads | CPU ms{unit} | voluntary switches{unit} | involuntary{unit} |")
    print("|---|---|---|---|---|---|")
    totals = defaultdict(lambda: [0.0, 0, 0])
    for (process, thread), (cpu, vol, invol, count) in sorted(rows.items(), key=lambda r: -r[1][0]):
        totals[process][0] += cpu
        totals[process][1] += vol
        totals[process][2] += invol
        if cpu > 0 or vol > 0:
            print(f"| {process} | {thread} | {count} | {cpu / per:.3f} | {vol / per:.3f} | {invol / per:.3f} |")
    for process, (cpu, vol, invol) in sorted(totals.items()):
        print(f"| {process} | (all) | | {cpu / per:.3f} | {vol / per:.3f} | {invol / per:.3f} |")


if __name__ == "__main__":
    main(sys.argv[1:])
