package org.postroom.mime;

import java.util.Base64;
import java.util.Locale;
import java.util.Optional;

/**
 * The HTML body of a message ready for the sandboxed frame: sanitised, remote content blocked
 * unless allowed, and {@code cid:} images inlined as data: URLs. Inlining means the frame (which
 * has no same-origin, so no session cookie) needs no further request to our server.
 */
public final class MessageHtml {
  /** Inline images larger than this (decoded) are left out rather than inlined. */
  static final int MAX_INLINE_IMAGE = 5 * 1024 * 1024;

  private MessageHtml() {}

  public static HtmlSanitizer.Sanitized render(byte[] raw, ReadMessage r, boolean allowRemote) {
    return HtmlSanitizer.sanitize(r.html(), allowRemote, cid -> dataUrl(raw, r, cid));
  }

  private static String dataUrl(byte[] raw, ReadMessage r, String cid) {
    String wanted = cid.strip().toLowerCase(Locale.ROOT);
    Optional<MailPart> part =
        r.parts().stream()
            .filter(p -> p.contentId() != null)
            .filter(p -> p.contentId().toLowerCase(Locale.ROOT).equals(wanted))
            .filter(MailPart::isViewableImage)
            .findFirst();
    if (part.isEmpty()) {
      return null;
    }
    return MimeReader.part(raw, part.get().index())
        .filter(pc -> pc.bytes().length <= MAX_INLINE_IMAGE)
        .map(
            pc ->
                "data:"
                    + pc.part().contentType()
                    + ";base64,"
                    + Base64.getEncoder().encodeToString(pc.bytes()))
        .orElse(null);
  }

  /** A complete document for the frame around sanitised body HTML. */
  public static String document(String bodyHtml) {
    return "<!DOCTYPE html><html><head><meta charset=\"utf-8\">"
        + "<meta name=\"referrer\" content=\"no-referrer\"><base target=\"_blank\">"
        + "<style>body{font-family:system-ui,sans-serif;font-size:15px;line-height:1.45;"
        + "margin:8px;color:#1d2330;overflow-wrap:anywhere}img{max-width:100%;height:auto}"
        + "table{max-width:100%}pre{white-space:pre-wrap}</style></head><body>"
        + bodyHtml
        + "</body></html>";
  }
}
