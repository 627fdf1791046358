package org.postroom.boot;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.postroom.config.ConfigException;
import org.postroom.config.ConfigLookup;
import org.postroom.config.Setting;
import org.postroom.config.Settings;

/**
 * Entry point of {@code postroom.jar}. Checks the configuration and that every port can be bound
 * <em>before</em> Payara Micro starts, then starts Payara Micro with matching options, and finally
 * exits non-zero if the application did not come up (Payara Micro alone prints "ready" even when
 * the deployment failed). Uses only the JDK: Payara's classes are not loaded until the checks pass.
 */
public final class Launcher {
  /** System property the application sets once it is up ({@code running}) or failed. */
  public static final String STATUS_PROPERTY = "postroom.status";

  private static final PrintStream ERR = System.err;

  private Launcher() {}

  public static void main(String[] args) {
    Settings settings;
    try {
      settings = Settings.load(ConfigLookup.environment());
      prepare(settings);
    } catch (ConfigException e) {
      ERR.println("postroom: configuration error: " + e.getMessage());
      System.exit(2);
      return;
    } catch (IOException | RuntimeException e) {
      ERR.println("postroom: cannot start: " + e.getMessage());
      System.exit(2);
      return;
    }
    List<String> payaraArgs = payaraArguments(settings, args);
    try {
      Class.forName("fish.payara.micro.boot.PayaraMicroLauncher")
          .getMethod("main", String[].class)
          .invoke(null, (Object) payaraArgs.toArray(String[]::new));
    } catch (InvocationTargetException e) {
      ERR.println("postroom: Payara Micro failed to start: " + e.getCause());
      Runtime.getRuntime().halt(1);
    } catch (ReflectiveOperationException e) {
      ERR.println("postroom: not started from postroom.jar (" + e + ")");
      System.exit(1);
    }
    String status = System.getProperty(STATUS_PROPERTY, "failed: the application was not deployed");
    if (!status.equals("running")) {
      ERR.println("postroom: start failed: " + status.replaceFirst("^failed: ", ""));
      System.exit(1);
    }
    System.out.println(
        "postroom: ready on http://"
            + displayHost(settings)
            + ":"
            + settings.integer(Setting.HTTP_PORT)
            + "/");
  }

  /**
   * Everything that must hold before Payara starts: a writable data directory, free ports, a TLS
   * keystore, and the resolved database settings handed to the application as system properties.
   */
  static void prepare(Settings settings) throws IOException {
    Path data = settings.dataDir();
    try {
      Files.createDirectories(data);
      Path probe = Files.createTempFile(data, ".write", ".probe");
      Files.delete(probe);
    } catch (IOException e) {
      throw new ConfigException(Setting.DATA_DIR, "cannot write to " + data + " (" + e + ")");
    }
    checkPortsFree(settings);
    TlsKeystore keystore = TlsKeystore.ensure(settings);
    LiveCertificate.install(certificateSource(settings, keystore));
    useTempDirectory(data.resolve("tmp"));
    DataDirectory.restrict(data);
    // the application reads these through MicroProfile Config (system properties win there too)
    System.setProperty(Setting.DATA_DIR.key(), data.toString());
    System.setProperty(Setting.DB_URL.key(), settings.text(Setting.DB_URL));
    System.setProperty(Setting.DB_USER.key(), settings.text(Setting.DB_USER));
    System.setProperty(Setting.DB_PASSWORD.key(), settings.text(Setting.DB_PASSWORD));
    System.setProperty("postroom.db.datasource-class", settings.dataSourceClass());
    // Jakarta Mail looks its stream provider up with a ServiceLoader scan for every message part
    // unless this names it; the scan was an eighth of the CPU of receiving a small message
    System.getProperties()
        .putIfAbsent(
            "jakarta.mail.util.StreamProvider", "org.eclipse.angus.mail.util.MailStreamProvider");
  }

