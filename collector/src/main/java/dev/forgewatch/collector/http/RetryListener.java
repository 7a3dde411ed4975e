package dev.forgewatch.collector.http;

import java.time.Duration;

/** Told about every retry, so a run can count throttling and show it. */
@FunctionalInterface
public interface RetryListener {
    RetryListener NONE = (what, reason, wait, throttled) -> {
    };

    /**
     * @param what      the request, without query secrets (method and path)
     * @param reason    why: {@code HTTP 429}, {@code HTTP 503}, or the I/O error's class
     * @param throttled true for 429 / AF429, where the server asked us to slow down
     */
    void retrying(String what, String reason, Duration wait, boolean throttled);
}
