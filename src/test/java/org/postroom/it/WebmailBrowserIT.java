package org.postroom.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebElement;
import org.postroom.testsupport.PostroomServer;
import org.postroom.testsupport.SharedBrowserTest;

/** The foundation's user journeys in real Chromium against the shipped jar. */
class WebmailBrowserIT extends SharedBrowserTest {
  void signIn(String address, String password) {
    browser.go("/login.xhtml");
    browser.type("#login\\:address", address).type("#login\\:password", password);
    browser.submit("#login\\:submit");
  }

  void signOut() {
    browser.submit("#signout\\:signout-button");
  }

  @Test
  void postmasterCreatesBobWhoSignsInChangesHisPasswordAndSignsOut() {
    signIn(PostroomServer.ADMIN, PostroomServer.ADMIN_PASSWORD);
    assertThat(browser.path()).startsWith("/mail/");
    assertThat(browser.text("#signed-in-as")).isEqualTo(PostroomServer.ADMIN);

    browser.go("/admin/users.xhtml");
    browser
        .type("#create\\:address", "bob.browser")
        .type("#create\\:displayName", "Bob Browser")
        .type("#create\\:password", "bobs-first-password");
    browser.submit("#create\\:submit");
    assertThat(browser.text("#notices")).contains("bob.browser@example.test created");
    assertThat(browser.text("#users")).contains("bob.browser@example.test", "Bob Browser");
    browser.screenshot("admin-users");
    signOut();

    signIn("bob.browser@example.test", "bobs-first-password");
    assertThat(browser.path()).startsWith("/mail/");
    List<String> folders =
        browser.all("#folders .folder-name").stream().map(WebElement::getText).toList();
    assertThat(folders).containsExactly("Inbox", "Drafts", "Sent", "Archive", "Junk", "Trash");
    assertThat(browser.text("#empty-folder")).contains("No messages");
    browser.screenshot("bob-inbox");

    browser.go("/settings/");
    browser
        .type("#password\\:currentPassword", "bobs-first-password")
        .type("#password\\:newPassword", "bobs-second-password")
        .type("#password\\:confirmPassword", "bobs-second-password");
    browser.submit("#password\\:change");
    assertThat(browser.text("#notices")).contains("password is changed");
    signOut();
    assertThat(browser.text("#signed-out")).contains("signed out");

    signIn("bob.browser@example.test", "bobs-first-password");
    assertThat(browser.text("#login\\:password-error")).isEqualTo("Wrong address or password.");
    signIn("bob.browser@example.test", "bobs-second-password");
    assertThat(browser.path()).startsWith("/mail/");
    signOut();
  }

  @Test
  void aWrongPasswordIsReportedNextToThePasswordField() {
    signIn(PostroomServer.ADMIN, "not-the-password");
    assertThat(browser.path()).startsWith("/login.xhtml");
    assertThat(browser.text("#login\\:password-error")).isEqualTo("Wrong address or password.");
    assertThat(browser.exists("#signed-in-as")).isFalse();
  }

  @Test
  void anUnknownAddressGetsTheSameAnswerAsAWrongPassword() {
    signIn("nobody@example.test", "whatever-password");
    assertThat(browser.text("#login\\:password-error")).isEqualTo("Wrong address or password.");
  }

  @Test
  void aUserGetsForbiddenOnAdminPagesAndTheAdminApi() {
    server.createUser("carol.browser@example.test", "carols-password-1", "Carol");
    signIn("carol.browser@example.test", "carols-password-1");
    browser.go("/admin/users.xhtml");
    assertThat(browser.text("#error-title")).isEqualTo("Not allowed");
    assertThat(browser.exists("#users")).isFalse();
    browser.go("/api/admin/users");
    assertThat(browser.driver().getPageSource()).doesNotContain("postmaster@example.test");
    assertThat(
            server
                .request(
                    "GET",
                    "/api/admin/users",
                    "carol.browser@example.test",
                    "carols-password-1",
                    null)
                .statusCode())
        .isEqualTo(403);
    browser.go("/mail/");
    signOut();
  }

  @Test
  void protectedPagesSendAnonymousVisitorsToSignInAndBackAfterwards() {
    browser.go("/settings/");
    assertThat(browser.path()).startsWith("/login.xhtml?next=");
    browser
        .type("#login\\:address", PostroomServer.ADMIN)
        .type("#login\\:password", PostroomServer.ADMIN_PASSWORD);
    browser.submit("#login\\:submit");
    assertThat(browser.path()).isEqualTo("/settings/");
    signOut();
  }

  @Test
  void theShellIsUsableOnAPhoneScreen() {
    server.createUser("dave.browser@example.test", "daves-password-1", "Dave");
    browser.resize(360, 740);
    try {
      signIn("dave.browser@example.test", "daves-password-1");
      long scrollWidth = (Long) browser.js("return document.documentElement.scrollWidth");
      assertThat(scrollWidth).isLessThanOrEqualTo(360);
      // the folders are in a drawer: out of the way until the menu button opens it
      assertThat(folderRightEdge()).isNegative();
      browser.find("#drawer-toggle").click();
      browser.waitUntil(d -> folderRightEdge() >= 0);
      assertThat(browser.find("#drawer-toggle").getAttribute("aria-expanded")).isEqualTo("true");
      browser.screenshot("phone-drawer");
      browser.js("document.querySelector('.drawer-backdrop').click()");
      browser.waitUntil(d -> folderRightEdge() < 0);
      browser.screenshot("phone-inbox");
      signOut();
    } finally {
      browser.resize(1280, 900);
    }
  }

  long folderRightEdge() {
    return ((Number)
                browser.js(
                    "return Math.round(document.getElementById('folders').getBoundingClientRect().right)"))
            .longValue()
        - 1;
  }

  @Test
  void emptyRequiredFieldsAreReportedNextToEachField() {
    browser.go("/login.xhtml");
    browser.submit("#login\\:submit");
    assertThat(browser.text("#login\\:address-error")).isEqualTo("Enter your email address.");
    assertThat(browser.text("#login\\:password-error")).isEqualTo("Enter your password.");
  }
}
