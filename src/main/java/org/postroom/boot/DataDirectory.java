package org.postroom.boot;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;

/**
 * The data directory holds the mail database, keys and certificates: only its owner may read it,
 * whatever the umask. The directory and every directory in it are {@code 0700}, every file {@code
 * 0600}; applied before Payara starts and again once the database exists (H2 creates its files with
 * the process's umask). Payara's unpacked runtime under {@code tmp/} is left as it is, inside a
 * {@code 0700} directory nobody else can enter.
 */
public final class DataDirectory {
  private DataDirectory() {}

  /** The configured data directory, owner only. */
  public static void restrict(org.postroom.config.Settings settings) throws IOException {
    restrict(settings.dataDir());
  }

  /** Sets the modes; a no-op on file systems without POSIX permissions. */
  public static void restrict(Path data) throws IOException {
    if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
        || !Files.isDirectory(data)) {
      return;
    }
    Path tmp = data.resolve("tmp");
    try (Stream<Path> all = Files.walk(data)) {
      for (Path p : (Iterable<Path>) all::iterator) {
        if (Files.isSymbolicLink(p)) {
          continue;
        }
        if (p.startsWith(tmp) && !p.equals(tmp)) {
          continue;
        }
        boolean dir = Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS);
        try {
          Files.setPosixFilePermissions(
              p, PosixFilePermissions.fromString(dir ? "rwx------" : "rw-------"));
        } catch (IOException gone) {
          // a file removed while we walked (a spool file, H2's temporary file): nothing to protect
        }
      }
    }
  }
}
