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

  static String describe(long usedBytes, long quotaBytes) {
    String used = toMegabytes(usedBytes).toPlainString() + " MB";
    return quotaBytes == 0
        ? used + " (no limit)"
        : used + " of " + toMegabytes(quotaBytes).toPlainString() + " MB";
  }
}
