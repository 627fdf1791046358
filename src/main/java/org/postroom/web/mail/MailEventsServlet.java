package org.postroom.web.mail;

import jakarta.inject.Inject;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;
import org.postroom.mailbox.MailboxWatch;
import org.postroom.web.security.CurrentUser;

/**
 * The push channel of live pages (Server-Sent Events, ADR 0080): "your mailbox changed, it is at
 * modseq N now", and nothing else; the page then fetches only what changed. A page connects with
 * the modseq it was drawn at ({@code since}, or the {@code Last-Event-ID} a reconnecting
 * EventSource sends) and hears at once if it is behind. Held asynchronously: an open page costs a
 * registration, not a thread. Streams end after {@link #TIMEOUT}; the page reconnects and catches
 * up from the last id it saw.
 */
@WebServlet(urlPatterns = "/mail/events", asyncSupported = true)
public class MailEventsServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  static final long TIMEOUT = 5 * 60 * 1000L;

  @Inject transient MailboxWatch watch;
  @Inject transient CurrentUser user;

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
    long since = number(req.getHeader("Last-Event-ID"), number(req.getParameter("since"), -1));
    long account = user.id();
    res.setContentType("text/event-stream");
    res.setCharacterEncoding("UTF-8");
    res.setHeader("Cache-Control", "no-store");
    res.setHeader("X-Accel-Buffering", "no"); // no buffering proxy may hold the events back
    AsyncContext ac = req.startAsync();
    ac.setTimeout(TIMEOUT);
    Stream stream = new Stream(ac);
    MailboxWatch.Registration r = watch.watch(account, stream);
    ac.addListener(
        new AsyncListener() {
          @Override
          public void onComplete(AsyncEvent e) {
            r.close();
          }

          @Override
          public void onTimeout(AsyncEvent e) {
            r.close();
            stream.end();
          }

          @Override
          public void onError(AsyncEvent e) {
            r.close();
            stream.end();
          }

          @Override
          public void onStartAsync(AsyncEvent e) {}
        });
    stream.write("retry: 3000\n: modseq " + r.modseq() + "\n\n");
    if (since >= 0 && r.modseq() > since) {
      stream.changed(r.modseq());
    }
  }

  private static long number(String s, long otherwise) {
    try {
      return s == null ? otherwise : Long.parseLong(s.strip());
    } catch (NumberFormatException e) {
      return otherwise;
    }
  }

  /** One open page. Writes happen on container threads, never on the watcher's. */
  private static final class Stream implements MailboxWatch.Listener {
    private final AsyncContext ac;
    private volatile boolean ended;

    Stream(AsyncContext ac) {
      this.ac = ac;
    }

    @Override
    public void changed(long modseq) {
      send("id: " + modseq + "\nevent: change\ndata: " + modseq + "\n\n");
    }

    @Override
    public void idle() {
      send(": still here\n\n");
    }

    private void send(String text) {
      if (!ended) {
        ac.start(() -> write(text));
      }
    }

    synchronized void write(String text) {
      if (ended) {
        return;
      }
      try {
        PrintWriter w = ac.getResponse().getWriter();
        w.write(text);
        w.flush();
        if (w.checkError()) {
          end();
        }
      } catch (IOException | IllegalStateException e) {
        end();
      }
    }

    synchronized void end() {
      if (!ended) {
        ended = true;
        try {
          ac.complete();
        } catch (IllegalStateException e) {
          // already completed by the container
        }
      }
    }
  }
}
