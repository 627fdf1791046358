#!/usr/bin/env python3
"""Times the recipient autocomplete endpoint over HTTP on a warm server (loopback only).

Signs in as USER through the login form, then for each query term makes REPEAT sequential
requests to GET /mail/addresses?q=TERM (after 10 warm-up requests) and prints the median and p90
wall time per request (request sent to last byte read) and the number of suggestions, as a
Markdown table. GET /mail/counts (a JSON answer from counters, no search) is timed the same way in
the same run as the floor of a signed-in JSON request.

Usage: bench/addresses-bench.py BASE_URL USER PASSWORD [--repeat 30] [TERM ...]
"""
import argparse
import http.cookiejar
import json
import re
import statistics
import sys
import time
import urllib.parse
import urllib.request


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("base")
    ap.add_argument("user")
    ap.add_argument("password")
    ap.add_argument("--repeat", type=int, default=30)
    ap.add_argument("terms", nargs="*", default=["a", "smith", "jsmith@example.org", "zzqq"])
    a = ap.parse_args()
    host = urllib.parse.urlparse(a.base).hostname
    if not (host.startswith("127.") or host == "localhost"):
        sys.exit("loopback only")
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def get(path, data=None):
        with opener.open(a.base + path, data=data, timeout=60) as r:
            return r.read().decode("utf-8", "replace")

    login = get("/login.xhtml")
    vs = re.search(r'name="jakarta.faces.ViewState"[^>]*value="([^"]*)"', login).group(1)
    get("/login.xhtml", urllib.parse.urlencode(
        {"login": "login", "login:address": a.user, "login:password": a.password,
         "login:submit": "Sign in", "jakarta.faces.ViewState": vs}).encode())
    if "folder-title" not in get("/mail/"):
        sys.exit("sign-in failed")

    def timed(path):
        for _ in range(10):
            get(path)
        times = []
        body = ""
        for _ in range(a.repeat):
            t0 = time.perf_counter()
            body = get(path)
            times.append((time.perf_counter() - t0) * 1000)
        times.sort()
        return statistics.median(times), times[int(len(times) * 0.9) - 1], body

    print("| Request | median ms | p90 ms | suggestions |")
    print("|---|---|---|---|")
    med, p90, _ = timed("/mail/counts")
    print(f"| GET /mail/counts (floor) | {med:.1f} | {p90:.1f} | – |")
    for term in a.terms:
        med, p90, body = timed("/mail/addresses?q=" + urllib.parse.quote(term))
        print(f"| GET /mail/addresses?q={term} | {med:.1f} | {p90:.1f} | {len(json.loads(body))} |")


if __name__ == "__main__":
    main()
