package org.postroom.web.admin;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.List;
import java.util.Map;
import org.postroom.account.Account;
import org.postroom.account.AccountService;
import org.postroom.account.Role;
import org.postroom.core.ConflictException;
import org.postroom.core.ValidationException;
import org.postroom.runtime.ServerSettings;
import org.postroom.web.Messages;
import org.postroom.web.Navigation;

/** Admin: the list of accounts and the form that creates one. */
@Named
@RequestScoped
public class UsersBean {
  static final String FORM = "create";

  @Inject AccountService accounts;
  @Inject org.postroom.web.UserLocale userLocale;
  @Inject ServerSettings settings;

  private String address;
  private String displayName;
  private String password;
  private boolean admin;
  private String quotaMb = "0";
  private List<Account> users;

  public List<Account> getUsers() {
    if (users == null) {
      users = accounts.users();
    }
    return users;
  }

  public String usage(Account a) {
    return QuotaSizes.describe(a.usedBytes(), a.quotaBytes(), userLocale.getLocale());
  }

  public String getDomain() {
    return settings.domain().orElse("");
  }

  public void create() {
    try {
      Account a =
          accounts.createUser(
              new AccountService.NewAccount(
                  address,
                  password,
                  displayName,
                  admin ? Role.ADMIN : Role.USER,
                  QuotaSizes.parse(quotaMb)));
      Messages.info("Account " + a.address() + " created.");
      Navigation.redirect("/admin/users.xhtml");
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

  public String getPassword() {
    return password;
  }

  public void setPassword(String password) {
    this.password = password;
  }

  public boolean isAdmin() {
    return admin;
  }

  public void setAdmin(boolean admin) {
    this.admin = admin;
  }

  public String getQuotaMb() {
    return quotaMb;
  }

  public void setQuotaMb(String quotaMb) {
    this.quotaMb = quotaMb;
  }
}
