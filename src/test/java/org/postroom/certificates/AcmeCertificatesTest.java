package org.postroom.certificates;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;

class AcmeCertificatesTest {
  private static final OffsetDateTime ISSUED = OffsetDateTime.parse("2026-12-01T00:00:00Z");

  @Test
  void aNinetyDayCertificateIsRenewedThirtyDaysBeforeItExpires() {
    Instant due = AcmeCertificates.renewalTime(ISSUED, ISSUED.plusDays(90), Duration.ofDays(30));
    assertThat(due).isEqualTo(ISSUED.plusDays(60).toInstant());
  }

  @Test
  void aShortLivedCertificateIsRenewedWithAThirdOfItsLifeLeft() {
    // six-day certificates: "30 days before" would renew at every round
    Instant due = AcmeCertificates.renewalTime(ISSUED, ISSUED.plusDays(6), Duration.ofDays(30));
    assertThat(due).isEqualTo(ISSUED.plusDays(4).toInstant());
  }

  @Test
  void aShorterConfiguredMarginWins() {
    Instant due = AcmeCertificates.renewalTime(ISSUED, ISSUED.plusDays(90), Duration.ofDays(7));
    assertThat(due).isEqualTo(ISSUED.plusDays(83).toInstant());
  }

  @Test
  void failedOrdersAreRetriedLessAndLessOftenUpToSixHours() {
    assertThat(AcmeCertificates.retryAfter(1)).isEqualTo(Duration.ofSeconds(30));
    assertThat(AcmeCertificates.retryAfter(2)).isEqualTo(Duration.ofSeconds(60));
    assertThat(AcmeCertificates.retryAfter(5)).isEqualTo(Duration.ofSeconds(480));
    assertThat(AcmeCertificates.retryAfter(40)).isEqualTo(Duration.ofHours(6));
  }

  @Test
  void pemHasSixtyFourColumnLinesBetweenItsMarkers() {
    String pem = AcmeCertificates.pem("CERTIFICATE", new byte[100]);
    assertThat(pem)
        .startsWith("-----BEGIN CERTIFICATE-----\n")
        .endsWith("-----END CERTIFICATE-----\n");
    assertThat(pem.split("\n")[1]).hasSize(64);
  }
}
