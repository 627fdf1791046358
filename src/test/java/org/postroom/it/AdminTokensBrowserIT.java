package org.postroom.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.postroom.testsupport.PostroomServer;
import org.postroom.testsupport.SharedBrowserTest;
import org.postroom.testsupport.Webmail;

/** Admin, API tokens: made on the page, shown once, working at once, revoked from the list. */
class AdminTokensBrowserIT extends SharedBrowserTest {
  static int status(String token) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/admin/users"))
                .header("Authorization", "Bearer " + token)
                .build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  @Test
  void anAdminMakesATokenSeesItOnceAndRevokesIt() throws Exception {
    Webmail.signIn(browser, PostroomServer.ADMIN, PostroomServer.ADMIN_PASSWORD);
    browser.go("/admin/tokens.xhtml");
    assertThat(browser.text("h1")).isEqualTo("API tokens");

    browser.type("#create\\:account", "nobody@" + PostroomServer.DOMAIN);
    browser.submit("#create\\:submit");
    assertThat(browser.text("#create\\:name-error"))
        .isEqualTo("Name the token after what will use it.");
    assertThat(browser.find("#create\\:account").getAttribute("value"))
        .as("what was typed stays")
        .isEqualTo("nobody@" + PostroomServer.DOMAIN);

    browser.find("#create\\:account").clear();
    browser.type("#create\\:name", "nightly export");
    browser.submit("#create\\:submit");
    String token = browser.text("#new-token-value");
    assertThat(token).startsWith("prt_").hasSize(47);
    assertThat(browser.text("#new-token")).contains("nightly export", "only this once");
    assertThat(status(token)).isEqualTo(200);

    browser.go("/admin/tokens.xhtml");
    assertThat(browser.exists("#new-token")).isFalse();
    assertThat(browser.driver().getPageSource()).doesNotContain(token);
    WebElement row =
        browser.all("#tokens tbody tr").stream()
            .filter(r -> r.getText().contains("nightly export"))
            .findFirst()
            .orElseThrow();
    assertThat(row.getText()).contains(token.substring(0, 10), PostroomServer.ADMIN);
    WebElement old = browser.find("body");
    row.findElement(By.cssSelector("input[type=submit]")).click();
    browser.waitUntil(d -> d.switchTo().alert()).accept();
    browser.awaitNextPage(old);
    assertThat(browser.text("#notices")).contains("Token nightly export revoked.");
    assertThat(status(token)).isEqualTo(401);
  }
}
