package org.postroom.smtp;

import java.util.Locale;

/** The three SMTP ports and what each one asks of its clients. */
public enum Channel {
  /** The domain's MX (port 25): mail for our addresses only, no AUTH. */
  MX,
  /** Submission with STARTTLS (port 587): TLS, then AUTH, then any recipient. */
  SUBMISSION,
  /** Submission over implicit TLS (port 465, RFC 8314). */
  SUBMISSIONS;

  /** Whether clients must authenticate before MAIL (and may then relay). */
  public boolean isSubmission() {
    return this != MX;
  }

  /** The name in the mail log and the server log. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
