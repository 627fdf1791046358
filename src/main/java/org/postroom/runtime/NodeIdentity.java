package org.postroom.runtime;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;

/**
 * This node's one name for the claims and leases it writes into the database (the relay's
 * recipients, the webmail's held messages). It is kept in the data directory, so a node that
 * restarts after a stop or a crash knows its old claims and frees them at once instead of waiting
 * for them to run out; another node takes them only once they have.
 */
@ApplicationScoped
public class NodeIdentity {
  /** The file in the data directory (named when only the relay used it; kept for upgrades). */
  static final String FILE = "relay-node";

  @Inject ServerSettings settings;

  private String name;
  private final AtomicLong counter = new AtomicLong();

  protected NodeIdentity() {
    // for CDI
  }

  /** For code outside the container: a fixed name. */
  public NodeIdentity(String name) {
    this.name = name;
  }

  @PostConstruct
  void load() {
    name = load(settings.process().dataDir());
  }

  /** 16 hex digits, the same across restarts of this node. */
  public String name() {
    return name;
  }

  /** A new lease token of this node: its name, a colon, a number (see {@link #tokenPrefix()}). */
  public String newToken() {
    return name + ":" + counter.incrementAndGet();
  }

  /** What every token of this node starts with, to free them all at start. */
  public String tokenPrefix() {
    return name + ":";
  }

  static String load(Path dataDir) {
    Path file = dataDir.resolve(FILE);
    try {
      if (Files.isRegularFile(file)) {
        String n = Files.readString(file, StandardCharsets.US_ASCII).strip();
        if (n.matches("[0-9a-f]{16}")) {
          return n;
        }
      }
      byte[] b = new byte[8];
      new SecureRandom().nextBytes(b);
      String n = HexFormat.of().formatHex(b);
      Files.createDirectories(dataDir);
      Files.writeString(file, n + "\n", StandardCharsets.US_ASCII);
      return n;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot keep this node's name in " + file, e);
    }
  }
}
