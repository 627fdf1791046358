package org.postroom.web.admin;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.security.enterprise.SecurityContext;
import java.time.OffsetDateTime;
import java.util.List;
import org.postroom.account.ApiToken;
import org.postroom.account.ApiTokens;
import org.postroom.core.NotFoundException;
import org.postroom.core.ValidationException;
import org.postroom.web.MailFormat;
import org.postroom.web.Messages;
import org.postroom.web.Navigation;

/**
 * Admin: API tokens for scripts. A new token's secret is rendered in the answer to the form that
 * made it (no redirect, nothing in the session or flash) and never again.
 */
@Named
@RequestScoped
public class TokensBean {
  @Inject ApiTokens apiTokens;
  @Inject SecurityContext security;
  @Inject MailFormat format;

  private String name;
  private String account;
  private ApiTokens.Created created;
  private List<ApiToken> tokens;

  public List<ApiToken> getTokens() {
    if (tokens == null) {
      tokens = apiTokens.list();
    }
    return tokens;
  }

  public ApiTokens.Created getCreated() {
    return created;
  }

  public void create() {
    try {
      created = apiTokens.create(name, account, security.getCallerPrincipal().getName());
      tokens = null;
      name = null;
      account = null;
    } catch (ValidationException e) {
      Messages.fieldErrors("create", e);
    }
  }

  public void revoke(ApiToken token) {
    try {
      apiTokens.revoke(token.id());
      Messages.info("Token " + token.name() + " revoked.");
    } catch (NotFoundException e) {
      Messages.info("Token " + token.name() + " revoked.");
    }
    Navigation.redirect("/admin/tokens.xhtml");
  }

  public String when(OffsetDateTime t) {
    return format.logTime(t);
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getAccount() {
    return account;
  }

  public void setAccount(String account) {
    this.account = account;
  }
}
