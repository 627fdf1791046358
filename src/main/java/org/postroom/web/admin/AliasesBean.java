package org.postroom.web.admin;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.postroom.account.Account;
import org.postroom.account.AccountService;
import org.postroom.account.Alias;
import org.postroom.core.ConflictException;
import org.postroom.core.EmailAddress;
import org.postroom.core.ValidationException;
import org.postroom.web.Messages;
import org.postroom.web.Navigation;

/** Admin: aliases (one address to several accounts) and the catch-all. */
@Named
@RequestScoped
public class AliasesBean {
  @Inject AccountService accounts;

  private String address;
  private String targets;
  private final java.util.Map<String, String> edits = new java.util.HashMap<>();
  private String catchAll;
  private List<Alias> aliases;

  public void onLoad() {
    if (catchAll == null) {
      catchAll = accounts.catchAll().map(EmailAddress::toString).orElse("");
    }
  }

  public List<Alias> getAliases() {
    if (aliases == null) {
      aliases = accounts.aliases();
    }
    return aliases;
  }

  /** What each row's field holds, by alias address: its targets, or what the admin typed. */
  public java.util.Map<String, String> getEdits() {
    for (Alias a : getAliases()) {
      edits.putIfAbsent(a.address().toString(), targetsOf(a));
    }
    return edits;
  }

  public List<Account> getUsers() {
    return accounts.users();
  }

  public String targetsOf(Alias a) {
    return a.targets().stream().map(EmailAddress::toString).collect(Collectors.joining(", "));
  }

  public void create() {
    try {
      Alias a = accounts.createAlias(address, split(targets));
      Messages.info("Alias " + a.address() + " created.");
      Navigation.redirect("/admin/aliases.xhtml");
    } catch (ValidationException e) {
      Messages.fieldErrors("create", e);
    } catch (ConflictException e) {
      Messages.conflict("create", e);
    }
  }

  public void update(Alias a, int row) {
    try {
      accounts.updateAlias(a.address().toString(), split(edits.get(a.address().toString())));
      Messages.info("Alias " + a.address() + " saved.");
      Navigation.redirect("/admin/aliases.xhtml");
    } catch (ValidationException e) {
      Messages.fieldError("row" + row, "targets", String.join(" ", e.fieldErrors().values()));
    }
  }

  public void delete(Alias a) {
    try {
      accounts.deleteAlias(a.address().toString());
      Messages.info("Alias " + a.address() + " deleted.");
      Navigation.redirect("/admin/aliases.xhtml");
    } catch (ConflictException e) {
      Messages.error(e.getMessage());
    }
  }

  public void saveCatchAll() {
    try {
      var result = accounts.setCatchAll(catchAll);
      Messages.info(
          result
              .map(a -> "Mail for unknown addresses now goes to " + a + ".")
              .orElse("Mail for unknown addresses is now refused."));
      Navigation.redirect("/admin/aliases.xhtml");
    } catch (ValidationException e) {
      Messages.fieldErrors("catchall", e);
    }
  }

  static List<String> split(String s) {
    if (s == null) {
      return List.of();
    }
    return Arrays.stream(s.split("[,;\\s]+")).filter(x -> !x.isBlank()).toList();
  }

  public String getAddress() {
    return address;
  }

  public void setAddress(String address) {
    this.address = address;
  }

  public String getTargets() {
    return targets;
  }

  public void setTargets(String targets) {
    this.targets = targets;
  }

  public String getCatchAll() {
    return catchAll;
  }

  public void setCatchAll(String catchAll) {
    this.catchAll = catchAll;
  }
}
