package dev.weightgate.api;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;

/**
 * A request the gateway refuses or cannot serve, carrying the HTTP status and the OpenAI error it answers with.
 * Thrown anywhere on the request path; {@link ApiExceptionHandler} turns it into the response.
 */
public class ApiException extends RuntimeException {

    private final HttpStatus status;
    private final String type;
    private final String param;
    private final String code;
    private final Map<String, String> headers;

    public ApiException(HttpStatus status, String type, String message, String param, String code) {
        this(status, type, message, param, code, Map.of());
    }

    private ApiException(HttpStatus status, String type, String message, String param, String code,
                         Map<String, String> headers) {
        super(message);
        this.status = status;
        this.type = type;
        this.param = param;
        this.code = code;
        this.headers = Map.copyOf(headers);
    }

    /** The same error, answered with these extra response headers (e.g. {@code Retry-After}). */
    public ApiException withHeaders(Map<String, String> extra) {
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.putAll(extra);
        return new ApiException(status, type, getMessage(), param, code, all);
    }

    public Map<String, String> headers() {
        return headers;
    }

    public static ApiException invalidRequest(String message, String param, String code) {
        return new ApiException(HttpStatus.BAD_REQUEST, "invalid_request_error", message, param, code);
    }

    public static ApiException modelNotFound(String model) {
        return new ApiException(HttpStatus.NOT_FOUND, "invalid_request_error",
                "The model '" + model + "' does not exist or you do not have access to it.", "model", "model_not_found");
    }

    public HttpStatus status() {
        return status;
    }

    public OpenAiError toError() {
        return OpenAiError.of(getMessage(), type, param, code);
    }
}
