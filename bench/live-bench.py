#!/usr/bin/env python3
"""Live pages under load: N open, idle event streams (/mail/events) against one server.

Signs ACCOUNTS users in through the login form, opens PAGES event streams spread over them (as
that many open webmail tabs would), then for IDLE seconds does nothing and reads the server's CPU
time and resident memory from /proc; then PROBES times imports one message for a user (the admin
import API, the same MailStore path as SMTP delivery) and measures how long until every stream of
that user has heard "change". Prints one summary line per figure.

Usage: live-bench.py BASE_URL SERVER_PID [--accounts 50] [--pages 1000] [--idle 60] [--probes 10]
Talks to 127.0.0.1 only.
"""
import argparse
import base64
import http.cookiejar
import json
import re
import resource
import select
import socket
import statistics
import sys
import time
import urllib.parse
import urllib.request

ADMIN = ("postmaster@example.test", "postmaster-secret-1")


def proc_cpu_seconds(pid):
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    ticks = resource.getpagesize() and __import__("os").sysconf("SC_CLK_TCK")
    return (int(fields[11]) + int(fields[12])) / ticks  # utime + stime


def proc_rss_mb(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024.0
    return 0.0


def admin(base, method, path, body=None, content_type="application/json"):
    req = urllib.request.Request(base + path, data=body, method=method)
    token = base64.b64encode(("%s:%s" % ADMIN).encode()).decode()
    req.add_header("Authorization", "Basic " + token)
    if body is not None:
        req.add_header("Content-Type", content_type)
    with urllib.request.urlopen(req, timeout=60) as r:
        return r.read()


def sign_in(base, address, password):
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(base + "/login.xhtml", timeout=30).read().decode()
    vs = re.search(r'name="jakarta.faces.ViewState"[^>]*value="([^"]*)"', page).group(1)
    data = urllib.parse.urlencode({"login": "login", "login:address": address,
                                   "login:password": password, "login:submit": "Sign in",
                                   "jakarta.faces.ViewState": vs}).encode()
    opener.open(base + "/login.xhtml", data=data, timeout=30).read()
    for c in jar:
        if c.name == "JSESSIONID":
            return c.value
    raise SystemExit("sign-in failed for " + address)


def open_stream(host, port, session):
    s = socket.create_connection((host, port), timeout=10)
    s.sendall(("GET /mail/events?since=0 HTTP/1.1\r\nHost: %s:%d\r\nAccept: text/event-stream\r\n"
               "Cookie: JSESSIONID=%s\r\n\r\n" % (host, port, session)).encode())
    s.setblocking(False)
    return s


def main():
    p = argparse.ArgumentParser()
    p.add_argument("base")
    p.add_argument("pid", type=int)
    p.add_argument("--accounts", type=int, default=50)
    p.add_argument("--pages", type=int, default=1000)
    p.add_argument("--idle", type=int, default=60)
    p.add_argument("--probes", type=int, default=10)
    a = p.parse_args()
    u = urllib.parse.urlparse(a.base)
    host, port = u.hostname, u.port
    if not host.startswith("127."):
        raise SystemExit("loopback only")
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, max(soft, a.pages + 256)), hard))

    users = []
    for i in range(a.accounts):
        address = "live%d@example.test" % i
        try:
            admin(a.base, "POST", "/api/admin/users", json.dumps(
                {"address": address, "password": "live-bench-password", "displayName": "L%d" % i}).encode())
        except urllib.error.HTTPError as e:
            if e.code != 409:
                raise
        users.append((address, sign_in(a.base, address, "live-bench-password")))

    def idle_window(seconds, tick):
        c0, m0, t0 = proc_cpu_seconds(a.pid), proc_rss_mb(a.pid), time.time()
        while time.time() < t0 + seconds:
            tick()
        c1, m1, t1 = proc_cpu_seconds(a.pid), proc_rss_mb(a.pid), time.time()
        return c1 - c0, t1 - t0, m0, m1

    # the same server with no page open, for comparison
    cpu, secs, m0, m1 = idle_window(a.idle, lambda: time.sleep(1))
    print("idle %.0f s, no page open: server CPU %.2f s = %.2f%% of one core; RSS %.0f MB"
          % (secs, cpu, 100.0 * cpu / secs, m1))

    streams = []  # (socket, account index)
    for n in range(a.pages):
        idx = n % len(users)
        streams.append((open_stream(host, port, users[idx][1]), idx))
    buffers = {s.fileno(): b"" for s, _ in streams}
    status = {}
    by_fd = {s.fileno(): (s, idx) for s, idx in streams}

    def pump(timeout):
        """Reads whatever arrived; returns the fds that got a change event."""
        got = set()
        r, _, _ = select.select(list(by_fd.keys()), [], [], timeout)
        for fd in r:
            s, _ = by_fd[fd]
            try:
                data = s.recv(65536)
            except BlockingIOError:
                continue
            if not data:
                continue
            if fd not in status:
                status[fd] = data.split(b"\r\n", 1)[0]
            buffers[fd] += data
            if b"event: change" in buffers[fd]:
                got.add(fd)
                buffers[fd] = buffers[fd].split(b"event: change")[-1]
        return got

    # wait until every stream answered (headers and the first comment), then drain catch-ups
    deadline = time.time() + 120
    while time.time() < deadline and len(status) < len(by_fd):
        pump(0.5)
    ready = sum(1 for fd in by_fd if b" 200 " in status.get(fd, b""))
    end = time.time() + 3
    while time.time() < end:
        pump(0.2)

    print("streams open: %d of %d (%d accounts)" % (ready, a.pages, a.accounts))
    cpu, secs, m0, m1 = idle_window(a.idle, lambda: pump(1.0))
    print("idle %.0f s, %d pages open: server CPU %.2f s = %.2f%% of one core; RSS %.0f MB -> %.0f MB"
          % (secs, ready, cpu, 100.0 * cpu / secs, m0, m1))

    latencies = []
    for i in range(a.probes):
        idx = i % len(users)
        mine = {s.fileno() for s, j in streams if j == idx}
        msg = ("From: probe@remote.test\r\nTo: %s\r\nSubject: probe %d\r\nMessage-ID: <probe%d.%f@remote.test>\r\n"
               "\r\nHello.\r\n" % (users[idx][0], i, i, time.time())).encode()
        start = time.time()
        admin(a.base, "POST", "/api/admin/users/%s/messages" % users[idx][0], msg, "message/rfc822")
        heard = set()
        while heard != mine and time.time() < start + 30:
            heard |= pump(0.05) & mine
        latencies.append(time.time() - start if heard == mine else float("inf"))
        time.sleep(1)
    finite = sorted(x for x in latencies if x != float("inf"))
    print("change -> every stream of the account (%d pages each): median %.0f ms, max %.0f ms, %d missed"
          % (a.pages // a.accounts, 1000 * statistics.median(finite) if finite else -1,
             1000 * max(finite) if finite else -1, len(latencies) - len(finite)))
    for s, _ in streams:
        s.close()


if __name__ == "__main__":
    sys.exit(main())
