package org.postroom.deliverability;

import java.io.Serializable;
import java.time.OffsetDateTime;

/**
 * A DKIM key as DNS sees it: its selector, the base64 SubjectPublicKeyInfo published as {@code p=},
 * and whether Postroom signs with it now (the active key) or only keeps it listed (the previous key
 * after a rotation). The private half never leaves the data directory.
 */
public record DkimKey(
    String selector, String publicKeyBase64, boolean active, OffsetDateTime createdAt)
    implements Serializable {}
