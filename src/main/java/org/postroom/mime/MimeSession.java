package org.postroom.mime;

import jakarta.mail.Session;
import java.util.Properties;

/** The one Jakarta Mail session for reading stored mail: lenient, so real-world mail parses. */
public final class MimeSession {
  private static final Session SESSION = Session.getInstance(lenientProperties());

  private MimeSession() {}

  public static Session get() {
    return SESSION;
  }

  /** Jakarta Mail settings that accept real-world mail rather than only well-formed mail. */
  public static Properties lenientProperties() {
    Properties p = new Properties();
    p.setProperty("mail.mime.address.strict", "false");
    p.setProperty("mail.mime.decodetext.strict", "false");
    p.setProperty("mail.mime.parameters.strict", "false");
    p.setProperty("mail.mime.decodeparameters", "true");
    p.setProperty("mail.mime.decodefilename", "true");
    p.setProperty("mail.mime.base64.ignoreerrors", "true");
    p.setProperty("mail.mime.multipart.ignoremissingendboundary", "true");
    p.setProperty("mail.mime.multipart.allowempty", "true");
    p.setProperty("mail.mime.ignoreunknownencoding", "true");
    return p;
  }
}
