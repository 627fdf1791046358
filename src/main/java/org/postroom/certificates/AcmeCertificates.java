package org.postroom.certificates;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.postroom.boot.AcmeFiles;
import org.postroom.config.Setting;
import org.postroom.config.Settings;
import org.postroom.db.Database;
import org.postroom.db.Sql;
import org.postroom.runtime.Lifecycle;
import org.postroom.runtime.NodeIdentity;
import org.postroom.runtime.ServerSettings;
import org.postroom.runtime.Worker;
import org.shredzone.acme4j.Account;
import org.shredzone.acme4j.AccountBuilder;
import org.shredzone.acme4j.Authorization;
import org.shredzone.acme4j.Order;
import org.shredzone.acme4j.Problem;
import org.shredzone.acme4j.Session;
import org.shredzone.acme4j.Status;
import org.shredzone.acme4j.challenge.Http01Challenge;
import org.shredzone.acme4j.connector.NetworkSettings;
import org.shredzone.acme4j.exception.AcmeException;
import org.shredzone.acme4j.provider.GenericAcmeProvider;

/**
 * Certificates by ACME (RFC 8555, acme4j) for {@code postroom.hostname} and, while MTA-STS is on,
 * {@code mta-sts.<domain>}, validated by HTTP-01 on the HTTP listener. On a {@link Worker}: each
 * round writes the newest certificate for the current names from the database into this node's
 * {@link AcmeFiles} (where {@code boot.LiveCertificate} picks it up for HTTPS, submission and the
 * MX within two seconds) and, when none exists or it is due for renewal, orders one under a lease
 * in the database, so one node orders and every node serves it. A failed order is retried after 30
 * s, doubling up to six hours; the certificate in use stays until a new one is issued.
 */
@ApplicationScoped
public class AcmeCertificates {
  private static final Logger LOG = Logger.getLogger(AcmeCertificates.class.getName());
  private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{1,200}");

  /** The longest wait between two looks at the database (a new certificate from another node). */
  private static final Duration LOOK_EVERY = Duration.ofMinutes(10);

  private static final Duration LEASE = Duration.ofMinutes(15);
  private static final Duration STEP_TIMEOUT = Duration.ofMinutes(2);

  private final AcmeRepository repo = new AcmeRepository();
  private final Worker worker = new Worker("postroom-acme", LOOK_EVERY, this::round);
  private volatile int failures;
  private volatile int wideFailures;
  private volatile Instant hostOnlyUntil = Instant.MIN;

  @Inject Database db;
  @Inject ServerSettings settings;
  @Inject NodeIdentity node;

  @Resource ManagedThreadFactory threads;

  void start(@Observes Lifecycle.Started started) {
    if (directory().isPresent()) {
      worker.start(threads);
    }
  }

  void stop(@Observes Lifecycle.Stopping stopping) {
    worker.stop(Duration.ofSeconds(5));
  }

  private Optional<String> directory() {
    return settings.process().optional(Setting.ACME_DIRECTORY);
  }

  /** The key authorization for an HTTP-01 token the CA asks about, if one is pending. */
  public Optional<String> challengeAnswer(String token) {
    if (!TOKEN.matcher(token).matches()) {
      return Optional.empty();
    }
    return db.read(c -> repo.challenge(c, token));
  }

  /** The names the certificate covers, the host name first; empty until the domain is set. */
  List<String> names() {
    List<String> names = new ArrayList<>();
    Optional<String> domain = settings.domain();
    if (domain.isEmpty()) {
      return names;
    }
    names.add(settings.hostname());
    String mtaSts = "mta-sts." + domain.get();
    if (!"off".equals(settings.get(Setting.MTA_STS_MODE)) && !names.contains(mtaSts)) {
      names.add(mtaSts);
    }
    return names;
  }

  /**
   * When a certificate is due for renewal: {@code postroom.acme.renew-before} before it expires, or
   * when a third of its lifetime is left if that comes later (short-lived certificates).
   */
  static Instant renewalTime(
      OffsetDateTime notBefore, OffsetDateTime notAfter, Duration renewBefore) {
    Duration third = Duration.between(notBefore, notAfter).dividedBy(3);
    Duration before = renewBefore.compareTo(third) < 0 ? renewBefore : third;
    return notAfter.toInstant().minus(before);
  }

  /** The wait after the n-th failure in a row: 30 s, doubling, at most six hours. */
  static Duration retryAfter(int failures) {
    long seconds = 30L << Math.min(Math.max(failures - 1, 0), 10);
    return Duration.ofSeconds(Math.min(seconds, Duration.ofHours(6).toSeconds()));
  }

