package org.postroom.mime;

import java.io.Serializable;

/**
 * A leaf part of a message that is not shown as its text: an attachment, or an inline image that
 * the HTML refers to by {@code contentId}. {@code index} addresses it again in the same bytes.
 */
public record MailPart(
    int index,
    String contentType,
    String fileName,
    String contentId,
    long approximateSize,
    boolean attachment)
    implements Serializable {

  /** Types a browser may show inside our origin (anything else is only ever downloaded). */
  public boolean isViewableImage() {
    return contentType != null && DisplayableImages.is(contentType);
  }
}
