package dev.weightgate.api;

import dev.weightgate.quota.QuotaExceededException;
import dev.weightgate.quota.QuotaLimit;
import dev.weightgate.quota.QuotaUnavailableException;
import dev.weightgate.quota.RateLimitStatus;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;

/** How a refused reservation reaches the client: OpenAI's 429 codes, with {@code Retry-After} and the limits. */
final class QuotaErrors {

    private QuotaErrors() {
    }

    static ApiException toApi(QuotaExceededException e, RateLimitStatus status) {
        return switch (e.kind()) {
            case RATE_LIMIT -> tooMany(e, status, e.limit() == QuotaLimit.TOKENS_PER_MINUTE ? "tokens" : "requests",
                    "rate_limit_exceeded", "Rate limit reached: " + e.getMessage());
            case INSUFFICIENT_QUOTA -> tooMany(e, status, "insufficient_quota", "insufficient_quota",
                    "You exceeded your current quota: " + e.getMessage());
            case REQUEST_TOO_LARGE -> ApiException.invalidRequest("This request asks for more tokens than allowed: "
                    + e.getMessage(), "max_tokens", "max_tokens_exceeded").withHeaders(status.headers());
        };
    }

    static ApiException toApi(QuotaUnavailableException e) {
        return new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "server_error",
                "The gateway cannot check quotas right now; retry shortly.", null, "quota_unavailable")
                .withHeaders(Map.of("Retry-After", "1"));
    }

    private static ApiException tooMany(QuotaExceededException e, RateLimitStatus status, String type, String code,
                                        String message) {
        Map<String, String> headers = new LinkedHashMap<>(status.headers());
        long seconds = Math.max(1, (e.retryAfter().toMillis() + 999) / 1000);
        headers.put("Retry-After", Long.toString(seconds));
        return new ApiException(HttpStatus.TOO_MANY_REQUESTS, type, message, null, code)
                .withHeaders(headers);
    }
}
