package dev.weightgate.quota;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What OpenAI's {@code x-ratelimit-*} headers say, for the tightest per-minute request and token limits that apply to a
 * caller. A field is {@code null} when no such limit applies. Remaining figures are as this replica last saw them
 * (its own usage exactly, other replicas' as of its last exchange with the store).
 */
public record RateLimitStatus(
        @Nullable Long limitRequests, @Nullable Long remainingRequests, @Nullable Duration resetRequests,
        @Nullable Long limitTokens, @Nullable Long remainingTokens, @Nullable Duration resetTokens) {

    public static final RateLimitStatus NONE = new RateLimitStatus(null, null, null, null, null, null);

    /** The headers to send, only those with a value, in OpenAI's order. */
    public Map<String, String> headers() {
        Map<String, String> headers = new LinkedHashMap<>();
        if (limitRequests != null) {
            headers.put("x-ratelimit-limit-requests", limitRequests.toString());
            headers.put("x-ratelimit-remaining-requests", String.valueOf(remainingRequests));
            headers.put("x-ratelimit-reset-requests", openAiDuration(resetRequests));
        }
        if (limitTokens != null) {
            headers.put("x-ratelimit-limit-tokens", limitTokens.toString());
            headers.put("x-ratelimit-remaining-tokens", String.valueOf(remainingTokens));
            headers.put("x-ratelimit-reset-tokens", openAiDuration(resetTokens));
        }
        return headers;
    }

    /**
     * A duration as OpenAI writes it (Go's notation): {@code 20ms}, {@code 1s}, {@code 1.5s}, {@code 6m0s},
     * {@code 1h2m3s}; rounded to the millisecond.
     */
    public static String openAiDuration(@Nullable Duration duration) {
        long millis = duration == null || duration.isNegative() ? 0 : duration.toMillis();
        if (millis == 0) {
            return "0s";
        }
        if (millis < 1000) {
            return millis + "ms";
        }
        long hours = millis / 3_600_000;
        long minutes = millis / 60_000 % 60;
        long wholeSeconds = millis / 1000 % 60;
        long fraction = millis % 1000;
        String seconds = fraction == 0 ? Long.toString(wholeSeconds)
                : wholeSeconds + "." + String.format("%03d", fraction).replaceAll("0+$", "");
        StringBuilder text = new StringBuilder();
        if (hours > 0) {
            text.append(hours).append('h');
        }
        if (hours > 0 || minutes > 0) {
            text.append(minutes).append('m');
        }
        return text.append(seconds).append('s').toString();
    }
}
