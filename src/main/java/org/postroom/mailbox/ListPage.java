package org.postroom.mailbox;

import java.io.Serializable;
import java.util.List;

/** A page of a list and the cursor of the next one (null on the last page). */
public record ListPage(List<ListRow> rows, String next, boolean conversations)
    implements Serializable {}
