#!/usr/bin/env python3
"""Writes src/test/resources/mime-corpus: real-world shapes and deliberately malformed mail.

Each NAME.eml has a NAME.expect beside it: one line per text that must be visible when the
message is opened (MimeCorpusTest checks them). Run from the repository root; the generated
files are committed, this script documents how they were made. gen-mbox.py (a copy lives in
bench/) supplies the realistic generated part.
"""
import base64, os, subprocess, sys, json

OUT = "src/test/resources/mime-corpus"
os.makedirs(OUT, exist_ok=True)
for f in os.listdir(OUT):
    os.remove(os.path.join(OUT, f))

def put(name, raw, *expect):
    if isinstance(raw, str):
        raw = raw.encode("utf-8")
    with open(os.path.join(OUT, name + ".eml"), "wb") as f:
        f.write(raw)
    with open(os.path.join(OUT, name + ".expect"), "w", encoding="utf-8") as f:
        for e in expect:
            f.write(e + "\n")

def crlf(s):
    return s.replace("\n", "\r\n")

H = "From: Alice <alice@example.org>\nTo: bob@example.test\nDate: Tue, 3 Mar 2026 10:00:00 +0000\n"

# ---- broken MIME structure
put("missing-boundary-parameter", crlf(H + "Subject: no boundary\nMIME-Version: 1.0\nContent-Type: multipart/mixed\n\n--x\nContent-Type: text/plain\n\nHello from a broken multipart\n--x--\n"),
    "no boundary", "Hello from a broken multipart")
put("boundary-never-used", crlf(H + "Subject: wrong boundary\nContent-Type: multipart/mixed; boundary=\"abc\"\n\n--xyz\nContent-Type: text/plain\n\nThe text behind the wrong boundary\n--xyz--\n"),
    "wrong boundary", "The text behind the wrong boundary")
put("missing-end-boundary", crlf(H + "Subject: no end\nContent-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/plain\n\nFirst part text\n--b\nContent-Type: text/plain\n\nSecond part text without an end\n"),
    "no end", "First part text", "Second part text without an end")
put("empty-multipart", crlf(H + "Subject: empty multipart\nContent-Type: multipart/alternative; boundary=b\n\n--b--\n"),
    "empty multipart")
put("preamble-only", crlf(H + "Subject: preamble only\nContent-Type: multipart/mixed; boundary=b\n\nThis is the preamble that nobody reads\n"),
    "preamble only", "preamble that nobody reads")
put("boundary-with-spaces", crlf(H + "Subject: spaced boundary\nContent-Type: multipart/mixed; boundary=\"a b c\"\n\n--a b c\nContent-Type: text/plain\n\nText behind a spaced boundary\n--a b c--\n"),
    "spaced boundary", "Text behind a spaced boundary")
put("unbalanced-quote-in-content-type", crlf(H + "Subject: bad quote\nContent-Type: multipart/mixed; boundary=\"b\n\n--b\nContent-Type: text/plain\n\nText after a bad quote\n--b--\n"),
    "bad quote", "Text after a bad quote")
put("garbage-content-type", crlf(H + "Subject: garbage type\nContent-Type: text\n\nPlain words under a garbage type\n"),
    "garbage type", "Plain words under a garbage type")
put("no-headers", crlf("\nJust a body without any header\n"),
    "(no subject)", "Just a body without any header")
put("garbage-header-lines", crlf("This line is not a header\n" + H + "Subject: survived\n\nBody after garbage headers\n"),
    "Body after garbage headers")
put("lf-only", (H + "Subject: bare LF\n\nLines end in LF only\nsecond line\n").encode(),
    "bare LF", "Lines end in LF only", "second line")
put("empty", b"", "(no subject)")
put("nul-bytes", crlf(H + "Subject: nul bytes\n\nbefore\x00after\n"),
    "nul bytes", "before")

# ---- transfer encodings
put("bad-base64", crlf(H + "Subject: bad base64\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64\n\nSGVsbG8gd29ybGQ*!*\n@@@@\n"),
    "bad base64", "Hello world")
put("truncated-base64", crlf(H + "Subject: truncated base64\nContent-Type: text/plain\nContent-Transfer-Encoding: base64\n\nVGhlIHF1aWNrIGJyb3du\nIGZv\n"),
    "truncated base64", "The quick brown")
put("bad-quoted-printable", crlf(H + "Subject: bad qp\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n\nCaf=C3=A9 is open =ZZ today=\n and tomorrow\n"),
    "bad qp", "Caf")
