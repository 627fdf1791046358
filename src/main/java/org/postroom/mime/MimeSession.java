package org.postroom.mime;

import jakarta.mail.Session;
import java.util.Properties;

/** The one Jakarta Mail session for reading stored mail: lenient, so real-world mail parses. */
public final class MimeSession {
  static final String STREAM_PROVIDER_KEY = "jakarta.mail.util.StreamProvider";
  static final String ANGUS_STREAM_PROVIDER = "org.eclipse.angus.mail.util.MailStreamProvider";

  static {
    // Jakarta Mail 2.1 looks the StreamProvider up with a ServiceLoader scan of the class path in
    // every BodyPart constructor: ~1 ms per part, seconds for mail with thousands of parts. Naming
    // the implementation (Angus, which Payara ships) makes it a plain class lookup. Only set when
    // that class is really there, and never over an operator's own choice.
    if (System.getProperty(STREAM_PROVIDER_KEY) == null) {
      try {
        Class.forName(ANGUS_STREAM_PROVIDER, false, MimeSession.class.getClassLoader());
        System.setProperty(STREAM_PROVIDER_KEY, ANGUS_STREAM_PROVIDER);
      } catch (ClassNotFoundException | LinkageError e) {
        // another Jakarta Mail implementation: keep its own lookup
      }
    }
  }

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
    // a parsed multipart stays on its message: the store's summary and search words share one parse
    p.setProperty("mail.mime.cachemultipart", "true");
    return p;
  }
}
