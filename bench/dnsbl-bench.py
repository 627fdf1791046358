#!/usr/bin/env python3
"""What the MX's blocklist checks cost per connection once their answers are cached.

Usage: bench/dnsbl-bench.py SMTP_PORT ADMIN_URL ADMIN_USER:PASSWORD RCPT [--conversations 2000]
       [--clients 50] [--threads 4] [--rounds 3] [--warmup 10000] [--zones bl.test]
       [--domains dbl.test]

Each conversation is one connection from one of CLIENTS loopback addresses (127.0.1.1 ...): EHLO,
MAIL, RCPT to a local recipient, QUIT, as a refused or a normal MX client begins. The checks are
switched through the admin API between rounds: "none" (no list asked) and the given zones (the
client address against ZONES, the sender's domain and the HELO name against DOMAINS), alternating
which goes first, after WARMUP unmeasured conversations (half with the lists, half without) so
that the JVM has compiled the path. Before each measured round with zones, one unmeasured pass over all clients fills
the cache. Prints conversations/s and the median and p90 conversation time per mode, per round, and
the medians. Loopback only; bounded by --conversations (at most 100,000) and --rounds (at most 20).
"""
import argparse
import base64
import json
import socket
import statistics
import sys
import threading
import time
import urllib.request


def smtp(port, source, rcpt):
    t0 = time.perf_counter()
    s = socket.create_connection(("127.0.0.1", port), timeout=30, source_address=(source, 0))
    f = s.makefile("rwb")

    def reply():
        while True:
            line = f.readline()
            if not line:
                raise IOError("connection closed")
            if line[3:4] != b"-":
                return line

    def cmd(c):
        f.write(c.encode() + b"\r\n")
        f.flush()
        return reply()

    try:
        reply()
        cmd("EHLO client.bench.test")
        r = cmd("MAIL FROM:<someone@remote.test>")
        r = cmd("RCPT TO:<" + rcpt + ">")
        cmd("QUIT")
        return time.perf_counter() - t0, r[:3].decode()
    finally:
        s.close()


def setting(url, auth, key, value):
    req = urllib.request.Request(
        url + "/api/admin/settings/" + key,
        data=json.dumps({"value": value}).encode(),
        method="PUT",
        headers={
            "Content-Type": "application/json",
            "Authorization": "Basic " + base64.b64encode(auth.encode()).decode(),
        },
    )
    with urllib.request.urlopen(req, timeout=30) as r:
        if r.status != 200:
            sys.exit("setting %s: HTTP %d" % (key, r.status))


def round_(port, rcpt, n, clients, threads):
    times, codes, lock = [], {}, threading.Lock()
    counter = iter(range(n))

    def work():
        while True:
            with lock:
                i = next(counter, None)
            if i is None:
                return
            src = "127.0.1.%d" % (1 + i % clients)
            dt, code = smtp(port, src, rcpt)
            with lock:
                times.append(dt)
                codes[code] = codes.get(code, 0) + 1

    start = time.perf_counter()
    ts = [threading.Thread(target=work) for _ in range(threads)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    wall = time.perf_counter() - start
    times.sort()
    return n / wall, times[len(times) // 2] * 1000, times[int(len(times) * 0.9)] * 1000, codes


def main():
    p = argparse.ArgumentParser()
    p.add_argument("port", type=int)
    p.add_argument("url")
    p.add_argument("auth")
    p.add_argument("rcpt")
    p.add_argument("--conversations", type=int, default=2000)
    p.add_argument("--clients", type=int, default=50)
    p.add_argument("--threads", type=int, default=4)
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--warmup", type=int, default=10000)
    p.add_argument("--zones", default="bl.test")
    p.add_argument("--domains", default="dbl.test")
    a = p.parse_args()
    if not a.url.startswith(("http://127.", "http://localhost")):
        sys.exit("loopback only")
    if a.conversations > 100000 or a.warmup > 100000 or a.rounds > 20 or not 1 <= a.clients <= 250:
        sys.exit("bounded: conversations and warmup <= 100000, rounds <= 20, clients 1..250")
    # the JVM's compiler first: unmeasured conversations with the lists asked, then without
    for m in (("%s" % a.zones, a.domains), ("none", "none")):
        setting(a.url, a.auth, "postroom.spam.dnsbl.zones", m[0])
        setting(a.url, a.auth, "postroom.spam.rhsbl.zones", m[1])
        time.sleep(1.5)
        round_(a.port, a.rcpt, a.warmup // 2, a.clients, a.threads)
    modes = {"none": ("none", "none"), "zones": (a.zones, a.domains)}
    results = {m: [] for m in modes}
    for r in range(a.rounds):
        order = ["none", "zones"] if r % 2 == 0 else ["zones", "none"]
        for m in order:
            setting(a.url, a.auth, "postroom.spam.dnsbl.zones", modes[m][0])
            setting(a.url, a.auth, "postroom.spam.rhsbl.zones", modes[m][1])
            time.sleep(1.5)  # settings are re-read by every node within a second
            round_(a.port, a.rcpt, a.clients, a.clients, 1)  # warm: every client once
            rate, med, p90, codes = round_(a.port, a.rcpt, a.conversations, a.clients, a.threads)
            results[m].append((rate, med, p90))
            print("round %d %-5s %7.1f conversations/s  median %.2f ms  p90 %.2f ms  replies %s"
                  % (r + 1, m, rate, med, p90, codes), flush=True)
    print("| checks | conversations/s | median ms | p90 ms |")
    print("|---|---|---|---|")
    for m, rs in results.items():
        print("| %s | %.1f | %.2f | %.2f |" % (
            m, statistics.median(x[0] for x in rs), statistics.median(x[1] for x in rs),
            statistics.median(x[2] for x in rs)))


if __name__ == "__main__":
    main()
