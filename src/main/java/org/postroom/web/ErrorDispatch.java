package org.postroom.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;

/**
 * Every error page goes through here once: API clients get a small JSON body, people get the
 * friendly page for the status. Never a stack trace, never a new session for an error.
 */
@WebServlet(urlPatterns = "/error-dispatch")
public class ErrorDispatch extends HttpServlet {
  private static final long serialVersionUID = 1L;

  private static final Map<Integer, String> TEXT =
      Map.of(
          400, "Bad request.",
          401, "Sign in with an account's address and password (HTTP Basic).",
          403, "Your account may not do this.",
          404, "Not found.",
          405, "This method is not allowed here.",
          415, "Send JSON (Content-Type: application/json).",
          429, "Too many failed sign-ins; try again later.",
          500, "Postroom could not finish this request.");

  @Override
  protected void service(HttpServletRequest req, HttpServletResponse res)
      throws ServletException, IOException {
    Object code = req.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
    int status = code instanceof Integer i ? i : 500;
    Object uri = req.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
    String path = uri == null ? "" : uri.toString().substring(req.getContextPath().length());
    if (path.startsWith("/api/")) {
      res.setStatus(status);
      res.setContentType("application/json");
      res.setCharacterEncoding("UTF-8");
      String text = TEXT.getOrDefault(status, "Error " + status + ".");
      res.getWriter().write("{\"error\":\"" + text.replace("\"", "'") + "\",\"errors\":{}}");
      return;
    }
    String page =
        switch (status) {
          case 403 -> "403";
          case 404 -> "404";
          default -> status >= 500 ? "500" : "404";
        };
    if (req.getAttribute(RequestDispatcher.ERROR_EXCEPTION) instanceof Throwable t
        && t.getClass().getName().endsWith("ViewExpiredException")) {
      page = "expired";
    }
    req.getRequestDispatcher("/WEB-INF/errorpages/" + page + ".xhtml").forward(req, res);
  }
}
