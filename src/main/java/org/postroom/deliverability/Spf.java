package org.postroom.deliverability;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.postroom.dns.DnsAnswer;
import org.postroom.dns.DnsResolver;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * SPF, RFC 7208: {@code check_host()} for the envelope sender and for the HELO name. Every lookup
 * goes through {@link DnsResolver}; the limits of section 4.6.4 hold (10 lookups that cost DNS, 10
 * MX names per {@code mx}, 2 void lookups), so a hostile record cannot make us query forever.
 * Macros (section 7) are expanded except in {@code exp=}, which we never fetch.
 */
public final class Spf {
  /** The results of RFC 7208 section 2.6. */
  public enum Result {
    NONE,
    NEUTRAL,
    PASS,
    FAIL,
    SOFTFAIL,
    TEMPERROR,
    PERMERROR;

    /** The lower-case name used in Authentication-Results and Received-SPF. */
    public String token() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * The outcome of one check.
   *
   * @param result the SPF result
   * @param domain the domain whose policy was evaluated
   * @param reason what decided it (the matching mechanism, or the error)
   */
  public record Outcome(Result result, String domain, String reason) {}

  static final int MAX_DNS_MECHANISMS = 10;
  static final int MAX_VOID_LOOKUPS = 2;
  static final int MAX_MX_NAMES = 10;

  private final DnsResolver dns;

  public Spf(DnsResolver dns) {
    this.dns = dns;
  }

  /**
   * The MAIL FROM identity (RFC 7208 2.4): the domain of the reverse-path, or for the null sender
   * {@code postmaster@<helo>}.
   */
  public Outcome checkMailFrom(InetAddress ip, String reversePath, String helo) {
    String sender =
        reversePath == null || reversePath.isBlank() ? "postmaster@" + helo : reversePath.strip();
    int at = sender.lastIndexOf('@');
    String domain = at < 0 ? sender : sender.substring(at + 1);
    if (at <= 0) {
      sender = "postmaster@" + domain;
    }
    return checkHost(ip, domain, sender, helo);
  }

  /** The HELO identity (RFC 7208 2.3): {@code postmaster@<helo>} against the HELO name's record. */
  public Outcome checkHelo(InetAddress ip, String helo) {
    return checkHost(ip, helo, "postmaster@" + helo, helo);
  }

  /** {@code check_host(ip, domain, sender)} of RFC 7208 section 4. */
  public Outcome checkHost(InetAddress ip, String domain, String sender, String helo) {
    Evaluation e = new Evaluation(ip, sender, helo == null ? "unknown" : helo);
    try {
      return new Outcome(e.check(normalise(domain), 0), normalise(domain), e.reason);
    } catch (SpfError err) {
      return new Outcome(err.result, normalise(domain), err.getMessage());
    }
  }

  private static String normalise(String domain) {
    String d = domain == null ? "" : domain.strip().toLowerCase(Locale.ROOT);
    return d.endsWith(".") ? d.substring(0, d.length() - 1) : d;
  }

  /** A result that ends the evaluation (temperror, permerror). */
  private static final class SpfError extends Exception {
    private static final long serialVersionUID = 1L;
    final Result result;

    SpfError(Result result, String message) {
      super(message, null, false, false);
      this.result = result;
    }
  }

  /** The state of one check_host() run, including its nested include/redirect evaluations. */
  private final class Evaluation {
    final InetAddress ip;
    final String sender;
    final String helo;
    int dnsMechanisms;
    int voidLookups;
    String reason = "";

    Evaluation(InetAddress ip, String sender, String helo) {
      this.ip = ip;
      this.sender = sender;
      this.helo = helo;
    }

    Result check(String domain, int depth) throws SpfError {
      if (!isValidDomain(domain)) {
        reason = "'" + domain + "' is not a domain name";
        return Result.NONE;
      }
      DnsAnswer a = dns.lookup(domain, Type.TXT);
      if (a.status() == DnsAnswer.Status.TEMPFAIL) {
        throw new SpfError(Result.TEMPERROR, "DNS error for " + domain + ": " + a.detail());
      }
      List<String> spf = new ArrayList<>();
      for (TXTRecord r : a.recordsOf(TXTRecord.class)) {
        String t = TxtStrings.join(r);
        if (t.equalsIgnoreCase("v=spf1") || t.toLowerCase(Locale.ROOT).startsWith("v=spf1 ")) {
          spf.add(t);
        }
      }
      if (spf.isEmpty()) {
        reason = "no SPF record at " + domain;
        return Result.NONE;
      }
      if (spf.size() > 1) {
        throw new SpfError(Result.PERMERROR, "more than one SPF record at " + domain);
      }
      return evaluate(domain, spf.get(0), depth);
    }