  /**
   * The PEM pair when one is configured (Payara's listener still gets the keystore as its formal
   * configuration, but presents what {@link LiveCertificate} serves), else the keystore.
   */
  static LiveCertificate.Source certificateSource(Settings settings, TlsKeystore keystore) {
    var cert = settings.optional(Setting.TLS_CERTIFICATE);
    var key = settings.optional(Setting.TLS_KEY);
    boolean acme = settings.optional(Setting.ACME_DIRECTORY).isPresent();
    if (acme && (cert.isPresent() || key.isPresent())) {
      throw new ConfigException(
          Setting.ACME_DIRECTORY, "set either ACME or postroom.tls.certificate, not both");
    }
    if (cert.isEmpty() && key.isEmpty()) {
      LiveCertificate.Source self = LiveCertificate.keystore(keystore.path(), keystore.password());
      if (acme) {
        // the self-signed certificate until the first issuance, then ACME's
        AcmeFiles files = AcmeFiles.in(settings.dataDir());
        return LiveCertificate.preferring(files.certificate(), files.key(), self);
      }
      return self;
    }
    if (cert.isEmpty() || key.isEmpty()) {
      Setting missing = cert.isEmpty() ? Setting.TLS_CERTIFICATE : Setting.TLS_KEY;
      throw new ConfigException(
          missing, "set postroom.tls.certificate and postroom.tls.key together");
    }
    if (settings.optional(Setting.TLS_KEYSTORE).isPresent()) {
      throw new ConfigException(
          Setting.TLS_CERTIFICATE, "set either PEM files or postroom.tls.keystore, not both");
    }
    Path c = Path.of(cert.get()).toAbsolutePath();
    Path k = Path.of(key.get()).toAbsolutePath();
    try {
      PemFiles.read(c, k);
    } catch (IOException e) {
      throw new ConfigException(Setting.TLS_CERTIFICATE, e.getMessage());
    }
    return LiveCertificate.pem(c, k);
  }

  /**
   * Payara Micro unpacks ~100 MB of runtime into the temp directory on every start and cannot clean
   * up after {@code kill -9}; inside the data directory, leftovers of a killed run are removed
   * here.
   */
  static void useTempDirectory(Path tmp) throws IOException {
    if (Files.isDirectory(tmp)) {
      try (var old = Files.walk(tmp)) {
        old.sorted(java.util.Comparator.reverseOrder())
            .filter(p -> !p.equals(tmp))
            .forEach(p -> p.toFile().delete());
      }
    }
    Files.createDirectories(tmp);
    System.setProperty("java.io.tmpdir", tmp.toString());
  }

