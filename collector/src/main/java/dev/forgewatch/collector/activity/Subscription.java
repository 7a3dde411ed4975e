package dev.forgewatch.collector.activity;

/** A content-type subscription as {@code subscriptions/list} reports it ({@code enabled} or {@code disabled}). */
public record Subscription(String contentType, String status) {
    public boolean enabled() {
        return "enabled".equalsIgnoreCase(status);
    }
}