  private Duration round() {
    List<String> wanted = names();
    if (wanted.isEmpty()) {
      return Duration.ofMinutes(1);
    }
    // mta-sts.<domain> may have no DNS record yet: then the host name alone for a while
    List<String> names =
        wanted.size() > 1 && Instant.now().isBefore(hostOnlyUntil) ? wanted.subList(0, 1) : wanted;
    String key = String.join(",", names);
    Duration renewBefore = settings.process().duration(Setting.ACME_RENEW_BEFORE);
    try {
      Optional<AcmeRepository.Issued> latest = db.read(c -> repo.latest(c, key));
      if (latest.isPresent()) {
        install(latest.get());
        Instant due = renewalTime(latest.get().notBefore(), latest.get().notAfter(), renewBefore);
        if (Instant.now().isBefore(due)) {
          failures = 0;
          return shorter(Duration.between(Instant.now(), due));
        }
      }
      ensureAccount();
      OffsetDateTime now = Sql.now();
      if (!db.transaction(c -> repo.claim(c, node.name(), now, now.plus(LEASE)))) {
        return Duration.ofMinutes(1); // another node is ordering; its certificate comes next round
      }
      try {
        AcmeRepository.Issued issued = order(names);
        long id =
            db.transaction(
                c ->
                    repo.insertCertificate(
                        c,
                        key,
                        issued.chainPem(),
                        issued.keyPem(),
                        issued.notBefore(),
                        issued.notAfter(),
                        Sql.now()));
        install(issued);
        failures = 0;
        if (names.size() > 1) {
          wideFailures = 0;
        }
        LOG.info(
            "postroom: ACME certificate "
                + id
                + " for "
                + key
                + " issued, valid until "
                + issued.notAfter());
        return shorter(
            Duration.between(
                Instant.now(), renewalTime(issued.notBefore(), issued.notAfter(), renewBefore)));
      } finally {
        db.run(c -> repo.release(c, node.name()));
      }
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      if (names.size() > 1) {
        Duration wait = retryAfter(++wideFailures);
        hostOnlyUntil = Instant.now().plus(wait);
        LOG.warning(
            "postroom: no ACME certificate for "
                + key
                + " ("
                + e.getMessage()
                + "); trying "
                + names.getFirst()
                + " alone, and all names again in "
                + wait.toSeconds()
                + " s");
        return Duration.ZERO;
      }
      int n = ++failures;
      Duration wait = retryAfter(n);
      LOG.warning(
          "postroom: no ACME certificate for "
              + key
              + " (attempt "
              + n
              + ", next in "
              + wait.toSeconds()
              + " s): "
              + e.getMessage());
      return wait;
    }
  }

  private static Duration shorter(Duration d) {
    if (d.isNegative()) {
      return Duration.ZERO;
    }
    return d.compareTo(LOOK_EVERY) < 0 ? d : LOOK_EVERY;
  }

  private void ensureAccount() throws GeneralSecurityException {
    if (db.read(c -> repo.accountKey(c)).isPresent()) {
      return;
    }
    KeyPair pair = rsa();
    Base64.Encoder b64 = Base64.getEncoder();
    AcmeRepository.AccountKey key =
        new AcmeRepository.AccountKey(
            b64.encodeToString(pair.getPrivate().getEncoded()),
            b64.encodeToString(pair.getPublic().getEncoded()));
    // a node racing this one loses on the primary key; its round fails and retries in 30 s
    db.run(c -> repo.insertAccount(c, key));
  }

  private KeyPair accountKeyPair() throws GeneralSecurityException {
    AcmeRepository.AccountKey k =
        db.read(c -> repo.accountKey(c)).orElseThrow(() -> new IllegalStateException("no account"));
    KeyFactory rsa = KeyFactory.getInstance("RSA");
    Base64.Decoder b64 = Base64.getDecoder();
    return new KeyPair(
        rsa.generatePublic(new X509EncodedKeySpec(b64.decode(k.publicKey()))),
        rsa.generatePrivate(new PKCS8EncodedKeySpec(b64.decode(k.privateKey()))));
  }

  private static KeyPair rsa() throws GeneralSecurityException {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    return g.generateKeyPair();
  }

