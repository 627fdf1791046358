package org.postroom.config;

import java.util.Locale;

/**
 * Every configuration key Postroom reads, with its default and how it is checked. This enum is the
 * single list: the launcher validates it before Payara starts, the application reads it through
 * MicroProfile Config, and the README table mirrors it (a unit test keeps them in step).
 *
 * <p>{@link Scope#RUNTIME} keys seed the database on first start and can then be changed in the
 * admin UI without a restart, unless the environment sets them (then the environment wins and the
 * UI shows them read-only). {@link Scope#PROCESS} keys are read once at start.
 */
public enum Setting {
  DOMAIN(
      "postroom.domain",
      "",
      Type.DOMAIN,
      Scope.RUNTIME,
      "The mail domain (e.g. `example.org`). Empty: the first browser visit asks for it. Frozen once"
          + " accounts exist."),
  HOSTNAME(
      "postroom.hostname",
      "mail.<domain>",
      Type.HOSTNAME,
      Scope.RUNTIME,
      "Host name used in SMTP greetings, EHLO, Received headers and the TLS certificate."),
  HTTP_PORT("postroom.http.port", "8080", Type.PORT, Scope.PROCESS, "Plain HTTP (webmail, API)."),
  HTTPS_PORT(
      "postroom.https.port",
      "8443",
      Type.PORT_OR_OFF,
      Scope.PROCESS,
      "HTTPS with the configured keystore or a generated self-signed certificate. 0 turns it off."),
  SMTP_PORT(
      "postroom.smtp.port",
      "2525",
      Type.PORT_OR_OFF,
      Scope.PROCESS,
      "Inbound MX (25 in production). 0 turns it off."),
  SUBMISSION_PORT(
      "postroom.submission.port",
      "2587",
      Type.PORT_OR_OFF,
      Scope.PROCESS,
      "Submission with STARTTLS and AUTH (587 in production). 0 turns it off."),
  SUBMISSIONS_PORT(
      "postroom.submissions.port",
      "2465",
      Type.PORT_OR_OFF,
      Scope.PROCESS,
      "Submission over implicit TLS (465 in production). 0 turns it off."),
  BIND_ADDRESS(
      "postroom.bind.address",
      "0.0.0.0",
      Type.IP_ADDRESS,
      Scope.PROCESS,
      "Address every listener binds to (tests use 127.0.0.1)."),
  DATA_DIR(
      "postroom.data.dir",
      "./data",
      Type.TEXT,
      Scope.PROCESS,
      "Database (H2), keys and certificates. Back this directory up."),
  DB_URL(
      "postroom.db.url",
      "jdbc:h2:file:<data.dir>/db/postroom",
      Type.JDBC_URL,
      Scope.PROCESS,
      "JDBC URL. A `jdbc:postgresql:` URL switches to PostgreSQL."),
  DB_USER("postroom.db.user", "postroom", Type.TEXT, Scope.PROCESS, "Database user."),
  DB_PASSWORD(
      "postroom.db.password",
      "postroom",
      Type.SECRET,
      Scope.PROCESS,
      "Database password (for the embedded H2 it is set when the database is created)."),
  DNS_SERVERS(
      "postroom.dns.servers",
      "",
      Type.HOST_PORT_LIST,
      Scope.PROCESS,
      "DNS servers as `host[:port]`, comma separated. Empty: the system's resolvers. When set, no"
          + " lookup goes anywhere else."),
  RELAY_PORT(
      "postroom.relay.port",
      "25",
      Type.PORT,
      Scope.PROCESS,
      "TCP port of foreign MX servers (tests point it at a loopback Postfix)."),
  RELAY_CONNECTIONS(
      "postroom.relay.connections",
      "20",
      Type.POSITIVE_INT,
      Scope.PROCESS,
      "Outbound SMTP connections this node opens at most, all destinations together."),
  RELAY_DOMAIN_CONNECTIONS(
      "postroom.relay.domain.connections",
      "10",
      Type.POSITIVE_INT,
      Scope.RUNTIME,
      "Parallel connections to one destination domain, counted over all nodes."),
  RELAY_RETRY_FIRST(
      "postroom.relay.retry.first",
      "5m",
      Type.DURATION,
      Scope.RUNTIME,
      "Wait after the first temporary failure; the wait doubles with every further attempt."),
  RELAY_RETRY_MAX(
      "postroom.relay.retry.max",
      "1h",
      Type.DURATION,
      Scope.RUNTIME,
      "Longest wait between attempts."),
  RELAY_LIFETIME(
      "postroom.relay.lifetime",
      "5d",
      Type.DURATION,
      Scope.RUNTIME,
      "How long a message is retried before the sender gets a bounce."),
  RELAY_DELAY_NOTICE(
      "postroom.relay.delay.notice",
      "4h",
      Type.DURATION,
      Scope.RUNTIME,
      "Tell the sender once that a message is still being retried after this long. 0 turns it off."),
  RELAY_TIMEOUT(
      "postroom.relay.timeout",
      "5m",
      Type.DURATION,
      Scope.RUNTIME,
      "How long to wait for a foreign server's reply (for the connection itself at most 30 s)."),
  RELAY_HISTORY(
      "postroom.relay.history",
      "7d",
      Type.DURATION,
      Scope.RUNTIME,
      "How long delivered and bounced messages stay listed in the queue view."),
  WEBMAIL_UNDO_SEND(
      "postroom.webmail.undo-send",
      "10s",
      Type.DURATION,
      Scope.RUNTIME,
      "How long a message sent from the webmail waits for Undo, for users who have not chosen"
          + " their own delay (0s sends at once)."),
  RELAY_SMARTHOST(
      "postroom.relay.smarthost",
      "",
      Type.HOST_PORT,
      Scope.RUNTIME,
      "Send all outbound mail through this server (`host:port`) instead of the recipients' MX, e.g."
          + " where port 25 is blocked. Port 465 uses TLS from the start, other ports STARTTLS."),
  RELAY_SMARTHOST_USER(
      "postroom.relay.smarthost.user",
      "",
      Type.TEXT,
      Scope.RUNTIME,
      "User name at the smarthost. With credentials, TLS with a valid certificate is required."),
  RELAY_SMARTHOST_PASSWORD(
      "postroom.relay.smarthost.password",
      "",
      Type.SECRET,
      Scope.RUNTIME,
      "Password at the smarthost."),
  RELAY_LIMIT_HOUR(
      "postroom.relay.limit.hour",
      "100",
      Type.COUNT,
      Scope.RUNTIME,
      "Messages to other domains one user may send per hour (0: no limit). Admins can set other"
          + " limits per user."),
  RELAY_LIMIT_DAY(
      "postroom.relay.limit.day",
      "1000",
      Type.COUNT,
      Scope.RUNTIME,
      "Messages to other domains one user may send per day (0: no limit)."),
  RELAY_LIMIT_RECIPIENTS(
      "postroom.relay.limit.recipients",
      "100",
      Type.COUNT,
      Scope.RUNTIME,
      "Recipients at other domains in one message (0: no limit)."),
  ADMIN_PASSWORD(
      "postroom.admin.password",
      "",
      Type.SECRET,
      Scope.PROCESS,
      "Seeds `postmaster@<domain>` as the first admin when no admin exists. Empty: a one-time setup"
          + " page asks for it."),
  TLS_KEYSTORE(
      "postroom.tls.keystore",
      "",
      Type.TEXT,
      Scope.PROCESS,
      "PKCS#12 keystore for HTTPS and SMTP TLS. Empty: a self-signed certificate is generated into"
          + " `<data.dir>/tls/` at first start."),
  TLS_KEYSTORE_PASSWORD(
      "postroom.tls.keystore.password",
      "",
      Type.SECRET,
      Scope.PROCESS,
      "Password of `postroom.tls.keystore` (its key must use the same password)."),
  TLS_CERTIFICATE(
      "postroom.tls.certificate",
      "",
      Type.TEXT,
      Scope.PROCESS,
      "PEM certificate chain for HTTPS and SMTP TLS, leaf first (certbot's `fullchain.pem`), with"
          + " `postroom.tls.key`. Replaced files are used within seconds, without a restart."),
  TLS_KEY(
      "postroom.tls.key",
      "",
      Type.TEXT,
      Scope.PROCESS,
      "PEM private key of `postroom.tls.certificate` (certbot's `privkey.pem`; PKCS#8 or PKCS#1,"
          + " not encrypted)."),
  ACME_DIRECTORY(
      "postroom.acme.directory",
      "",
      Type.TEXT,
      Scope.PROCESS,
      "ACME directory URL of a certificate authority (Let's Encrypt:"
          + " `https://acme-v02.api.letsencrypt.org/directory`). Set: certificates for"
          + " `postroom.hostname` (and `mta-sts.<domain>` while MTA-STS is on) by HTTP-01, which the"
          + " CA fetches from port 80, renewed before they expire. Not with `postroom.tls.certificate`."),
  ACME_EMAIL(
      "postroom.acme.email",
      "",
      Type.TEXT,
      Scope.PROCESS,
      "Contact address for the ACME account (expiry warnings). Empty: `postmaster@<domain>`."),
  ACME_TRUST(
      "postroom.acme.trust",
      "",
      Type.TEXT,
      Scope.PROCESS,
      "PEM file of the CA certificates that sign the ACME server's own HTTPS certificate (a private"
          + " or test CA). Empty: Java's default trust."),
  ACME_RENEW_BEFORE(
      "postroom.acme.renew-before",
      "30d",
      Type.DURATION,
      Scope.PROCESS,
      "Renew when this little time is left, or a third of the certificate's lifetime if that is"
          + " shorter."),
  CLUSTER(
      "postroom.cluster",
      "false",
      Type.BOOLEAN,
      Scope.PROCESS,
      "Join Payara Micro's cluster to share web sessions between nodes (needs PostgreSQL)."),
  // ---- domain setup and deliverability
  PUBLIC_IPV4(
      "postroom.public.ipv4",
      "",
      Type.IPV4_ADDRESS,
      Scope.RUNTIME,
      "Public IPv4 address of the mail host: the A record, SPF `ip4:` and PTR the domain setup page"
          + " asks for. Empty: Postroom cannot know it and shows what DNS says."),
  PUBLIC_IPV6(
      "postroom.public.ipv6",
      "",
      Type.IPV6_ADDRESS,
      Scope.RUNTIME,
      "Public IPv6 address of the mail host (AAAA, SPF `ip6:`, PTR). Empty: no IPv6."),
  MTA_STS_MODE(
      "postroom.mta-sts.mode",
      "testing",
      Type.CHOICE,
      Scope.RUNTIME,
      "MTA-STS policy served at `/.well-known/mta-sts.txt` and suggested on the setup page:"
          + " `testing`, `enforce` or `off`.",
      "testing",
      "enforce",
      "off"),
  INBOUND_AUTH(
      "postroom.inbound.auth",
      "true",
      Type.BOOLEAN,
      Scope.RUNTIME,
      "Check SPF, DKIM and DMARC of mail arriving at the MX and add an Authentication-Results"
          + " header. `false` accepts everything unchecked."),
  INBOUND_OWN_DOMAIN_FAIL(
      "postroom.inbound.own-domain-fail",
      "reject",
      Type.CHOICE,
      Scope.RUNTIME,
      "Mail at the MX whose From is our own domain but fails DMARC alignment: `reject` (550),"
          + " `quarantine` (Junk) or `mark`.",
      "reject",
      "quarantine",
      "mark"),
  INBOUND_DMARC_REJECT(
      "postroom.inbound.dmarc-reject",
      "reject",
      Type.CHOICE,
      Scope.RUNTIME,
      "Failing mail from a domain whose DMARC policy is `p=reject`: `reject` (550), `quarantine`"
          + " (Junk) or `mark`.",
      "reject",
      "quarantine",
      "mark"),
  INBOUND_DMARC_QUARANTINE(
      "postroom.inbound.dmarc-quarantine",
      "quarantine",
      Type.CHOICE,
      Scope.RUNTIME,
      "Failing mail from a domain whose DMARC policy is `p=quarantine`: `reject`, `quarantine`"
          + " (Junk) or `mark`.",
      "reject",
      "quarantine",
      "mark"),
  INBOUND_DNS_ERROR(
      "postroom.inbound.dns-error",
      "accept",
      Type.CHOICE,
      Scope.RUNTIME,
      "When SPF/DKIM/DMARC lookups fail temporarily: `accept` (deliver, marked as not verified)"
          + " or `tempfail` (451, the sender retries).",
      "accept",
      "tempfail"),
  SPAM_DNSBL_ZONES(
      "postroom.spam.dnsbl.zones",
      "zen.spamhaus.org=127.0.0.[2..11]",
      Type.BLOCKLIST_ZONES,
      Scope.RUNTIME,
      "DNS blocklists of client addresses asked at RCPT, comma separated, each `zone` or"
          + " `zone=codes` (Postfix's syntax: `127.0.0.2`, `127.0.0.[2..11]`, `127.0.0.[2;4]`). A"
          + " listed client gets 554 5.7.1 naming the list; `127.255.255.x` answers are errors"
          + " (refused or over the limit), logged, never a listing. `none`: no list."),
  SPAM_RHSBL_ZONES(
      "postroom.spam.rhsbl.zones",
      "dbl.spamhaus.org=127.0.1.[2..99]",
      Type.BLOCKLIST_ZONES,
      Scope.RUNTIME,
      "Domain blocklists asked at RCPT for the sender's domain and the HELO name, in the same"
          + " syntax. `none`: no list."),
  SPAM_SENDER_DOMAIN_CHECK(
      "postroom.spam.sender-domain-check",
      "true",
      Type.BOOLEAN,
      Scope.RUNTIME,
      "At the MX, refuse a sender domain that does not exist (550 5.1.8 at MAIL, no MX and no"
          + " address either counts); a DNS failure gets 451 4.4.3 and the sender retries."),
  SPAM_GREYLIST(
      "postroom.spam.greylist",
      "false",
      Type.BOOLEAN,
      Scope.RUNTIME,
      "Greylisting at the MX: an unknown (client /24 or /64, sender, recipient) triple gets 451"
          + " 4.7.1 and is let through when it retries after the delay. Never for submission, our"
          + " own domain, or a sender that passed before from that network or whose domain has"
          + " passed before and whose SPF passes."),
  SPAM_GREYLIST_DELAY(
      "postroom.spam.greylist.delay",
      "5m",
      Type.DURATION,
      Scope.RUNTIME,
      "How long a greylisted sender must wait before its retry is accepted."),
  SPAM_ATTACHMENTS(
      "postroom.spam.attachments",
      "reject",
      Type.CHOICE,
      Scope.RUNTIME,
      "Mail at the MX with an executable or script attached (`.exe`, `.js`, `.scr`, `.bat`, `.iso` ...,"
          + " also inside a zip file; the types Gmail blocks): `reject` (552 5.7.0), `junk` (to"
          + " Junk) or `off`.",
      "reject",
      "junk",
      "off"),
  SPAM_RSPAMD_URL(
      "postroom.spam.rspamd.url",
      "",
      Type.HTTP_URL,
      Scope.RUNTIME,
      "rspamd's scanner (its normal worker, e.g. `http://127.0.0.1:11333`): every message at the"
          + " MX and every submitted one is scanned before the 250. `reject` refuses it (550 5.7.1), `soft"
          + " reject` and `greylist` get 451, `add header` and `rewrite subject` file it in Junk."
          + " Empty: no content scanning."),
  SPAM_RSPAMD_CONTROLLER(
      "postroom.spam.rspamd.controller",
      "",
      Type.HTTP_URL,
      Scope.RUNTIME,
      "rspamd's controller (e.g. `http://127.0.0.1:11334`), which Spam and Not spam teach. Empty:"
          + " the scanner's URL (when it is the controller itself)."),
  SPAM_RSPAMD_PASSWORD(
      "postroom.spam.rspamd.password",
      "",
      Type.SECRET,
      Scope.RUNTIME,
      "The controller's password (its `enable_password`), sent with every request."),
  SPAM_RSPAMD_TIMEOUT(
      "postroom.spam.rspamd.timeout",
      "10s",
      Type.DURATION,
      Scope.RUNTIME,
      "How long a scan may take; after it rspamd counts as unavailable."),
  SPAM_RSPAMD_UNAVAILABLE(
      "postroom.spam.rspamd.unavailable",
      "accept",
      Type.CHOICE,
      Scope.RUNTIME,
      "When rspamd does not answer in time: `accept` (deliver, marked as not scanned) or"
          + " `tempfail` (451, the sender retries).",
      "accept",
      "tempfail"),
  SMTP_MAX_MESSAGE_SIZE(
      "postroom.smtp.max-message-size",
      "25MiB",
      Type.BYTES,
      Scope.RUNTIME,
      "Largest message accepted over SMTP, advertised with SIZE and enforced while reading (552"
          + " 5.3.4); nothing bigger is held in memory."),
  SMTP_MAX_RECIPIENTS(
      "postroom.smtp.max-recipients",
      "100",
      Type.POSITIVE_INT,
      Scope.RUNTIME,
      "Recipients per message; further RCPT commands get 452 4.5.3."),
  SMTP_MAX_LINE_LENGTH(
      "postroom.smtp.max-line-length",
      "998",
      Type.POSITIVE_INT,
      Scope.RUNTIME,
      "Longest line of a message in octets, without CRLF (RFC 5322 2.1.1); a longer line refuses"
          + " the message with 554 5.6.0."),
  SMTP_MAX_HOPS(
      "postroom.smtp.max-hops",
      "50",
      Type.POSITIVE_INT,
      Scope.RUNTIME,
      "More `Received:` headers than this mean a mail loop: 554 5.4.6."),
  SMTP_IDLE_TIMEOUT(
      "postroom.smtp.idle-timeout",
      "300s",
      Type.DURATION,
      Scope.RUNTIME,
      "An SMTP client that sends nothing for this long is disconnected with 421."),
  SMTP_MAX_CONNECTIONS_PER_ADDRESS(
      "postroom.smtp.max-connections-per-address",
      "20",
      Type.POSITIVE_INT,
      Scope.RUNTIME,
      "Concurrent SMTP connections from one client IP address, all SMTP ports together; more get"
          + " 421 4.7.0."),
  SMTP_MAX_CONNECTIONS(
      "postroom.smtp.max-connections",
      "500",
      Type.POSITIVE_INT,
      Scope.PROCESS,
      "Concurrent connections per SMTP port; further clients wait in the listen backlog."),
  SMTP_AUTH_MAX_FAILURES(
      "postroom.smtp.auth-max-failures",
      "10",
      Type.POSITIVE_INT,
      Scope.RUNTIME,
      "Failed SMTP AUTH attempts per client address per minute; then AUTH answers 454 4.7.0 until"
          + " the minute is over."),
  SMTP_MIN_FREE_DISK(
      "postroom.smtp.min-free-disk",
      "1GiB",
      Type.BYTES,
      Scope.RUNTIME,
      "With less free space than this in the data directory, SMTP answers 452 4.3.1 instead of"
          + " accepting mail."),
  MAIL_LOG_RETENTION(
      "postroom.maillog.retention",
      "30d",
      Type.DURATION,
      Scope.RUNTIME,
      "How long the mail log (Admin, Mail log) keeps its entries.");

