package io.candor.moderation.check;

/**
 * A link found in user text: {@code text.substring(start, end)} is the link as written, {@code host} its
 * host in lower case, internationalised names in their ASCII (punycode) form so look-alikes stand out.
 */
public record Link(int start, int end, String host) {
}
