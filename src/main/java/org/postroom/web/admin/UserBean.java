package org.postroom.web.admin;

import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.math.BigDecimal;
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

  private String address;
  private Account account;
  private String displayName;
  private boolean admin;
  private boolean enabled;
  private BigDecimal quotaMb;
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
    quotaMb = QuotaSizes.toMegabytes(account.quotaBytes());
  }

  public String getUsage() {
    return account == null ? "" : QuotaSizes.describe(account.usedBytes(), account.quotaBytes());
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
                  QuotaSizes.toBytes(quotaMb)));
      Messages.info("Saved " + account.address() + ".");
      Navigation.redirect("/admin/user.xhtml?address=" + enc(address));
    } catch (ValidationException e) {
      Messages.fieldErrors(FORM, e.fieldErrors(), Map.of("quotaBytes", "quota"));
    } catch (ConflictException e) {
      Messages.conflict(FORM, e);
    } catch (ArithmeticException e) {
      Messages.fieldError(FORM, "quota", "Enter a size in MB.");
    }
  }

  public void resetPassword() {
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

  public BigDecimal getQuotaMb() {
    return quotaMb;
  }

  public void setQuotaMb(BigDecimal quotaMb) {
    this.quotaMb = quotaMb;
  }

  public String getNewPassword() {
    return newPassword;
  }

  public void setNewPassword(String newPassword) {
    this.newPassword = newPassword;
  }
}
