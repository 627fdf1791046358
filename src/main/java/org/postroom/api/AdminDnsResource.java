package org.postroom.api;

import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.postroom.deliverability.DkimKey;
import org.postroom.deliverability.DnsReport;
import org.postroom.deliverability.DomainSetupService;
import org.postroom.deliverability.RecordCheck;

/**
 * {@code /api/admin/dns}: the records the domain needs and what DNS says about them (the same
 * report as the Domain setup page), and {@code /api/admin/dkim}: the DKIM keys.
 */
@Path("admin")
@Produces(MediaType.APPLICATION_JSON)
public class AdminDnsResource {
  @Inject DomainSetupService setup;

  /** One record: what to publish, what DNS has, and the light. */
  public record RecordJson(
      String id,
      String need,
      String type,
      String name,
      String expected,
      List<String> strings,
      String status,
      List<String> found,
      String message,
      String purpose) {
    static RecordJson of(RecordCheck c) {
      var r = c.record();
      return new RecordJson(
          r.id(),
          lower(r.need().name()),
          r.type(),
          r.name(),
          r.value(),
          r.strings(),
          c.status().css(),
          c.found(),
          c.message(),
          r.purpose());
    }
  }

  /** The report: overall light, counts, every record, and the zone file snippet. */
  public record ReportJson(
      String domain,
      String hostname,
      OffsetDateTime checkedAt,
      String overall,
      long green,
      long amber,
      long red,
      List<RecordJson> records,
      String zoneFile) {}

  /** A DKIM key as the API shows it (never the private key). */
  public record KeyJson(
      String selector, boolean active, String publicKey, OffsetDateTime createdAt) {
    static KeyJson of(DkimKey k) {
      return new KeyJson(k.selector(), k.active(), k.publicKeyBase64(), k.createdAt());
    }
  }

  @GET
  @Path("dns")
  @Operation(summary = "The DNS records of the domain with the result of the last check")
  public ReportJson report() {
    return json(setup.lastOrCheck());
  }

  @POST
  @Path("dns/check")
  @Operation(summary = "Check every DNS record again now")
  public ReportJson check() {
    return json(setup.check());
  }

  @GET
  @Path("dns/zone")
  @Produces(MediaType.TEXT_PLAIN)
  @Operation(summary = "The records as a zone file snippet")
  public String zone() {
    return setup.zoneFile();
  }

  @GET
  @Path("dkim")
  @Operation(summary = "The DKIM keys: the active one and previous ones still listed")
  public List<KeyJson> keys() {
    return setup.keys().stream().map(KeyJson::of).toList();
  }

  @POST
  @Path("dkim/rotate")
  @Operation(summary = "Sign with a new key; the previous one stays listed until retired")
  public KeyJson rotate() {
    return KeyJson.of(setup.rotate());
  }

  @DELETE
  @Path("dkim/{selector}")
  @Operation(summary = "Retire a previous key (not the active one)")
  public Response retire(@PathParam("selector") String selector) {
    setup.retire(selector);
    return Response.noContent().build();
  }

  private ReportJson json(DnsReport r) {
    return new ReportJson(
        r.domain(),
        r.hostname(),
        r.checkedAt(),
        r.overall().css(),
        r.count(RecordCheck.Status.GREEN),
        r.count(RecordCheck.Status.AMBER),
        r.count(RecordCheck.Status.RED),
        r.checks().stream().map(RecordJson::of).toList(),
        setup.zoneFile());
  }

  private static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }
}
