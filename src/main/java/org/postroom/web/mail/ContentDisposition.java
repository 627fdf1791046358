package org.postroom.web.mail;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** RFC 6266 Content-Disposition with an ASCII fallback and the UTF-8 name (RFC 8187). */
final class ContentDisposition {
  private ContentDisposition() {}

  static String of(String type, String fileName) {
    String name = safeName(fileName);
    StringBuilder ascii = new StringBuilder();
    for (char c : name.toCharArray()) {
      ascii.append(c >= 0x20 && c < 0x7f && c != '"' && c != '\\' && c != '%' ? c : '_');
    }
    String encoded = URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
    return type + "; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded;
  }

  /** A file name without directories or control characters, never empty. */
  static String safeName(String fileName) {
    String n = fileName == null ? "" : fileName.replaceAll(".*[/\\\\]", "");
    n = n.replaceAll("[\\p{Cntrl}]", "_").strip();
    if (n.isEmpty() || n.equals(".") || n.equals("..")) {
      n = "attachment";
    }
    return n.length() > 150 ? n.substring(0, 150) : n;
  }
}