put("unknown-transfer-encoding", crlf(H + "Subject: x-uuencode\nContent-Type: text/plain\nContent-Transfer-Encoding: x-uuencode\n\nPlain text marked with a strange encoding\n"),
    "x-uuencode", "Plain text marked with a strange encoding")
put("long-base64-lines", crlf(H + "Subject: long b64 lines\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64\n\n" + base64.b64encode(("Long line content. " * 100).encode()).decode() + "\n"),
    "long b64 lines", "Long line content.")

# ---- charsets
put("unknown-charset", (H + "Subject: unknown charset\nContent-Type: text/plain; charset=x-no-such-charset\nContent-Transfer-Encoding: 8bit\n\nGrüße aus Köln\n").encode("utf-8"),
    "unknown charset", "Grüße aus Köln")
put("utf8-labelled-latin1", (H + "Subject: mislabelled\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\nGrüße aus Köln\n").encode("latin-1"),
    "mislabelled", "Grüße aus Köln")
put("ascii-labelled-utf8", (H + "Subject: ascii label\nContent-Type: text/plain; charset=us-ascii\n\nNaïve café\n").encode("utf-8"),
    "ascii label", "Naïve café")
put("windows-1252-quotes", (H + "Subject: cp1252\nContent-Type: text/plain; charset=iso-8859-1\n\n\u201cQuoted\u201d costs 5 \u20ac\n").encode("cp1252"),
    "cp1252", "\u201cQuoted\u201d costs 5 \u20ac")
put("iso-2022-jp", (H + "Subject: =?ISO-2022-JP?B?GyRCJDMkcyRLJEEkTxsoQg==?=\nContent-Type: text/plain; charset=ISO-2022-JP\n\n").encode() + "こんにちは、世界\n".encode("iso2022_jp"),
    "こんにちは", "こんにちは、世界")
put("koi8-r", (H + "Subject: =?KOI8-R?B?8NLJ18XU?=\nContent-Type: text/plain; charset=koi8-r\nContent-Transfer-Encoding: 8bit\n\n").encode() + "Привет, мир\n".encode("koi8-r"),
    "Привет", "Привет, мир")
put("gb2312", (H + "Subject: gb2312\nContent-Type: text/plain; charset=gb2312\nContent-Transfer-Encoding: 8bit\n\n").encode() + "项目进度更新\n".encode("gb2312"),
    "项目进度更新")
put("utf8-alias-without-dash", (H + "Subject: utf8 alias\nContent-Type: text/plain; charset=utf8\n\nSmörgåsbord\n").encode("utf-8"),
    "Smörgåsbord")
put("utf-7", crlf(H + "Subject: utf-7\nContent-Type: text/plain; charset=utf-7\n\nHello plain ASCII in UTF-7\n"),
    "Hello plain ASCII in UTF-7")
put("ks-c-5601", (H + "Subject: korean\nContent-Type: text/plain; charset=ks_c_5601-1987\nContent-Transfer-Encoding: 8bit\n\nMeeting notes: ").encode() + "안녕하세요\n".encode("euc_kr"),
    "Meeting notes:", "안녕하세요")

# ---- headers
put("encoded-words-adjacent", crlf(H.replace("From: Alice <alice@example.org>\n", "") + "From: =?UTF-8?B?SsO8cmdlbg==?= =?UTF-8?B?IE3DvGxsZXI=?= <jm@example.de>\nSubject: =?UTF-8?Q?Gr=C3=BC=C3=9Fe?= =?UTF-8?Q?_aus?= Berlin\n\nbody\n"),
    "Grüße aus Berlin", "Jürgen Müller")
put("encoded-word-unknown-charset", crlf(H + "Subject: =?x-nonsense?Q?Caf=C3=A9?= menu\n\nbody\n"),
    "Café menu")
put("encoded-word-bad-base64", crlf(H + "Subject: =?UTF-8?B?SGVsbG8*?= there\n\nbody\n"),
    "there")
put("raw-utf8-subject", (H + "Subject: Réunion à 14h – ok\n\nbody\n").encode("utf-8"),
    "Réunion à 14h – ok")
put("raw-latin1-subject", (H + "Subject: Grüße von Jürgen\n\nbody\n").encode("latin-1"),
    "Grüße von Jürgen")
put("encoded-word-inside-word", crlf(H + "Subject: pre=?UTF-8?Q?fix?=ed words\n\nbody text\n"),
    "body text")
