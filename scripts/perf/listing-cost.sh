#!/usr/bin/env bash
# What one /lo costs when many users are online (docs/operations.md, "Known limits"): starts OnlineChat
# (scripts/perf/onlinechat.sh, Release, on a fresh data folder), writes NAMES names (default 20,000) into
# the directory as if they were online on a gateway that does not exist, then ROUNDS times (default 5) sends
# 30 `/lo` and 30 `/lo <text>` from a fresh connection each and prints the median and the 90th percentile of
# the answer times. Nobody is connected under those names, and the data folder is thrown away with the system.
# Given a checkout, measures that checkout's system instead (to set a change beside the commit before it).
# About 3 minutes.
#   scripts/perf/listing-cost.sh
#   NAMES=2000 ROUNDS=3 scripts/perf/listing-cost.sh ../before
set -euo pipefail
cd "$(dirname "$0")/../.."
checkout="${1:-.}"
names="${NAMES:-20000}" rounds="${ROUNDS:-5}"

"$checkout/scripts/perf/onlinechat.sh" start >/dev/null
trap '"$checkout/scripts/perf/onlinechat.sh" stop >/dev/null 2>&1 || true' EXIT
port="$("$checkout/scripts/perf/onlinechat.sh" redis-port)"
awk -v n="$names" 'BEGIN { for (i = 0; i < n; i++) printf "HSET oc:users listed%05d nowhere/c%d\n", i, i }' \
  | redis-cli -p "$port" >/dev/null
echo "commit $(git -C "$checkout" rev-parse --short HEAD), $(redis-cli -p "$port" hlen oc:users) online"

python3 - "$rounds" <<'EOF'
import socket, statistics, sys, time

def frame(text):
    data = text.encode()
    return str(len(data)).encode() + b"," + data

class Client:
    def __init__(self, name):
        self.sock = socket.create_connection(("127.0.0.1", 8888))
        self.buf = b""
        assert self.receive() == "ACK"
        self.sock.sendall(frame(name))
        self.receive(); self.receive()  # the name, the welcome

    def receive(self):
        for _ in range(100_000):
            if b"," in self.buf:
                size, rest = self.buf.split(b",", 1)
                if len(rest) >= int(size):
                    self.buf = rest[int(size):]
                    return rest[:int(size)].decode()
            chunk = self.sock.recv(1 << 20)
            if not chunk:
                raise SystemExit("the gateway closed the connection")
            self.buf += chunk
        raise SystemExit("no whole frame")

    def time(self, command):
        start = time.perf_counter()
        self.sock.sendall(frame(command))
        answer = self.receive()
        # Skip what else arrives (someone coming online) until the listing.
        for _ in range(100):
            if answer.startswith("Online"):
                return (time.perf_counter() - start) * 1000, len(answer.encode())
            answer = self.receive()
        raise SystemExit(f"no listing for {command}")

for round in range(int(sys.argv[1])):
    for command in ("/lo", "/lo listed1999"):
        client = Client(f"timer{round}")
        times = sorted(client.time(command) for _ in range(30))
        ms = [t for t, _ in times]
        print(f"round {round + 1} {command:<15} median {statistics.median(ms):6.2f} ms  p90 {ms[26]:6.2f} ms  answer {times[0][1]} bytes")
        client.sock.close()
        time.sleep(0.5)
EOF
