#!/usr/bin/env python3
"""Times the reading paths of the webmail over HTTP on a warm server (loopback only).

Signs in as USER through the login form, warms every path up, then for each scenario makes
REPEAT sequential requests and prints the median and p90 of the wall time of each request
(request sent to last byte read), as a Markdown table:

  list page 1 (conversations)   GET /mail/?folder=<inbox>
  list deep page (conversations) GET /mail/?folder=<inbox>&at=<cursor of page DEEP>
  list page 1 (messages)        same with conversation view off (restored afterwards)
  open a message                GET /mail/message.xhtml?id=<a typical message>
  message body frame            GET /mail/view/body/<id>
  search a body word            GET /mail/?q=<WORD>
  unread counts                 GET /mail/counts

Usage: bench/reading-bench.py BASE_URL USER PASSWORD [--repeat 30] [--deep 100] [--word budget]
"""
import argparse
import html
import http.cookiejar
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
    ap.add_argument("--deep", type=int, default=100, help="page number of the deep page")
    ap.add_argument("--word", default="budget")
    a = ap.parse_args()
    host = urllib.parse.urlparse(a.base).hostname
    if not (host.startswith("127.") or host == "localhost"):
        sys.exit("loopback only")
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))

    def get(path):
        with opener.open(a.base + path, timeout=60) as r:
            return r.read().decode("utf-8", "replace")

    def post(path, fields):
        data = urllib.parse.urlencode(fields).encode()
        with opener.open(a.base + path, data=data, timeout=60) as r:
            return r.read().decode("utf-8", "replace")

    login = get("/login.xhtml")
    vs = re.search(r'name="jakarta.faces.ViewState"[^>]*value="([^"]*)"', login).group(1)
    post("/login.xhtml", {"login": "login", "login:address": a.user, "login:password": a.password,
                          "login:submit": "Sign in", "jakarta.faces.ViewState": vs})
    first = get("/mail/")
    if "folder-title" not in first:
        sys.exit("sign-in failed")
    inbox = re.search(r'href="/mail/\?folder=(\d+)"', first).group(1)
    page = first
    for _ in range(a.deep - 1):
        m = re.search(r'id="older" href="([^"]+)"', page)
        if not m:
            break
        page = get(html.unescape(m.group(1)))
    deep = html.unescape(re.search(r'id="older" href="([^"]+)"', page).group(1))
    ids = re.findall(r'data-id="(\d+)"', first)
    message = ids[len(ids) // 2]

    def settings(conversations):
        s = get("/settings/")
        vs = re.search(r'name="jakarta.faces.ViewState"[^>]*value="([^"]*)"', s).group(1)
        size = re.search(r'id="mail:pageSize"[^>]*value="(\d+)"', s).group(1)
        fields = {"mail": "mail", "mail:pageSize": size, "mail:save-mail": "Save",
                  "jakarta.faces.ViewState": vs}
        if conversations:
            fields["mail:conversationView"] = "on"
        post("/settings/", fields)

    scenarios = [
        ("list page 1, conversations", "/mail/?folder=" + inbox),
        ("list page %d, conversations" % a.deep, deep),
        ("open a message", "/mail/message.xhtml?id=" + message),
        ("message body frame", "/mail/view/body/" + message),
        ("search a body word (%s)" % a.word, "/mail/?q=" + urllib.parse.quote(a.word)),
        ("unread counts", "/mail/counts"),
    ]

    def measure(path):
        for _ in range(10):
            get(path)
        times = []
        for _ in range(a.repeat):
            t = time.perf_counter()
            get(path)
            times.append((time.perf_counter() - t) * 1000)
        times.sort()
        return statistics.median(times), times[int(round(0.9 * (len(times) - 1)))]

    print("| Scenario | Request | Median ms | p90 ms |")
    print("|---|---|---|---|")
    for name, path in scenarios:
        med, p90 = measure(path)
        print("| %s | `GET %s` | %.1f | %.1f |" % (name, path.split("&at=")[0] + ("&at=…" if "&at=" in path else ""), med, p90))
    settings(False)
    try:
        med, p90 = measure("/mail/?folder=" + inbox)
        print("| list page 1, messages | `GET /mail/?folder=%s` | %.1f | %.1f |" % (inbox, med, p90))
    finally:
        settings(True)
    sys.stdout.flush()


if __name__ == "__main__":
    main()