    Result evaluate(String domain, String record, int depth) throws SpfError {
      String[] terms = record.strip().split(" +");
      String redirect = null;
      boolean sawExp = false;
      List<String> mechanisms = new ArrayList<>();
      for (int i = 1; i < terms.length; i++) {
        String t = terms[i];
        int eq = t.indexOf('=');
        int colon = t.indexOf(':');
        if (eq > 0 && (colon < 0 || eq < colon) && t.substring(0, eq).matches("[A-Za-z][\\w.-]*")) {
          String name = t.substring(0, eq).toLowerCase(Locale.ROOT);
          if (name.equals("redirect")) {
            if (redirect != null) {
              throw new SpfError(Result.PERMERROR, "two redirect= modifiers at " + domain);
            }
            redirect = t.substring(eq + 1);
          } else if (name.equals("exp")) {
            if (sawExp) {
              throw new SpfError(Result.PERMERROR, "two exp= modifiers at " + domain);
            }
            sawExp = true;
          }
          // unknown modifiers are ignored (RFC 7208 6)
        } else {
          mechanisms.add(t);
        }
      }
      for (String m : mechanisms) {
        Result qualifier = Result.PASS;
        String body = m;
        switch (m.charAt(0)) {
          case '+' -> body = m.substring(1);
          case '-' -> {
            qualifier = Result.FAIL;
            body = m.substring(1);
          }
          case '~' -> {
            qualifier = Result.SOFTFAIL;
            body = m.substring(1);
          }
          case '?' -> {
            qualifier = Result.NEUTRAL;
            body = m.substring(1);
          }
          default -> {}
        }
        if (matches(domain, body, depth)) {
          reason = domain + ": " + m;
          return qualifier;
        }
      }
      if (redirect != null) {
        countDnsMechanism();
        String target = expand(redirect, domain);
        Result r = check(target, depth + 1);
        if (r == Result.NONE) {
          throw new SpfError(Result.PERMERROR, "redirect to " + target + " finds no SPF record");
        }
        return r;
      }
      reason = domain + ": no mechanism matched";
      return Result.NEUTRAL;
    }

    boolean matches(String domain, String mechanism, int depth) throws SpfError {
      String lower = mechanism.toLowerCase(Locale.ROOT);
      String name = lower.split("[:/]", 2)[0];
      String arg = mechanism.length() > name.length() ? mechanism.substring(name.length()) : "";
      switch (name) {
        case "all":
          requireEmpty(arg, mechanism);
          return true;
        case "include":
          {
            countDnsMechanism();
            String target = expand(requireDomainSpec(arg, mechanism), domain);
            if (depth > MAX_DNS_MECHANISMS) {
              throw new SpfError(Result.PERMERROR, "include loop at " + target);
            }
            String saved = reason;
            Result r = check(target, depth + 1);
            reason = saved;
            return switch (r) {
              case PASS -> true;
              case FAIL, SOFTFAIL, NEUTRAL -> false;
              case TEMPERROR -> throw new SpfError(Result.TEMPERROR, "include:" + target);
              default ->
                  throw new SpfError(Result.PERMERROR, "include:" + target + " is " + r.token());
            };
          }
        case "a":
          {
            countDnsMechanism();
            Cidr c = Cidr.parse(arg, mechanism);
            String target = c.domain == null ? domain : expand(c.domain, domain);
            return matchesAddressesOf(target, c);
          }
        case "mx":
          {
            countDnsMechanism();
            Cidr c = Cidr.parse(arg, mechanism);
            String target = c.domain == null ? domain : expand(c.domain, domain);
            DnsAnswer mx = lookupCounted(target, Type.MX);
            List<MXRecord> hosts = mx.recordsOf(MXRecord.class);
            if (hosts.size() > MAX_MX_NAMES) {
              throw new SpfError(Result.PERMERROR, target + " has more than 10 MX records");
            }
            for (MXRecord h : hosts) {
              if (matchesAddressesOf(h.getTarget().toString(true), c)) {
                return true;
              }
            }
            return false;
          }
        case "ptr":
          {
            countDnsMechanism();
            String target =
                arg.isEmpty() ? domain : expand(requireDomainSpec(arg, mechanism), domain);
            return validatedNames().stream()
                .anyMatch(n -> n.equals(target) || n.endsWith("." + target));
          }
        case "ip4":
        case "ip6":
          {
            if (!arg.startsWith(":")) {
              throw new SpfError(Result.PERMERROR, "'" + mechanism + "' has no address");
            }
            return IpNetwork.parse(arg.substring(1), name.equals("ip6"))
                .orElseThrow(() -> new SpfError(Result.PERMERROR, "bad network: " + mechanism))
                .contains(ip);
          }
        case "exists":
          {
            countDnsMechanism();
            String target = expand(requireDomainSpec(arg, mechanism), domain);
            return !lookupCounted(target, Type.A).recordsOf(ARecord.class).isEmpty();
          }
        default:
          throw new SpfError(Result.PERMERROR, "unknown mechanism '" + mechanism + "'");
      }
    }