  /** One order, start to finish: account, HTTP-01 for every name, CSR, the chain. */
  private AcmeRepository.Issued order(List<String> names)
      throws AcmeException, GeneralSecurityException, IOException, InterruptedException {
    Settings process = settings.process();
    URI directory = URI.create(directory().orElseThrow());
    Session session =
        process.optional(Setting.ACME_TRUST).isPresent()
            ? new Session(directory, new TrustingProvider(trust(process)))
            : new Session(directory);
    String email =
        process
            .optional(Setting.ACME_EMAIL)
            .orElse("postmaster@" + settings.domain().orElseThrow());
    Account account =
        new AccountBuilder()
            .agreeToTermsOfService()
            .addEmail(email)
            .useKeyPair(accountKeyPair())
            .create(session);
    Order order = account.newOrder().domains(names).create();
    for (Authorization auth : order.getAuthorizations()) {
      if (auth.getStatus() == Status.VALID) {
        continue;
      }
      String name = auth.getIdentifier().getDomain();
      Http01Challenge challenge =
          auth.findChallenge(Http01Challenge.class)
              .orElseThrow(() -> new IOException("the CA offers no HTTP-01 check for " + name));
      db.run(
          c -> repo.putChallenge(c, challenge.getToken(), challenge.getAuthorization(), Sql.now()));
      try {
        answersLocally(challenge.getToken(), challenge.getAuthorization());
        challenge.trigger();
        Status s = challenge.waitForCompletion(STEP_TIMEOUT);
        if (s != Status.VALID) {
          throw new IOException(
              "the CA could not check "
                  + name
                  + ": "
                  + challenge.getError().map(Problem::toString).orElse(s.name()));
        }
      } finally {
        db.run(c -> repo.deleteChallenge(c, challenge.getToken(), Sql.now()));
      }
    }
    KeyPair domainKey = rsa();
    order.execute(Csr.of(names, domainKey));
    Status s = order.waitForCompletion(STEP_TIMEOUT);
    if (s != Status.VALID) {
      throw new IOException(
          "the CA did not issue: " + order.getError().map(Problem::toString).orElse(s.name()));
    }
    List<X509Certificate> chain = order.getCertificate().getCertificateChain();
    StringBuilder pem = new StringBuilder();
    for (X509Certificate x : chain) {
      pem.append(pem("CERTIFICATE", x.getEncoded()));
    }
    X509Certificate leaf = chain.getFirst();
    return new AcmeRepository.Issued(
        0,
        pem.toString(),
        pem("PRIVATE KEY", domainKey.getPrivate().getEncoded()),
        OffsetDateTime.ofInstant(leaf.getNotBefore().toInstant(), ZoneOffset.UTC),
        OffsetDateTime.ofInstant(leaf.getNotAfter().toInstant(), ZoneOffset.UTC));
  }

  /**
   * Waits (at most a minute) until this node's own HTTP listener answers the challenge, so the CA
   * is not asked before the web application serves it (the first round runs while it deploys).
   */
  private void answersLocally(String token, String expected)
      throws IOException, InterruptedException {
    Settings process = settings.process();
    String host = process.bindAddress();
    if (host.equals("0.0.0.0") || host.equals("::")) {
      host = "127.0.0.1";
    }
    URI uri =
        URI.create(
            "http://"
                + (host.contains(":") ? "[" + host + "]" : host)
                + ":"
                + process.integer(Setting.HTTP_PORT)
                + "/.well-known/acme-challenge/"
                + token);
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
    String last = "no answer";
    while (System.nanoTime() < deadline && worker.isRunning()) {
      try {
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200 && r.body().equals(expected)) {
          return;
        }
        last = "HTTP " + r.statusCode();
      } catch (IOException e) {
        last = e.toString();
      }
      Thread.sleep(500);
    }
    throw new IOException(uri + " does not answer the challenge (" + last + ")");
  }

  /** Writes the certificate into this node's files when they hold another (owner only). */
  private void install(AcmeRepository.Issued issued) throws IOException {
    AcmeFiles files = AcmeFiles.in(settings.process().dataDir());
    if (same(files.key(), issued.keyPem()) && same(files.certificate(), issued.chainPem())) {
      return;
    }
    Files.createDirectories(files.directory());
    // the key first: until the chain follows, the live certificate refuses the mismatched pair
    write(files.key(), issued.keyPem());
    write(files.certificate(), issued.chainPem());
    LOG.info("postroom: ACME certificate written to " + files.certificate());
  }

  private static boolean same(Path file, String content) throws IOException {
    return Files.isRegularFile(file) && Files.readString(file).equals(content);
  }

  private static void write(Path file, String content) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".new");
    Files.deleteIfExists(tmp);
    if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      Files.createFile(
          tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    }
    Files.writeString(tmp, content, StandardCharsets.US_ASCII);
    try {
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }

  /** An SSL context trusting the CA certificates of the {@code postroom.acme.trust} PEM file. */
  private static SSLContext trust(Settings process) throws IOException, GeneralSecurityException {
    Path file = Path.of(process.optional(Setting.ACME_TRUST).orElseThrow());
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    try (InputStream in = Files.newInputStream(file)) {
      int i = 0;
      for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        store.setCertificateEntry("ca" + i++, c);
      }
      if (i == 0) {
        throw new IOException(file + " holds no certificate");
      }
    }
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(store);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, tmf.getTrustManagers(), null);
    return ctx;
  }

  /** acme4j's generic provider talking HTTPS with {@code postroom.acme.trust}'s CAs. */
  private static final class TrustingProvider extends GenericAcmeProvider {
    private final SSLContext ssl;

    TrustingProvider(SSLContext ssl) {
      this.ssl = ssl;
    }

    @Override
    public HttpClient createHttpClient(NetworkSettings network) {
      return HttpClient.newBuilder()
          .sslContext(ssl)
          .connectTimeout(network.getTimeout())
          .followRedirects(HttpClient.Redirect.NORMAL)
          .build();
    }
  }
}
