package org.postroom.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSession;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;
import org.postroom.testsupport.PostroomServer;

/** The HTTPS listener: Postroom's own certificate, and session cookies marked for it. */
class HttpsIT {
  static final X509TrustManager TRUST_ANY =
      new X509TrustManager() {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public X509Certificate[] getAcceptedIssuers() {
          return new X509Certificate[0];
        }
      };

  @Test
  void httpsUsesTheGeneratedCertificateAndSecureCookies() throws Exception {
    PostroomServer server = PostroomServer.shared();
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, new TrustManager[] {TRUST_ANY}, null);
    HttpClient client = HttpClient.newBuilder().sslContext(ctx).build();
    HttpResponse<String> r =
        client.send(
            HttpRequest.newBuilder(
                    URI.create(
                        "https://127.0.0.1:" + server.port("POSTROOM_HTTPS_PORT") + "/login.xhtml"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    SSLSession tls = r.sslSession().orElseThrow();
    X509Certificate cert = (X509Certificate) tls.getPeerCertificates()[0];
    assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=mail.example.test");
    List<String> cookies = r.headers().allValues("Set-Cookie");
    assertThat(cookies)
        .anySatisfy(
            c ->
                assertThat(c)
                    .startsWith("JSESSIONID=")
                    .contains("Secure", "HttpOnly")
                    .containsIgnoringCase("SameSite=Lax"));

    HttpResponse<String> plain = server.request("GET", "/login.xhtml", null, null, null);
    assertThat(plain.headers().allValues("Set-Cookie"))
        .anySatisfy(
            c ->
                assertThat(c)
                    .startsWith("JSESSIONID=")
                    .contains("HttpOnly")
                    .containsIgnoringCase("SameSite=Lax")
                    .doesNotContain("Secure"));
  }

  @Test
  void everyPageCarriesTheSecurityHeaders() {
    HttpResponse<String> r =
        PostroomServer.shared().request("GET", "/login.xhtml", null, null, null);
    assertThat(r.headers().firstValue("Content-Security-Policy").orElse(""))
        .contains("default-src 'self'", "script-src 'self'", "frame-ancestors 'none'")
        .doesNotContain("unsafe-inline");
    assertThat(r.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    assertThat(r.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
    assertThat(r.body()).doesNotContain("<script>").doesNotContain(" onclick=");
  }
}
