package org.postroom.dns;

/**
 * The seam every DNS lookup Postroom makes goes through (MX routing, the addresses of MX hosts,
 * SPF, DKIM, DMARC, the admin's record checks). {@link DnsJavaResolver} asks real servers; unit
 * tests answer from a zone in memory, integration tests from dnsmasq on loopback.
 */
public interface DnsResolver {
  /**
   * Looks up one name and type ({@code org.xbill.DNS.Type.MX} etc.). Never throws for what DNS
   * answers: a name or type that does not exist and a failure to get any answer are statuses.
   */
  DnsAnswer lookup(String name, int type);
}
