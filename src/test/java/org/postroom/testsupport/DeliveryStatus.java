package org.postroom.testsupport;

import jakarta.mail.BodyPart;
import jakarta.mail.Session;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * A delivery status notification (RFC 3464) taken apart with Jakarta Mail's MIME parser, so tests
 * can check it field by field: the message's own headers, the readable part, the per-message and
 * per-recipient fields of the {@code message/delivery-status} part, and the returned headers.
 */
public record DeliveryStatus(
    MimeMessage message,
    String reportType,
    String text,
    Fields perMessage,
    List<Fields> perRecipient,
    String returnedHeaders) {

  public static DeliveryStatus parse(byte[] raw) {
    try {
      MimeMessage m =
          new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(raw));
      ContentType type = new ContentType(m.getContentType());
      if (!type.match("multipart/report")) {
        throw new AssertionError("not a multipart/report but " + m.getContentType());
      }
      MimeMultipart mp = new MimeMultipart(m.getDataHandler().getDataSource());
      if (mp.getCount() != 3) {
        throw new AssertionError("a report has three parts, this one " + mp.getCount());
      }
      BodyPart human = mp.getBodyPart(0);
      BodyPart status = mp.getBodyPart(1);
      BodyPart headers = mp.getBodyPart(2);
      if (!human.isMimeType("text/plain")
          || !status.isMimeType("message/delivery-status")
          || !headers.isMimeType("text/rfc822-headers")) {
        throw new AssertionError(
            "parts: "
                + human.getContentType()
                + ", "
                + status.getContentType()
                + ", "
                + headers.getContentType());
      }
      List<Fields> blocks = new ArrayList<>();
      try (InputStream in = status.getInputStream()) {
        // blocks of header-like fields separated by blank lines
        for (String block :
            new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\r?\n\r?\n")) {
          if (!block.isBlank()) {
            blocks.add(
                new Fields(
                    new InternetHeaders(
                        new ByteArrayInputStream(
                            (block + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII)))));
          }
        }
      }
      String returned;
      try (InputStream in = headers.getInputStream()) {
        returned = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      String text;
      try (InputStream in = human.getInputStream()) {
        text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      return new DeliveryStatus(
          m,
          type.getParameter("report-type"),
          text,
          blocks.get(0),
          blocks.subList(1, blocks.size()),
          returned);
    } catch (Exception e) {
      throw new AssertionError("not a readable delivery status notification: " + e, e);
    }
  }

  /** One block of the delivery-status part; values come unfolded. */
  public record Fields(InternetHeaders headers) {
    /** The field's value with folding undone, or null when absent. */
    public String get(String name) {
      String v = headers.getHeader(name, null);
      return v == null ? null : v.replaceAll("\r?\n(?=[ \t])", "");
    }
  }

  /** The per-recipient fields of one recipient (by Final-Recipient), or an error. */
  public Fields recipient(String address) {
    for (Fields h : perRecipient) {
      String fr = h.get("Final-Recipient");
      if (fr != null && fr.equalsIgnoreCase("rfc822; " + address)) {
        return h;
      }
    }
    throw new AssertionError(
        "no Final-Recipient " + address + " in " + perRecipient.size() + " blocks");
  }

  public String header(String name) {
    try {
      return message.getHeader(name, null);
    } catch (jakarta.mail.MessagingException e) {
      throw new AssertionError(e);
    }
  }
}
