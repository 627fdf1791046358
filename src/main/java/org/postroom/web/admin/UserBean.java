package org.postroom.web.admin;

import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.postroom.account.Account;
import org.postroom.account.AccountService;
import org.postroom.account.Role;
import org.postroom.core.ConflictException;
import org.postroom.core.NotFoundException;
import org.postroom.core.ValidationException;
import org.postroom.web.Messages;
import org.postroom.web.Navigation;

/** Admin: one account — name, role, enabled, quota, password reset, deletion. */
@Named
@ViewScoped
public class UserBean implements Serializable {
  private static final long serialVersionUID = 1L;
  static final String FORM = "edit";

  @Inject AccountService accounts;
  @Inject org.postroom.web.UserLocale userLocale;

  private String address;
  private Account account;
  private String displayName;
  private boolean admin;
  private boolean enabled;
  private String quotaMb;
  private String newPassword;

  public void onLoad() {
    try {
      account = accounts.user(address);
    } catch (NotFoundException e) {
      Messages.info("No account " + address + ".");
      Navigation.redirect("/admin/users.xhtml");
      return;
    }
    displayName = account.displayName();
    admin = account.isAdmin();
    enabled = account.enabled();
    quotaMb = QuotaSizes.field(account.quotaBytes());
  }

  public String getUsage() {
    return account == null
        ? ""
        : QuotaSizes.describe(account.usedBytes(), account.quotaBytes(), userLocale.getLocale());
  }

  public void save() {
    try {
      account =
          accounts.updateUser(
              address,
              new AccountService.AccountChanges(
                  displayName,
                  null,
                  admin ? Role.ADMIN : Role.USER,
                  enabled,
                  QuotaSizes.parse(quotaMb)));
      Messages.info("Saved " + account.address() + ".");
      Navigation.redirect("/admin/user.xhtml?address=" + enc(address));
    } catch (ValidationException e) {
      Map<String, String> errors = new java.util.LinkedHashMap<>(e.fieldErrors());
      if (errors.containsKey("quotaBytes") && QuotaSizes.parse(quotaMb) < 0) {
        errors.put("quotaBytes", "Enter a size in MB, e.g. 500.");
      }
      Messages.fieldErrors(FORM, errors, Map.of("quotaBytes", "quota"));
    } catch (ConflictException e) {
      Messages.conflict(FORM, e);
    }
  }

  public void resetPassword() {
    if (newPassword == null || newPassword.isBlank()) {
      Messages.fieldError("reset", "newPassword", "Enter the new password.");
      return;
    }
    try {
      accounts.updateUser(
          address, new AccountService.AccountChanges(null, newPassword, null, null, null));
      Messages.info("The password of " + address + " is reset.");
      Navigation.redirect("/admin/user.xhtml?address=" + enc(address));
    } catch (ValidationException e) {
      Messages.fieldErrors("reset", e.fieldErrors(), Map.of("password", "newPassword"));
    }
  }

  public void delete() {
    try {
      accounts.deleteUser(address);
      Messages.info("Account " + address + " deleted.");
      Navigation.redirect("/admin/users.xhtml");
    } catch (ConflictException e) {
      Messages.fieldError("remove", "delete", e.getMessage());
    }
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  public Account getAccount() {
    return account;
  }

  public String getAddress() {
    return address;
  }

  public void setAddress(String address) {
    this.address = address;
  }

  public String getDisplayName() {
    return displayName;
  }

  public void setDisplayName(String displayName) {
    this.displayName = displayName;
  }

  public boolean isAdmin() {
    return admin;
  }

  public void setAdmin(boolean admin) {
    this.admin = admin;
  }

  public boolean isEnabled() {
    return enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  public String getQuotaMb() {
    return quotaMb;
  }

  public void setQuotaMb(String quotaMb) {
    this.quotaMb = quotaMb;
  }

  public String getNewPassword() {
    return newPassword;
  }

  public void setNewPassword(String newPassword) {
    this.newPassword = newPassword;
  }
}
