package org.postroom.web.mail;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The webmail's JSON answers: what a script reads back is what was put in, nothing can end it. */
class JsonReplyTest {
  @Test
  void hostileTextReadsBackUnchangedAndCannotCloseAScript() {
    String hostile = "</script><b onclick=\"x\">&amp; \\\u2028 \"quoted\"\n\u0001";
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", hostile);
    m.put("size", 42L);
    m.put("done", true);
    String json = JsonReply.json(List.of(m));
    assertThat(json).doesNotContain("<", ">", "&", "\u2028", "\n");
    JsonArray back = Json.createReader(new StringReader(json)).readArray();
    JsonObject o = back.getJsonObject(0);
    assertThat(o.getString("name")).isEqualTo(hostile);
    assertThat(o.getJsonNumber("size").longValue()).isEqualTo(42);
    assertThat(o.getBoolean("done")).isTrue();
    assertThat(json.indexOf("\"name\"")).isLessThan(json.indexOf("\"size\""));
  }

  @Test
  void fieldErrorsBecomeAnObjectByField() {
    Map<String, String> errors = new LinkedHashMap<>();
    errors.put("to", "Add at least one recipient.");
    errors.put("subject", "At most 998 characters.");
    JsonObject o =
        Json.createReader(new StringReader(JsonReply.json(Map.of("errors", errors)))).readObject();
    assertThat(o.getJsonObject("errors").getString("to")).isEqualTo("Add at least one recipient.");
    assertThat(o.getJsonObject("errors").keySet()).containsExactly("to", "subject");
  }
}
