package org.postroom.deliverability;

import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Serves the MTA-STS policy (RFC 8461) at {@code /.well-known/mta-sts.txt}, for senders that fetch
 * it from {@code https://mta-sts.<domain>/}. 404 while MTA-STS is off.
 */
@WebServlet("/.well-known/mta-sts.txt")
public class MtaStsServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  @Inject transient DomainSetupService setup;

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    Optional<String> policy = setup.mtaStsPolicy();
    if (policy.isEmpty()) {
      resp.sendError(404);
      return;
    }
    resp.setContentType("text/plain");
    resp.setCharacterEncoding("UTF-8");
    resp.setHeader("Cache-Control", "max-age=3600");
    resp.getOutputStream().write(policy.get().getBytes(StandardCharsets.UTF_8));
  }
}
