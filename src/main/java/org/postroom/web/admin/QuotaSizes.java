package org.postroom.web.admin;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Quotas are bytes in the store and API, megabytes (MiB) in the admin pages; 0 is no limit. */
final class QuotaSizes {
  private static final BigDecimal MIB = BigDecimal.valueOf(1024L * 1024L);

  private QuotaSizes() {}

  static BigDecimal toMegabytes(long bytes) {
    return BigDecimal.valueOf(bytes).divide(MIB, 1, RoundingMode.HALF_UP).stripTrailingZeros();
  }

  static long toBytes(BigDecimal megabytes) {
    return megabytes == null
        ? 0
        : megabytes.multiply(MIB).setScale(0, RoundingMode.HALF_UP).longValueExact();
  }

  /** What the quota field shows: "500", "0.5", never "5E+2". */
  static String field(long bytes) {
    return toMegabytes(bytes).toPlainString();
  }

  /**
   * The bytes of what was typed in a quota field ("500", "0,5"), or -1 when it is not a size in MB
   * (which the account service then refuses with its other field errors).
   */
  static long parse(String typed) {
    if (typed == null || typed.isBlank()) {
      return 0;
    }
    try {
      BigDecimal mb = new BigDecimal(typed.strip().replace(',', '.'));
      if (mb.signum() < 0 || mb.compareTo(BigDecimal.valueOf(1L << 33)) > 0) {
        return -1;
      }
      return toBytes(mb);
    } catch (NumberFormatException | ArithmeticException e) {
      return -1;
    }
  }

  /** "12.5 MB of 500 MB", "12.5 MB (no limit)", in the page's language. */
  static String describe(long usedBytes, long quotaBytes, java.util.Locale locale) {
    String used = toMegabytes(usedBytes).toPlainString() + " MB";
    return quotaBytes == 0
        ? org.postroom.web.I18n.format(locale, "users.usageNoLimit", used)
        : org.postroom.web.I18n.format(
            locale, "users.usage", used, toMegabytes(quotaBytes).toPlainString() + " MB");
  }
}
