package org.postroom.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postroom.testsupport.TestSettings;

/** The Payara Micro command line the launcher builds: what Payara is asked to start. */
class PayaraArgumentsTest {
  @TempDir Path data;

  private List<String> arguments(String... settings) {
    String[] all = new String[settings.length + 4];
    all[0] = "postroom.data.dir";
    all[1] = data.toString();
    all[2] = "postroom.https.port";
    all[3] = "0";
    System.arraycopy(settings, 0, all, 4, settings.length);
    return Launcher.payaraArguments(new TestSettings(all).process(), new String[] {"--extra"});
  }

  @Test
  void aSingleNodeStartsNoHazelcastAtAll() {
    // --nocluster alone still boots a one-member Hazelcast data grid, two seconds of every start
    List<String> args = arguments();
    assertThat(args).contains("--nohazelcast").doesNotContain("--nocluster");
  }

  @Test
  void aClusterNodeKeepsHazelcastForTheSharedSessions() {
    List<String> args = arguments("postroom.cluster", "true");
    assertThat(args).doesNotContain("--nohazelcast", "--nocluster");
  }

  @Test
  void theUsersOwnArgumentsComeLast() {
    List<String> args = arguments();
    assertThat(args.getLast()).isEqualTo("--extra");
    assertThat(args).contains("--disablephonehome", "--prebootcommandfile", "--logproperties");
  }
}