put("rfc2231-filename", crlf(H + "Subject: rfc2231\nContent-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/plain\n\nsee attachment\n--b\nContent-Type: application/pdf\nContent-Disposition: attachment; filename*0*=utf-8''%E2%82%AC; filename*1*=uro-Rechnung.pdf\nContent-Transfer-Encoding: base64\n\nJVBERi0=\n--b--\n"),
    "€uro-Rechnung.pdf")
put("rfc2231-unknown-charset", crlf(H + "Subject: rfc2231 bad\nContent-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/plain\n\nbody\n--b\nContent-Type: application/octet-stream\nContent-Disposition: attachment; filename*=x-bogus''report%20final.bin\n\nxyz\n--b--\n"),
    "rfc2231 bad", "report")
put("rfc2047-filename", crlf(H + "Subject: 2047 name\nContent-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/plain\n\nbody\n--b\nContent-Type: image/png; name=\"=?UTF-8?B?w7xiZXJzaWNodC5wbmc=?=\"\nContent-Disposition: attachment; filename=\"=?UTF-8?B?w7xiZXJzaWNodC5wbmc=?=\"\nContent-Transfer-Encoding: base64\n\niVBORw0KGgo=\n--b--\n"),
    "übersicht.png")
put("path-in-filename", crlf(H + "Subject: path name\nContent-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/plain\n\nbody\n--b\nContent-Type: application/octet-stream\nContent-Disposition: attachment; filename=\"..\\\\..\\\\windows\\\\evil.exe\"\n\nMZ\n--b--\n"),
    "evil.exe")
put("garbage-from", crlf("From: <<<@@@>>> ,,, \"unclosed\nTo: ;;;\nSubject: garbage addresses\n\nstill readable\n"),
    "garbage addresses", "still readable")
put("garbage-date", crlf(H.replace("Date: Tue, 3 Mar 2026 10:00:00 +0000", "Date: the day after tomorrow") + "Subject: garbage date\n\nbody here\n"),
    "garbage date", "body here")
put("two-subjects", crlf(H + "Subject: first subject\nSubject: second subject\n\nbody\n"),
    "first subject")
put("folded-long-subject", crlf(H + "Subject: a very long subject\n that is folded\n\tacross three lines\n\nbody\n"),
    "a very long subject that is folded")
put("huge-header", crlf(H + "Subject: huge header follows\nX-Huge: " + ("x" * (1024 * 1024)) + "\n\nBody after a megabyte of header\n"),
    "huge header follows", "Body after a megabyte of header")
put("megabyte-subject", crlf(H + "Subject: Start of a giant subject " + ("word " * 200000) + "\n\nbody of giant subject\n"),
    "Start of a giant subject", "body of giant subject")
put("bidi-override-subject", crlf(H + "Subject: =?UTF-8?Q?invoice_=E2=80=AEfdp.exe?=\n\nbody\n"),
    "invoice")

# ---- structure and content
put("html-hostile", crlf(H + "Subject: hostile html\nContent-Type: text/html; charset=utf-8\n\n<html><body onload=\"x()\"><p>Visible paragraph</p><script>window.top.pwned=1</script><img src=x onerror=alert(1)><a href=\"javascript:alert(2)\">click</a><svg><script>alert(3)</script></svg><iframe src=\"https://evil.test/\"></iframe><form action=\"https://evil.test\"><input name=p></form></body></html>\n"),
    "hostile html", "Visible paragraph", "click")
put("html-unclosed", crlf(H + "Subject: unclosed html\nContent-Type: text/html\n\n<div><p>Unclosed <b>bold <i>italic\n<table><tr><td>cell one<td>cell two\n"),
    "unclosed html", "Unclosed bold italic", "cell one")
put("html-labelled-plain", crlf(H + "Subject: html label\nContent-Type: text/html\n\nJust plain text labelled as HTML\n"),
    "Just plain text labelled as HTML")
put("alternative-html-only", crlf(H + "Subject: alt html only\nContent-Type: multipart/alternative; boundary=b\n\n--b\nContent-Type: text/html\n\n<p>Only <b>HTML</b> here</p>\n--b--\n"),
    "alt html only", "Only HTML here")
put("alternative-empty-plain", crlf(H + "Subject: empty plain\nContent-Type: multipart/alternative; boundary=b\n\n--b\nContent-Type: text/plain\n\n\n--b\nContent-Type: text/html\n\n<p>The HTML version</p>\n--b--\n"),
    "empty plain", "The HTML version")
put("forwarded-rfc822", crlf(H + "Subject: Fwd: original\nContent-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/plain\n\nForwarding this\n--b\nContent-Type: message/rfc822\n\nFrom: carol@example.net\nSubject: original\n\nThe original text\n--b--\n"),
    "Forwarding this", "forwarded message.eml")
