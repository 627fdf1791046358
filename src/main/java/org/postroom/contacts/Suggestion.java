package org.postroom.contacts;

/**
 * An address offered while the user types a recipient; {@code kind} says where it came from:
 * contact, collected, local (a user of this domain) or correspondent (found in the user's mail).
 */
public record Suggestion(String name, String address, String kind) {}