    boolean matchesAddressesOf(String host, Cidr c) throws SpfError {
      boolean v4 = ip instanceof Inet4Address;
      DnsAnswer a = lookupCounted(host, v4 ? Type.A : Type.AAAA);
      List<InetAddress> addresses = new ArrayList<>();
      a.recordsOf(ARecord.class).forEach(r -> addresses.add(r.getAddress()));
      a.recordsOf(AAAARecord.class).forEach(r -> addresses.add(r.getAddress()));
      for (InetAddress x : addresses) {
        if (new IpNetwork(x, v4 ? c.v4Prefix : c.v6Prefix).contains(ip)) {
          return true;
        }
      }
      return false;
    }

    /** Forward-confirmed reverse names of the client (RFC 7208 5.5), at most 10. */
    List<String> validatedNames() throws SpfError {
      DnsAnswer ptr = dns.lookup(ReverseName.of(ip.getHostAddress()), Type.PTR);
      if (ptr.status() == DnsAnswer.Status.TEMPFAIL) {
        return List.of(); // a ptr lookup error means no match (5.5)
      }
      List<String> out = new ArrayList<>();
      for (PTRRecord r : ptr.recordsOf(PTRRecord.class).stream().limit(10).toList()) {
        String name = normalise(r.getTarget().toString());
        DnsAnswer fwd = dns.lookup(name, ip instanceof Inet4Address ? Type.A : Type.AAAA);
        boolean confirmed =
            fwd.recordsOf(ARecord.class).stream().anyMatch(x -> x.getAddress().equals(ip))
                || fwd.recordsOf(AAAARecord.class).stream()
                    .anyMatch(x -> x.getAddress().equals(ip));
        if (confirmed) {
          out.add(name);
        }
      }
      return out;
    }

    DnsAnswer lookupCounted(String name, int type) throws SpfError {
      if (!hasValidLength(name)) {
        return new DnsAnswer(DnsAnswer.Status.NXDOMAIN, List.of(), "not a domain");
      }
      DnsAnswer a = dns.lookup(name, type);
      if (a.status() == DnsAnswer.Status.TEMPFAIL) {
        throw new SpfError(Result.TEMPERROR, "DNS error for " + name + ": " + a.detail());
      }
      if (!a.isOk() || a.records().isEmpty()) {
        if (++voidLookups > MAX_VOID_LOOKUPS) {
          throw new SpfError(Result.PERMERROR, "more than 2 lookups found nothing");
        }
      }
      return a;
    }

    void countDnsMechanism() throws SpfError {
      if (++dnsMechanisms > MAX_DNS_MECHANISMS) {
        throw new SpfError(Result.PERMERROR, "more than 10 DNS lookups");
      }
    }

    void requireEmpty(String arg, String mechanism) throws SpfError {
      if (!arg.isEmpty()) {
        throw new SpfError(Result.PERMERROR, "'" + mechanism + "' takes no argument");
      }
    }

    String requireDomainSpec(String arg, String mechanism) throws SpfError {
      if (!arg.startsWith(":") || arg.length() < 2) {
        throw new SpfError(Result.PERMERROR, "'" + mechanism + "' needs a domain");
      }
      return arg.substring(1);
    }

    /** Macro expansion, RFC 7208 section 7. */
    String expand(String spec, String domain) throws SpfError {
      StringBuilder out = new StringBuilder();
      for (int i = 0; i < spec.length(); i++) {
        char ch = spec.charAt(i);
        if (ch != '%') {
          out.append(ch);
          continue;
        }
        if (i + 1 >= spec.length()) {
          throw new SpfError(Result.PERMERROR, "a lone % in '" + spec + "'");
        }
        char next = spec.charAt(++i);
        if (next == '%') {
          out.append('%');
        } else if (next == '_') {
          out.append(' ');
        } else if (next == '-') {
          out.append("%20");
        } else if (next == '{') {
          int end = spec.indexOf('}', i);
          if (end < 0) {
            throw new SpfError(Result.PERMERROR, "unclosed macro in '" + spec + "'");
          }
          out.append(macro(spec.substring(i + 1, end), domain));
          i = end;
        } else {
          throw new SpfError(Result.PERMERROR, "bad macro in '" + spec + "'");
        }
      }
      String s = normalise(out.toString());
      while (s.length() > 253 && s.indexOf('.') > 0) {
        s = s.substring(s.indexOf('.') + 1); // drop labels from the left (RFC 7208 7.3)
      }
      return s;
    }

