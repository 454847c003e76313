package dev.weightgate.api;

import dev.weightgate.backend.BackendException;
import org.springframework.http.HttpStatus;

/** How a backend's failure reaches the client: whose fault it was decides the status. */
final class BackendErrors {

    private BackendErrors() {
    }

    static ApiException toApi(BackendException e) {
        return switch (e.kind()) {
            case REJECTED -> ApiException.invalidRequest(e.getMessage(), e.param(), "upstream_rejected");
            case OVERLOADED -> new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "server_error", e.getMessage(), null,
                    "upstream_overloaded");
            case TIMEOUT -> new ApiException(HttpStatus.GATEWAY_TIMEOUT, "server_error", e.getMessage(), null,
                    "upstream_timeout");
            case FAILED -> new ApiException(HttpStatus.BAD_GATEWAY, "server_error", e.getMessage(), null,
                    "upstream_error");
        };
    }
}
