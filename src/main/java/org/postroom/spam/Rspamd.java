package org.postroom.spam;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;
import org.postroom.config.Setting;
import org.postroom.core.RawMessage;
import org.postroom.runtime.ServerSettings;

/**
 * rspamd's HTTP API: {@code /checkv2} on {@code postroom.spam.rspamd.url} (a normal worker, or the
 * controller), with the envelope as rspamd's request headers, and {@code /learnspam} / {@code
 * /learnham} on the controller ({@code postroom.spam.rspamd.controller}, else the same URL). Never
 * waits longer than {@code postroom.spam.rspamd.timeout}; a refused connection, a timeout or an
 * answer that does not read is "unavailable", never an exception the SMTP session has to know.
 */
@ApplicationScoped
public class Rspamd {
  private static final Logger LOG = Logger.getLogger(Rspamd.class.getName());
  private static final int MAX_SYMBOLS_SHOWN = 12;

  /** What the MX knows of a message when it asks. */
  public record Envelope(
      String clientIp, String helo, String sender, List<String> recipients, String user) {}

  /** One rule that matched, with its score. */
  public record Symbol(String name, double score) {}

  /**
   * rspamd's verdict.
   *
   * @param action {@code reject}, {@code soft reject}, {@code greylist}, {@code add header}, {@code
   *     rewrite subject} or {@code no action}
   * @param reason rspamd's {@code smtp_message}, if it gave one
   */
  public record Verdict(
      String action, double score, double required, List<Symbol> symbols, String reason) {
    public Verdict {
      symbols = List.copyOf(symbols);
    }

    /** The symbols with a score, the heaviest first, as {@code NAME(score)}. */
    public String symbolList() {
      List<String> out = new ArrayList<>();
      for (Symbol s : symbols) {
        if (s.score() != 0 && out.size() < MAX_SYMBOLS_SHOWN) {
          out.add(s.name() + "(" + String.format(java.util.Locale.ROOT, "%.2f", s.score()) + ")");
        }
      }
      return String.join(", ", out);
    }
  }

  @Inject ServerSettings settings;

  private volatile HttpClient http;

  /** Whether content scanning is configured. */
  public boolean configured() {
    return !settings.get(Setting.SPAM_RSPAMD_URL).isEmpty();
  }

  /**
   * Scans one message.
   *
   * @return the verdict, or empty when rspamd could not be asked or did not answer in time
   */
  public Optional<Verdict> check(RawMessage message, Envelope e) {
    String base = settings.get(Setting.SPAM_RSPAMD_URL);
    if (base.isEmpty()) {
      return Optional.empty();
    }
    Duration timeout = settings.duration(Setting.SPAM_RSPAMD_TIMEOUT);
    HttpRequest.Builder r =
        HttpRequest.newBuilder(URI.create(base + "/checkv2"))
            .timeout(timeout)
            // with its length: rspamd does not read a chunked body
            .POST(
                HttpRequest.BodyPublishers.fromPublisher(
                    HttpRequest.BodyPublishers.ofInputStream(() -> open(message)), message.size()));
    header(r, "IP", e.clientIp());
    header(r, "Helo", e.helo());
    header(r, "From", e.sender());
    header(r, "User", e.user());
    header(r, "Password", settings.get(Setting.SPAM_RSPAMD_PASSWORD));
    for (String rcpt : e.recipients()) {
      r.header("Rcpt", rcpt);
    }
    try {
      HttpResponse<String> res =
          client(timeout).send(r.build(), HttpResponse.BodyHandlers.ofString());
      if (res.statusCode() != 200) {
        LOG.warning(() -> "spam: rspamd answered HTTP " + res.statusCode() + " to a scan");
        return Optional.empty();
      }
      return Optional.of(parse(res.body()));
    } catch (IOException | RuntimeException ex) {
      LOG.warning(() -> "spam: rspamd at " + base + " did not answer a scan: " + ex);
      return Optional.empty();
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  /**
   * Teaches rspamd one message as spam ({@code /learnspam}) or not ({@code /learnham}).
   *
   * @return whether rspamd learned it (also true when it had learned it so already)
   */
  public boolean learn(byte[] message, boolean spam) {
    String controller = settings.get(Setting.SPAM_RSPAMD_CONTROLLER);
    String base = controller.isEmpty() ? settings.get(Setting.SPAM_RSPAMD_URL) : controller;
    if (base.isEmpty()) {
      return false;
    }
    Duration timeout = settings.duration(Setting.SPAM_RSPAMD_TIMEOUT);
    HttpRequest.Builder r =
        HttpRequest.newBuilder(URI.create(base + (spam ? "/learnspam" : "/learnham")))
            .timeout(timeout)
            .POST(HttpRequest.BodyPublishers.ofByteArray(message));
    header(r, "Password", settings.get(Setting.SPAM_RSPAMD_PASSWORD));
    try {
      HttpResponse<String> res =
          client(timeout).send(r.build(), HttpResponse.BodyHandlers.ofString());
      if (res.statusCode() == 200 || res.statusCode() == 208) {
        return true; // 208: learned so before
      }
      LOG.warning(
          () ->
              "spam: rspamd did not learn a message as "
                  + (spam ? "spam" : "ham")
                  + ": HTTP "
                  + res.statusCode()
                  + " "
                  + res.body().replaceAll("[^\\x20-\\x7e]", "").strip());
      return false;
    } catch (IOException | RuntimeException ex) {
      LOG.warning(() -> "spam: rspamd at " + base + " could not be taught: " + ex);
      return false;
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  static Verdict parse(String json) {
    try (JsonReader reader = Json.createReader(new StringReader(json))) {
      JsonObject o = reader.readObject();
      List<Symbol> symbols = new ArrayList<>();
      JsonObject syms = o.getJsonObject("symbols");
      if (syms != null) {
        for (var entry : syms.entrySet()) {
          double score = 0;
          if (entry.getValue().getValueType() == JsonValue.ValueType.OBJECT) {
            JsonNumber n = entry.getValue().asJsonObject().getJsonNumber("score");
            score = n == null ? 0 : n.doubleValue();
          }
          symbols.add(new Symbol(entry.getKey(), score));
        }
      }
      symbols.sort(Comparator.comparingDouble((Symbol s) -> -Math.abs(s.score())));
      String reason = "";
      JsonObject messages = o.getJsonObject("messages");
      if (messages != null && messages.containsKey("smtp_message")) {
        reason = messages.getString("smtp_message", "");
      }
      return new Verdict(
          o.getString("action", "no action"),
          number(o, "score"),
          number(o, "required_score"),
          symbols,
          reason.replaceAll("[^\\x20-\\x7e]", "").strip());
    }
  }

  private static double number(JsonObject o, String key) {
    JsonNumber n = o.getJsonNumber(key);
    return n == null ? 0 : n.doubleValue();
  }

  private static void header(HttpRequest.Builder r, String name, String value) {
    if (value != null && !value.isEmpty()) {
      r.header(name, value.replaceAll("[\\r\\n]", ""));
    }
  }

  private static InputStream open(RawMessage m) {
    try {
      return m.open();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private HttpClient client(Duration timeout) {
    HttpClient c = http;
    if (c == null) {
      c =
          HttpClient.newBuilder()
              .version(
                  HttpClient.Version.HTTP_1_1) // rspamd does not speak HTTP/2 (nor its upgrade)
              .connectTimeout(
                  timeout.compareTo(Duration.ofSeconds(5)) < 0 ? timeout : Duration.ofSeconds(5))
              .followRedirects(HttpClient.Redirect.NEVER)
              .build();
      http = c;
    }
    return c;
  }
}