  /** How a value is checked. */
  public enum Type {
    TEXT,
    SECRET,
    BOOLEAN,
    POSITIVE_INT,
    COUNT,
    PORT,
    PORT_OR_OFF,
    IP_ADDRESS,
    DOMAIN,
    HOSTNAME,
    JDBC_URL,
    HOST_PORT_LIST,
    DURATION,
    HOST_PORT,
    IPV4_ADDRESS,
    IPV6_ADDRESS,
    /** One of {@link Setting#choices()}. */
    CHOICE,
    BYTES,
    /** DNS blocklist zones, each {@code zone} or {@code zone=codes}, comma separated. */
    BLOCKLIST_ZONES,
    /** Empty, or an {@code http://} or {@code https://} URL. */
    HTTP_URL
  }

  /** Whether a key is read once at start or can change while Postroom runs. */
  public enum Scope {
    PROCESS,
    RUNTIME
  }

  private final String key;
  private final String defaultValue;
  private final Type type;
  private final Scope scope;
  private final String description;
  private final java.util.List<String> choices;

  Setting(
      String key,
      String defaultValue,
      Type type,
      Scope scope,
      String description,
      String... choices) {
    this.key = key;
    this.defaultValue = defaultValue;
    this.type = type;
    this.scope = scope;
    this.description = description;
    this.choices = java.util.List.of(choices);
  }

  /** The allowed values of a {@link Type#CHOICE} key, in the order documented. */
  public java.util.List<String> choices() {
    return choices;
  }

  public String key() {
    return key;
  }

  /** The environment variable that sets this key (MicroProfile Config's mapping rule). */
  public String envName() {
    return key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
  }

  /** The default as documented; placeholders such as {@code <domain>} are resolved by Settings. */
  public String defaultValue() {
    return defaultValue;
  }

  public Type type() {
    return type;
  }

  public Scope scope() {
    return scope;
  }

  public String description() {
    return description;
  }
}