  static void checkPortsFree(Settings settings) {
    InetAddress bind;
    try {
      bind = InetAddress.getByName(settings.bindAddress());
    } catch (IOException e) {
      throw new ConfigException(Setting.BIND_ADDRESS, e.getMessage());
    }
    Map<Setting, Integer> ports = settings.enabledPorts();
    for (Map.Entry<Setting, Integer> e : ports.entrySet()) {
      for (Map.Entry<Setting, Integer> other : ports.entrySet()) {
        if (other.getKey().ordinal() < e.getKey().ordinal()
            && other.getValue().equals(e.getValue())) {
          throw new ConfigException(
              e.getKey(), "port " + e.getValue() + " is also used by " + other.getKey().key());
        }
      }
      try (ServerSocket s = new ServerSocket()) {
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(bind, e.getValue()));
      } catch (IOException ex) {
        throw new ConfigException(
            e.getKey(),
            "cannot listen on "
                + settings.bindAddress()
                + ":"
                + e.getValue()
                + " ("
                + ex.getMessage()
                + ")");
      }
    }
  }

  /** Payara Micro's command line for these settings; extra arguments from the user come last. */
  /** The system property Payara's HTTPS listener reads the keystore password from. */
  static final String KEYSTORE_PASSWORD_PROPERTY = "postroom.internal.keystore-password";

  static List<String> payaraArguments(Settings settings, String[] extra) {
    Path run = settings.dataDir().resolve("run");
    List<String> a = new ArrayList<>();
    if (!settings.flag(Setting.CLUSTER)) {
      // no Hazelcast at all (--nocluster would still start a one-member data grid: 2 s of boot);
      // Postroom keeps its state in the database and uses no EJB timers, which this turns off
      a.add("--nohazelcast");
    }
    a.add("--disablephonehome");
    a.add("--port");
    a.add(String.valueOf(settings.integer(Setting.HTTP_PORT)));
    int https = settings.integer(Setting.HTTPS_PORT);
    if (https > 0) {
      a.add("--sslport");
      a.add(String.valueOf(https));
    }
    a.add("--prebootcommandfile");
    a.add(writePreboot(settings, run).toString());
    a.add("--logproperties");
    a.add(writeLogging(run, colourTerminal()).toString());
    a.addAll(List.of(extra));
    return a;
  }

  private static Path writePreboot(Settings settings, Path run) {
    String listeners = "configs.config.server-config.network-config.network-listeners";
    String ssl =
        "configs.config.server-config.network-config.protocols.protocol.https-listener.ssl";
    List<String> lines = new ArrayList<>();
    lines.add(
        "set " + listeners + ".network-listener.http-listener.address=" + settings.bindAddress());
    // Payara's /metrics (JVM figures) would answer anyone on both listeners: off
    lines.add("set configs.config.server-config.microprofile-metrics-configuration.enabled=false");
    if (settings.integer(Setting.HTTPS_PORT) > 0) {
      TlsKeystore tls = TlsKeystore.of(settings);
      lines.add(
          "set "
              + listeners
              + ".network-listener.https-listener.address="
              + settings.bindAddress());
      lines.add("set " + ssl + ".key-store=" + tls.path());
      // never the password itself: Payara logs every boot command; it reads the system property
      System.setProperty(KEYSTORE_PASSWORD_PROPERTY, tls.password());
      lines.add("set " + ssl + ".key-store-password=${" + KEYSTORE_PASSWORD_PROPERTY + "}");
      lines.add("set " + ssl + ".cert-nickname=" + tls.alias());
    }
    return writeRunFile(run, "preboot.txt", String.join("\n", lines) + "\n");
  }

  /** A file of {@code <data.dir>/run}, readable by the owner only. */
  private static Path writeRunFile(Path run, String name, String content) {
    try {
      Files.createDirectories(run);
      Path file = run.resolve(name);
      Files.writeString(file, content, StandardCharsets.UTF_8);
      DataDirectory.restrict(run);
      return file;
    } catch (IOException e) {
      throw new ConfigException(Setting.DATA_DIR, "cannot write " + run + " (" + e + ")");
    }
  }

  /**
   * Payara Micro's own logging configuration with colours only for a terminal: written to a file or
   * the journal, ANSI codes are noise (and break {@code grep key=value}).
   */
  static Path writeLogging(Path run, boolean colour) {
    String props;
    try (var in = Launcher.class.getResourceAsStream("/MICRO-INF/domain/logging.properties")) {
      props =
          in == null
              ? "handlers=java.util.logging.ConsoleHandler\n"
                  + "java.util.logging.ConsoleHandler.formatter="
                  + "com.sun.enterprise.server.logging.ODLLogFormatter\n"
                  + ".level=INFO\n"
              : new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ConfigException(Setting.DATA_DIR, "cannot read Payara's logging.properties: " + e);
    }
    props = props.replaceAll("(?m)^.*\\.ansiColor=.*$\\R?", "");
    props +=
        "\ncom.sun.enterprise.server.logging.ODLLogFormatter.ansiColor="
            + colour
            + "\ncom.sun.enterprise.server.logging.UniformLogFormatter.ansiColor="
            + colour
            + "\n";
    return writeRunFile(run, "logging.properties", props);
  }

  /**
   * True when standard output is an interactive terminal and {@code NO_COLOR} is not set. Java 22+
   * returns a console even for a pipe and says with {@code isTerminal()}; on 21 a console exists
   * only for a terminal.
   */
  static boolean colourTerminal() {
    String noColour = System.getenv("NO_COLOR");
    if (noColour != null && !noColour.isEmpty()) {
      return false;
    }
    java.io.Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
    } catch (ReflectiveOperationException e) {
      return true;
    }
  }

  private static String displayHost(Settings settings) {
    String bind = settings.bindAddress();
    return bind.equals("0.0.0.0") || bind.equals("::") ? "localhost" : bind;
  }
}
