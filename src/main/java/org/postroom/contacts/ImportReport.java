package org.postroom.contacts;

import java.io.Serializable;
import java.util.List;

/** What a vCard import did: how many addresses were added, and each one left out with why. */
public record ImportReport(int imported, int updated, List<Skipped> skipped)
    implements Serializable {

  public record Skipped(String who, String reason) implements Serializable {}

  public ImportReport {
    skipped = List.copyOf(skipped);
  }

  /** One line for the page: "3 contacts imported, 1 updated, 2 skipped." */
  public String summary() {
    return count(imported, "contact")
        + " imported"
        + (updated > 0 ? ", " + updated + " updated" : "")
        + ", "
        + skipped.size()
        + " skipped.";
  }

  private static String count(int n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }
}
