package dev.weightgate.api;

import dev.weightgate.backend.BackendException;
import java.util.Map;
import java.util.Objects;
import org.springframework.http.HttpStatus;

/** How a backend's failure reaches the client: whose fault it was decides the status. */
final class BackendErrors {

    private BackendErrors() {
    }

    static ApiException toApi(BackendException e) {
        return switch (e.kind()) {
            case REJECTED -> ApiException.invalidRequest(e.getMessage(), e.param(),
                    Objects.requireNonNullElse(e.code(), "upstream_rejected"));
            case OVERLOADED -> new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "server_error", e.getMessage(), null,
                    "upstream_overloaded");
            case TIMEOUT -> new ApiException(HttpStatus.GATEWAY_TIMEOUT, "server_error", e.getMessage(), null,
                    "upstream_timeout");
            case FAILED -> new ApiException(HttpStatus.BAD_GATEWAY, "server_error", e.getMessage(), null,
                    Objects.requireNonNullElse(e.code(), "upstream_error"));
            case BUSY -> new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "server_error", e.getMessage(), null,
                    "model_busy").withHeaders(Map.of("Retry-After", "1"));
            case UNAVAILABLE -> new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "server_error", e.getMessage(), null,
                    Objects.requireNonNullElse(e.code(), "model_unavailable")).withHeaders(Map.of("Retry-After", "5"));
        };
    }
}
