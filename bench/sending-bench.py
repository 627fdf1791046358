#!/usr/bin/env python3
"""Times Send in the webmail to the message being in a local recipient's Inbox (loopback only).

Creates two users through the admin API, sets the server's default undo delay to 0 s (so the
hold is released at once by the sending worker), signs both in through the login form, then
REPEAT times: opens the compose page (GET, for its CSRF token and compose key), posts Send with a
plain-text message to the other user, and polls the recipient's /mail/counts every 2 ms until the
Inbox total grows. Prints the median and p90 of (a) the Send POST alone (request to redirect) and
(b) Send to the message being countable in the recipient's Inbox, as a Markdown table.

Usage: bench/sending-bench.py BASE_URL [--repeat 30] [--admin-password postmaster-secret-1]
"""
import argparse
import base64
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
    ap.add_argument("--repeat", type=int, default=30)
    ap.add_argument("--admin-password", default="postmaster-secret-1")
    ap.add_argument("--domain", default="example.test")
    a = ap.parse_args()
    host = urllib.parse.urlparse(a.base).hostname
    if not (host.startswith("127.") or host == "localhost"):
        sys.exit("loopback only")
    auth = "Basic " + base64.b64encode(f"postmaster@{a.domain}:{a.admin_password}".encode()).decode()

    def admin(method, path, body):
        req = urllib.request.Request(a.base + path, data=json.dumps(body).encode(), method=method,
                                     headers={"Authorization": auth, "Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=60) as r:
                return r.status
        except urllib.error.HTTPError as e:
            return e.code

    stamp = str(int(time.time()))
    sender, rcpt, password = f"bench-s{stamp}@{a.domain}", f"bench-r{stamp}@{a.domain}", "bench-password-1"
    for u in (sender, rcpt):
        if admin("POST", "/api/admin/users", {"address": u, "password": password, "displayName": "Bench"}) != 201:
            sys.exit("cannot create " + u)
    if admin("PUT", "/api/admin/settings/postroom.webmail.undo-send", {"value": "0s"}) != 200:
        sys.exit("cannot set the undo delay")

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    def session(user, follow=True):
        jar = http.cookiejar.CookieJar()
        handlers = [urllib.request.HTTPCookieProcessor(jar)]
        opener = urllib.request.build_opener(*handlers)
        login = opener.open(a.base + "/login.xhtml", timeout=60).read().decode()
        vs = re.search(r'name="jakarta.faces.ViewState"[^>]*value="([^"]*)"', login).group(1)
        data = urllib.parse.urlencode({"login": "login", "login:address": user, "login:password": password,
                                       "login:submit": "Sign in", "jakarta.faces.ViewState": vs}).encode()
        opener.open(a.base + "/login.xhtml", data=data, timeout=60).read()
        if not follow:
            opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect)
        return opener

    s = session(sender, follow=False)
    r = session(rcpt)

    def inbox_total():
        with r.open(a.base + "/mail/counts", timeout=60) as res:
            folders = json.loads(res.read())
        return next(f["total"] for f in folders if f["name"] == "Inbox")

    def send(i):
        page = s.open(a.base + "/mail/compose.xhtml", timeout=60).read().decode()
        csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
        key = re.search(r'name="key" id="compose-key" value="([^"]+)"', page).group(1)
        data = urllib.parse.urlencode({"csrf": csrf, "key": key, "from": sender, "to": rcpt, "cc": "", "bcc": "",
                                       "subject": f"bench {i}", "rich": "false",
                                       "body": "A benchmark message.\n" * 20, "action": "send"}).encode()
        before = inbox_total()
        t0 = time.perf_counter()
        try:
            s.open(a.base + "/mail/compose", data=data, timeout=60).read()
        except urllib.error.HTTPError as e:
            if e.code != 303:
                raise
        t1 = time.perf_counter()
        deadline = t0 + 30
        while inbox_total() <= before:
            if time.perf_counter() > deadline:
                sys.exit("message %d did not arrive within 30 s" % i)
            time.sleep(0.002)
        return (t1 - t0) * 1000, (time.perf_counter() - t0) * 1000

    for i in range(5):  # warm-up
        send(-i - 1)
    posts, arrivals = [], []
    for i in range(a.repeat):
        p, d = send(i)
        posts.append(p)
        arrivals.append(d)

    def row(name, xs):
        xs = sorted(xs)
        p90 = xs[max(0, int(round(0.9 * len(xs))) - 1)]
        return f"| {name} | {statistics.median(xs):.1f} | {p90:.1f} |"

    print(f"| Path ({a.repeat} runs, undo delay 0 s) | median ms | p90 ms |")
    print("|---|---|---|")
    print(row("Send POST (save, check, hold, redirect)", posts))
    print(row("Send to countable in the recipient's Inbox", arrivals))


if __name__ == "__main__":
    main()
