package org.postroom.spam;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.postroom.mime.MailPart;
import org.postroom.mime.MimeReader;
import org.postroom.mime.ReadMessage;

/**
 * Finds executables and scripts among a message's attachments, also inside zip archives (one level
 * deep, at most {@value #MAX_ENTRIES} entries): the file types Gmail blocks, by name. A name is
 * what a mail program shows and what the user's system runs on a double click, so the name decides,
 * not the declared type.
 */
public final class DangerousAttachments {
  static final int MAX_ENTRIES = 1000;

  /** Gmail's list of blocked file types (support.google.com/mail/answer/6590). */
  static final Set<String> EXTENSIONS =
      Set.of(
          "ade",
          "adp",
          "apk",
          "appx",
          "appxbundle",
          "bat",
          "cab",
          "chm",
          "cmd",
          "com",
          "cpl",
          "diagcab",
          "diagcfg",
          "diagpack",
          "dll",
          "dmg",
          "ex",
          "ex_",
          "exe",
          "hta",
          "img",
          "ins",
          "iso",
          "isp",
          "jar",
          "jnlp",
          "js",
          "jse",
          "lib",
          "lnk",
          "mde",
          "msc",
          "msi",
          "msix",
          "msixbundle",
          "msp",
          "mst",
          "nsh",
          "pif",
          "ps1",
          "scr",
          "sct",
          "shb",
          "sys",
          "vb",
          "vbe",
          "vbs",
          "vhd",
          "vxd",
          "wsc",
          "wsf",
          "wsh",
          "xll");

  private DangerousAttachments() {}

  /** The first dangerous attachment ({@code name}, or {@code archive.zip: name}), if any. */
  public static Optional<String> find(byte[] raw) {
    ReadMessage read = MimeReader.read(raw);
    for (MailPart p : read.parts()) {
      String name = p.fileName() == null ? "" : p.fileName();
      if (isDangerous(name)) {
        return Optional.of(printable(name));
      }
      if (isZip(name, p.contentType())) {
        Optional<String> inside =
            MimeReader.part(raw, p.index()).flatMap(c -> insideZip(c.bytes()));
        if (inside.isPresent()) {
          return Optional.of(printable(name) + ": " + printable(inside.get()));
        }
      }
    }
    return Optional.empty();
  }

  static boolean isDangerous(String fileName) {
    String n = fileName.strip().toLowerCase(Locale.ROOT);
    while (n.endsWith(".") || n.endsWith(" ")) {
      n = n.substring(0, n.length() - 1); // Windows drops trailing dots and spaces
    }
    int dot = n.lastIndexOf('.');
    return dot >= 0 && EXTENSIONS.contains(n.substring(dot + 1));
  }

  private static boolean isZip(String name, String type) {
    return name.toLowerCase(Locale.ROOT).endsWith(".zip")
        || (type != null && type.toLowerCase(Locale.ROOT).startsWith("application/zip"))
        || (type != null && type.toLowerCase(Locale.ROOT).startsWith("application/x-zip"));
  }

  private static Optional<String> insideZip(byte[] zip) {
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
      ZipEntry e;
      int n = 0;
      while ((e = in.getNextEntry()) != null && n++ < MAX_ENTRIES) {
        String name = e.getName();
        String base = name.substring(name.lastIndexOf('/') + 1);
        if (isDangerous(base)) {
          return Optional.of(name);
        }
      }
    } catch (IOException | IllegalArgumentException e) {
      // not a zip that reads: nothing inside to find
    }
    return Optional.empty();
  }

  private static String printable(String s) {
    String p = s.replaceAll("[^\\x20-\\x7e]", "?");
    return p.length() > 100 ? p.substring(0, 100) + "..." : p;
  }
}
