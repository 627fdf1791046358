package org.postroom.contacts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.postroom.contacts.VCard.Card;

class VCardTest {
  static byte[] sample(String name) throws IOException {
    try (InputStream in = VCardTest.class.getResourceAsStream("/vcard/" + name)) {
      return in.readAllBytes();
    }
  }

  static VCard.Parsed parse(String text) {
    return VCard.parse(text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aGoogleExportKeepsEveryAddressOfACardAndReportsNothingForACardWithoutOne()
      throws IOException {
    VCard.Parsed p = VCard.parse(sample("google.vcf"));
    assertThat(p.problems()).isEmpty();
    assertThat(p.cards()).hasSize(2);
    Card ana = p.cards().get(0);
    assertThat(ana.name()).isEqualTo("Ana María Núñez");
    assertThat(ana.emails())
        .containsExactly("ana.nunez@example.org", "ana@work.example.com", "ana.other@example.net");
    assertThat(ana.note()).isEqualTo("Met at the conference, Madrid 2024.\nLikes coffee.");
    assertThat(p.cards().get(1).name()).isEqualTo("Phone Only");
    assertThat(p.cards().get(1).emails()).isEmpty();
  }

  @Test
  void anAppleExportUnfoldsLinesPutsThePreferredAddressFirstAndSkipsThePhoto() throws IOException {
    VCard.Parsed p = VCard.parse(sample("apple.vcf"));
    assertThat(p.problems()).isEmpty();
    Card c = p.cards().get(0);
    assertThat(c.name()).isEqualTo("Jörg Müller");
    assertThat(c.emails()).containsExactly("j.mueller@beispiel.example", "joerg.privat@example.de");
    assertThat(c.note())
        .isEqualTo(
            "A note long enough that Apple folds it over two lines because it is longer than"
                + " seventy-five octets.");
  }

  @Test
  void aThunderbirdVCard4WithLineFeedsAndACardNamedOnlyByN() throws IOException {
    VCard.Parsed p = VCard.parse(sample("thunderbird.vcf"));
    assertThat(p.problems()).isEmpty();
    assertThat(p.cards().get(0))
        .isEqualTo(new Card("Zoë Weiß", List.of("zoe@example.com"), "Thunderbird note"));
    Card john = p.cards().get(1);
    assertThat(john.name()).isEqualTo("Dr. John Q. Smith Jr.");
    assertThat(john.emails()).containsExactly("johnny@example.org", "john.smith@example.com");
  }

  @Test
  void aVCard21DecodesQuotedPrintableAcrossASoftLineBreak() throws IOException {
    VCard.Parsed p = VCard.parse(sample("vcard21.vcf"));
    assertThat(p.problems()).isEmpty();
    Card c = p.cards().get(0);
    assertThat(c.name()).isEqualTo("François Dupont");
    assertThat(c.emails()).containsExactly("francois@example.fr");
    assertThat(c.note()).isEqualTo("Première ligne\nDeuxième ligne");
  }

  @Test
  void aWindows1252FileIsReadAsSuch() {
    String text =
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:José Pérez\r\nEMAIL:jose@example.es\r\nEND:VCARD\r\n";
    VCard.Parsed p = VCard.parse(text.getBytes(Charset.forName("windows-1252")));
    assertThat(p.cards().get(0).name()).isEqualTo("José Pérez");
  }

  @Test
  void aByteOrderMarkIsIgnored() {
    byte[] body =
        "BEGIN:VCARD\nFN:Bom\nEMAIL:bom@example.org\nEND:VCARD\n".getBytes(StandardCharsets.UTF_8);
    byte[] file = new byte[body.length + 3];
    file[0] = (byte) 0xEF;
    file[1] = (byte) 0xBB;
    file[2] = (byte) 0xBF;
    System.arraycopy(body, 0, file, 3, body.length);
    assertThat(VCard.parse(file).cards()).extracting(Card::name).containsExactly("Bom");
  }

  @Test
  void whatWasWrittenReadsBackTheSame() {
    List<Card> cards =
        List.of(
            new Card(
                "Ana María Núñez", List.of("ana@example.org"), "Line one\nline two; with, marks\\"),
            new Card("日本 太郎", List.of("taro@example.jp", "t2@example.jp"), ""),
            new Card(
                "A very long name " + "x".repeat(120),
                List.of("long@example.org"),
                "é".repeat(100)));
    String written = VCard.write(cards);
    assertThat(written).startsWith("BEGIN:VCARD\r\nVERSION:3.0\r\n");
    for (String line : written.split("\r\n")) {
      assertThat(line.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(75);
    }
    VCard.Parsed back = VCard.parse(written.getBytes(StandardCharsets.UTF_8));
    assertThat(back.problems()).isEmpty();
    assertThat(back.cards()).isEqualTo(cards);
  }

  @Test
  void aCardWithoutANameIsWrittenWithItsAddressAsFn() {
    String written = VCard.write(List.of(new Card("", List.of("plain@example.org"), "")));
    assertThat(written).contains("FN:plain@example.org\r\n").contains("N:;;;;\r\n");
  }

  @Test
  void malformedInputIsReportedNotThrown() {
    assertThat(parse("").problems())
        .extracting(VCard.Problem::reason)
        .containsExactly("no vCard found in this file (BEGIN:VCARD is missing)");
    assertThat(parse("\u0000\u0001garbage\nmore").cards()).isEmpty();
    VCard.Parsed truncated =
        parse(
            "BEGIN:VCARD\nFN:Good\nEMAIL:good@example.org\nEND:VCARD\nBEGIN:VCARD\nFN:Cut\nEMAIL:cut@ex");
    assertThat(truncated.cards()).extracting(Card::name).containsExactly("Good");
    assertThat(truncated.problems())
        .containsExactly(new VCard.Problem(2, "Cut", "the file ends inside this card"));
    VCard.Parsed odd =
        parse(
            "BEGIN:VCARD\n:no name\nNOCOLON\nFN;broken=\"param:x\":Odd\nEMAIL;ENCODING=QUOTED-PRINTABLE:a=ZZb@example.org=\nEND:VCARD\n");
    assertThat(odd.problems()).isEmpty();
    assertThat(odd.cards().get(0).name()).isEqualTo("Odd");
    assertThat(odd.cards().get(0).emails()).containsExactly("a=ZZb@example.org");
  }

  @Test
  void anEmbeddedAgentCardIsNotAContactOfItsOwn() {
    VCard.Parsed p =
        parse(
            "BEGIN:VCARD\nVERSION:2.1\nFN:Boss\nEMAIL:boss@example.org\nAGENT:\nBEGIN:VCARD\nFN:Assistant\nEMAIL:asst@example.org\nEND:VCARD\nEND:VCARD\n");
    assertThat(p.cards()).hasSize(1);
    assertThat(p.cards().get(0).emails()).containsExactly("boss@example.org");
  }

  @Test
  void aHugeLineIsCutNotKept() {
    String text =
        "BEGIN:VCARD\nFN:Big\nPHOTO:"
            + "A".repeat(VCard.MAX_LINE * 3)
            + "\nEMAIL:big@example.org\nEND:VCARD\n";
    assertThat(parse(text).cards().get(0).emails()).containsExactly("big@example.org");
  }
}
