#!/usr/bin/python3
"""Independent DKIM verifier for Postroom's tests: Debian's python3-dkim, asking only the loopback
DNS server (dnsmasq) the test started, never the system resolver.

usage: dkim_verify.py DNS_PORT < message
prints "pass" or "fail: <reason>" and exits 0 on pass, 1 on fail, 2 on usage errors.
"""
import sys

import dkim
import dns.message
import dns.query
import dns.rdatatype


def dnsfunc_for(port):
    def get_txt(name, timeout=5):
        if isinstance(name, bytes):
            name = name.decode("ascii")
        query = dns.message.make_query(name, dns.rdatatype.TXT)
        response = dns.query.udp(query, "127.0.0.1", timeout=timeout, port=port)
        for rrset in response.answer:
            if rrset.rdtype == dns.rdatatype.TXT:
                return b"".join(list(rrset.items)[0].strings)
        return None
    return get_txt


def main():
    if len(sys.argv) != 2:
        print("usage: dkim_verify.py DNS_PORT < message", file=sys.stderr)
        return 2
    message = sys.stdin.buffer.read()
    logs = []

    class Collect:
        def debug(self, *a):
            logs.append(" ".join(str(x) for x in a))
        info = warning = error = debug

    ok = dkim.verify(message, logger=Collect(), dnsfunc=dnsfunc_for(int(sys.argv[1])))
    if ok:
        print("pass")
        return 0
    print("fail: " + " | ".join(logs[-3:]))
    return 1


if __name__ == "__main__":
    sys.exit(main())
