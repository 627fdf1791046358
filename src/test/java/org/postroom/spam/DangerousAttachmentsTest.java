package org.postroom.spam;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;

class DangerousAttachmentsTest {
  static byte[] withAttachment(String name, String type, byte[] content) {
    String m =
        "From: a@remote.test\r\nTo: b@example.test\r\nSubject: files\r\nMIME-Version: 1.0\r\n"
            + "Content-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n--b1\r\n"
            + "Content-Type: text/plain\r\n\r\nSee the file.\r\n--b1\r\nContent-Type: "
            + type
            + "; name=\""
            + name
            + "\"\r\nContent-Disposition: attachment; filename=\""
            + name
            + "\"\r\nContent-Transfer-Encoding: base64\r\n\r\n"
            + Base64.getMimeEncoder().encodeToString(content)
            + "\r\n--b1--\r\n";
    return m.getBytes(StandardCharsets.US_ASCII);
  }

  static byte[] zip(String... names) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream z = new ZipOutputStream(out)) {
      for (String n : names) {
        z.putNextEntry(new ZipEntry(n));
        z.write("content".getBytes(StandardCharsets.US_ASCII));
        z.closeEntry();
      }
    }
    return out.toByteArray();
  }

  @Test
  void programsAndScriptsAreFoundByNameWhateverTheirDeclaredType() {
    assertThat(
            DangerousAttachments.find(
                withAttachment("invoice.exe", "application/pdf", new byte[10])))
        .contains("invoice.exe");
    assertThat(DangerousAttachments.find(withAttachment("Scan.PDF.js", "text/plain", new byte[10])))
        .contains("Scan.PDF.js");
    assertThat(DangerousAttachments.find(withAttachment("run.bat. ", "text/plain", new byte[3])))
        .as("Windows drops trailing dots and spaces")
        .isPresent();
    assertThat(
            DangerousAttachments.find(
                withAttachment("report.pdf", "application/pdf", new byte[10])))
        .isEmpty();
    assertThat(
            DangerousAttachments.find(withAttachment("photos.exe.jpg", "image/jpeg", new byte[10])))
        .isEmpty();
  }

  @Test
  void aZipFileIsLookedInto() throws Exception {
    assertThat(
            DangerousAttachments.find(
                withAttachment("docs.zip", "application/zip", zip("a.txt", "dir/setup.vbs"))))
        .contains("docs.zip: dir/setup.vbs");
    assertThat(
            DangerousAttachments.find(
                withAttachment("docs.zip", "application/zip", zip("a.txt", "b.docx"))))
        .isEmpty();
    assertThat(
            DangerousAttachments.find(
                withAttachment("broken.zip", "application/zip", "not a zip".getBytes())))
        .isEmpty();
  }
}