    String macro(String m, String domain) throws SpfError {
      var matcher =
          java.util.regex.Pattern.compile("([slodipvhSLODIPVH])(\\d*)([rR]?)([.\\-+,/_=]*)")
              .matcher(m);
      if (!matcher.matches()) {
        throw new SpfError(Result.PERMERROR, "bad macro %{" + m + "}");
      }
      char letter = Character.toLowerCase(matcher.group(1).charAt(0));
      String value =
          switch (letter) {
            case 's' -> sender;
            case 'l' -> sender.substring(0, Math.max(0, sender.lastIndexOf('@')));
            case 'o' -> sender.substring(sender.lastIndexOf('@') + 1);
            case 'd' -> domain;
            case 'i' -> dottedIp();
            case 'p' -> "unknown"; // RFC 7208 7.3 discourages p; we never look it up
            case 'v' -> ip instanceof Inet6Address ? "ip6" : "in-addr";
            case 'h' -> helo;
            default -> throw new SpfError(Result.PERMERROR, "bad macro %{" + m + "}");
          };
      String delims = matcher.group(4).isEmpty() ? "." : matcher.group(4);
      List<String> parts =
          new ArrayList<>(
              List.of(value.split("[" + java.util.regex.Pattern.quote(delims) + "]", -1)));
      if (!matcher.group(3).isEmpty()) {
        java.util.Collections.reverse(parts);
      }
      if (!matcher.group(2).isEmpty()) {
        int keep = Integer.parseInt(matcher.group(2));
        if (keep == 0) {
          throw new SpfError(Result.PERMERROR, "zero labels in %{" + m + "}");
        }
        if (keep < parts.size()) {
          parts = parts.subList(parts.size() - keep, parts.size());
        }
      }
      return String.join(".", parts);
    }

    String dottedIp() {
      if (ip instanceof Inet4Address) {
        return ip.getHostAddress();
      }
      String rev = ReverseName.of(ip.getHostAddress());
      List<String> nibbles =
          new ArrayList<>(
              List.of(rev.substring(0, rev.length() - ".ip6.arpa".length()).split("\\.")));
      java.util.Collections.reverse(nibbles);
      return String.join(".", nibbles);
    }
  }

  /** The domain and prefix lengths of an {@code a} or {@code mx} mechanism. */
  private record Cidr(String domain, int v4Prefix, int v6Prefix) {
    static Cidr parse(String arg, String mechanism) throws SpfError {
      String domain = null;
      String rest = arg;
      if (rest.startsWith(":")) {
        int slash = rest.indexOf('/');
        domain = slash < 0 ? rest.substring(1) : rest.substring(1, slash);
        rest = slash < 0 ? "" : rest.substring(slash);
        if (domain.isEmpty()) {
          throw new SpfError(Result.PERMERROR, "'" + mechanism + "' has an empty domain");
        }
      }
      int v4 = 32;
      int v6 = 128;
      var m = java.util.regex.Pattern.compile("(?:/(\\d{1,2}))?(?://(\\d{1,3}))?").matcher(rest);
      if (!m.matches()) {
        throw new SpfError(Result.PERMERROR, "bad prefix length in '" + mechanism + "'");
      }
      if (m.group(1) != null) {
        v4 = Integer.parseInt(m.group(1));
      }
      if (m.group(2) != null) {
        v6 = Integer.parseInt(m.group(2));
      }
      if (v4 > 32 || v6 > 128) {
        throw new SpfError(Result.PERMERROR, "prefix length too long in '" + mechanism + "'");
      }
      return new Cidr(domain, v4, v6);
    }
  }

  /**
   * RFC 7208 4.3: a multi-label host name (an address literal such as {@code [192.0.2.1]} is not);
   * such a domain has no SPF policy and is never looked up.
   */
  static boolean isValidDomain(String d) {
    return hasValidLength(d)
        && d.matches("([a-z0-9_]([a-z0-9_-]*[a-z0-9_])?\\.)+[a-z0-9]([a-z0-9-]*[a-z0-9])?")
        && !d.matches(".*\\.[0-9]+");
  }

  /** Any name we may ask DNS for (macro expansions can hold other characters). */
  private static boolean hasValidLength(String d) {
    if (d == null || d.isEmpty() || d.length() > 253 || !d.contains(".")) {
      return false;
    }
    for (String label : d.split("\\.", -1)) {
      if (label.isEmpty() || label.length() > 63) {
        return false;
      }
    }
    return true;
  }
}