put("nameless-attachment", crlf(H + "Subject: nameless\nContent-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/plain\n\nsee the part\n--b\nContent-Type: application/octet-stream\nContent-Transfer-Encoding: base64\n\nAAECAw==\n--b--\n"),
    "see the part", "part-2.bin")
put("text-attachment", crlf(H + "Subject: text attachment\nContent-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/plain\n\nthe body\n--b\nContent-Type: text/plain; name=notes.txt\nContent-Disposition: attachment; filename=notes.txt\n\nnotes content\n--b--\n"),
    "the body", "notes.txt")
put("inline-cid-image", crlf(H + "Subject: inline image\nContent-Type: multipart/related; boundary=b\n\n--b\nContent-Type: text/html\n\n<p>Logo below</p><img src=\"cid:logo@x\" alt=\"logo\">\n--b\nContent-Type: image/png\nContent-ID: <logo@x>\nContent-Transfer-Encoding: base64\n\niVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==\n--b--\n"),
    "Logo below")
put("deep-nesting-200", crlf(H + "Subject: deep nesting\n" + "".join("Content-Type: multipart/mixed; boundary=b%d\n\n--b%d\n" % (i, i) for i in range(200)) + "Content-Type: text/plain\n\ndeep text\n"),
    "deep nesting", "more parts than are shown")
put("many-siblings", crlf(H + "Subject: many parts\nContent-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/plain\n\nfirst of many\n" + "".join("--b\nContent-Type: application/octet-stream\nContent-Disposition: attachment; filename=f%d.bin\n\nx\n" % i for i in range(3000)) + "--b--\n"),
    "first of many", "f1.bin", "more parts than are shown")
put("long-line", crlf(H + "Subject: long line\n\nStart of a very long line " + ("abcdefghij" * 100000) + "\n"),
    "Start of a very long line")
put("flowed-quotes", crlf(H + "Subject: flowed\nContent-Type: text/plain; format=flowed\n\nMy answer is yes.\n\nOn Monday, Bob wrote:\n> Shall we meet?\n>> Earlier question\n"),
    "My answer is yes.", "Shall we meet?")
put("links-in-text", crlf(H + "Subject: links\n\nSee https://example.org/path?a=1&b=2. Or www.example.com, or mail info@example.org!\n"),
    "https://example.org/path?a=1&b=2", "www.example.com", "info@example.org")
put("binary-8bit-attachment", (H + "Subject: binary part\nContent-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/plain\n\nbinary follows\n--b\nContent-Type: application/octet-stream; name=blob.bin\nContent-Transfer-Encoding: binary\n\n").encode() + bytes(range(256)) + b"\n--b--\n",
    "binary follows", "blob.bin")
put("calendar-invite", crlf(H + "Subject: Invitation: standup\nContent-Type: multipart/alternative; boundary=b\n\n--b\nContent-Type: text/plain\n\nYou are invited to standup\n--b\nContent-Type: text/calendar; method=REQUEST\n\nBEGIN:VCALENDAR\nEND:VCALENDAR\n--b--\n"),
    "You are invited to standup", "part-2.ics")
put("nested-rfc822-twice", crlf(H + "Subject: nested forward\nContent-Type: message/rfc822\n\nSubject: inner\nContent-Type: message/rfc822\n\nSubject: innermost\n\ninnermost text\n"),
    "nested forward")

# ---- realistic generated mail (gen-mbox.py, the generator the benchmark uses)
gen = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "bench", "gen-mbox.py")
tmp = "/tmp/postroom-corpus-gen"
os.makedirs(tmp, exist_ok=True)
subprocess.run([sys.executable, gen, "-n", "40", "--seed", "corpus", "--format", "eml", "-o", tmp,
                "--max-kb", "200", "--crlf", "--manifest", tmp + "/manifest.jsonl", "-q"], check=True)
seen_kinds = {}
with open(tmp + "/manifest.jsonl", encoding="utf-8") as man:
    for line in man:
        info = json.loads(line)
        k = info["kind"]
        if seen_kinds.get(k, 0) >= 3:
            continue
        seen_kinds[k] = seen_kinds.get(k, 0) + 1
        with open(os.path.join(tmp, "%06d.eml" % info["n"]), "rb") as f:
            raw = f.read()
        expect = [info["subject"]] + [a["filename"] for a in info["attachments"] if not a.get("inline")]
        put("generated-%02d-%s" % (info["n"], k), raw, *expect)
print(len([f for f in os.listdir(OUT) if f.endswith(".eml")]), "messages")
