package org.postroom.certificates;

import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Answers the certificate authority's HTTP-01 check (RFC 8555, section 8.3) at {@code
 * /.well-known/acme-challenge/<token>} with the key authorization, from the database, so whichever
 * node the CA reaches answers. 404 for any other token.
 */
@WebServlet("/.well-known/acme-challenge/*")
public class AcmeChallengeServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  @Inject transient AcmeCertificates acme;

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    String path = req.getPathInfo();
    String token = path == null ? "" : path.substring(1);
    Optional<String> answer = acme.challengeAnswer(token);
    if (answer.isEmpty()) {
      resp.sendError(404);
      return;
    }
    resp.setContentType("text/plain");
    resp.setHeader("Cache-Control", "no-store");
    resp.getOutputStream().write(answer.get().getBytes(StandardCharsets.US_ASCII));
  }
}
