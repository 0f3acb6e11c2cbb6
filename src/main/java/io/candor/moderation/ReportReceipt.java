package io.candor.moderation;

/** The answer to a report: its id, which the reporter's notices and export name. */
public record ReportReceipt(String id) {
}
