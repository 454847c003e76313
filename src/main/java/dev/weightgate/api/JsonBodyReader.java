package dev.weightgate.api;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads a JSON object request body, refusing bodies over the configured size before they are buffered whole: a
 * declared {@code Content-Length} is checked up front, and a chunked body is cut off as soon as it passes the limit.
 */
@Component
class JsonBodyReader {

    private final ObjectMapper json;
    private final long maxBytes;

    JsonBodyReader(ObjectMapper json, ApiProperties properties) {
        this.json = json;
        this.maxBytes = properties.maxRequestSize().toBytes();
    }

    ObjectNode readObject(HttpServletRequest request) {
        long declared = request.getContentLengthLong();
        if (declared > maxBytes) {
            throw tooLarge();
        }
        byte[] body = readAtMost(request);
        if (body.length == 0) {
            throw ApiException.invalidRequest("The request body is empty; send a JSON object.", null, "invalid_json");
        }
        JsonNode node;
        try {
            node = json.readTree(body);
        } catch (JacksonException e) {
            throw ApiException.invalidRequest("We could not parse the JSON body of your request: "
                    + e.getOriginalMessage(), null, "invalid_json");
        }
        if (!(node instanceof ObjectNode object)) {
            throw ApiException.invalidRequest("The request body must be a JSON object.", null, "invalid_json");
        }
        return object;
    }

    private byte[] readAtMost(HttpServletRequest request) {
        try (InputStream in = request.getInputStream()) {
            byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
            if (body.length > maxBytes) {
                throw tooLarge();
            }
            return body;
        } catch (IOException e) {
            throw ApiException.invalidRequest("The request body could not be read: " + e.getMessage(), null, "invalid_body");
        }
    }

    private ApiException tooLarge() {
        return new ApiException(HttpStatus.CONTENT_TOO_LARGE, "invalid_request_error",
                "The request body is larger than the " + maxBytes + " bytes this gateway accepts.", null, "request_too_large");
    }
}
