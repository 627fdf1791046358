package org.postroom.web.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CrossSiteRefusalTest {
  private static String refusal(String method, String fetchSite, String origin, String host) {
    return SecurityHeadersFilter.crossSiteRefusal(method, fetchSite, origin, host);
  }

  @Test
  void aPostFromAnotherSiteIsRefused() {
    assertThat(refusal("POST", "cross-site", "https://evil.example", "mail.example.org"))
        .contains("cross-site");
    assertThat(refusal("POST", "same-site", "https://www.example.org", "mail.example.org"))
        .contains("same-site");
    assertThat(refusal("POST", null, "https://evil.example", "mail.example.org"))
        .contains("https://evil.example");
    assertThat(refusal("DELETE", null, "http://mail.example.org:8081", "mail.example.org:8080"))
        .isNotNull();
    assertThat(refusal("POST", null, "null", "mail.example.org")).isNotNull();
    assertThat(refusal("PUT", null, "https://mail.example.org", null)).isNotNull();
  }

  @Test
  void ourOwnPagesScriptsAndSafeMethodsPass() {
    assertThat(refusal("POST", "same-origin", "https://mail.example.org", "mail.example.org"))
        .isNull();
    assertThat(refusal("POST", null, "https://mail.example.org", "mail.example.org")).isNull();
    assertThat(refusal("POST", null, "https://MAIL.example.org:443", "mail.example.org")).isNull();
    assertThat(refusal("POST", null, "http://127.0.0.1:8080", "127.0.0.1:8080")).isNull();
    assertThat(refusal("POST", "none", null, "mail.example.org")).isNull();
    assertThat(refusal("POST", null, null, "mail.example.org")).isNull();
    assertThat(refusal("GET", "cross-site", "https://evil.example", "mail.example.org")).isNull();
    assertThat(refusal("HEAD", "cross-site", null, "mail.example.org")).isNull();
  }
}
