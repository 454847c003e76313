package dev.weightgate.audit.internal.redaction;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Recognises a JSON Web Token by its header, so that dotted identifiers that merely look alike stay. */
final class Jwts {

    private Jwts() {
    }

    /** Whether the first of three base64url segments decodes to a JSON object naming an {@code "alg"}. */
    static boolean headerNamesAnAlgorithm(String candidate) {
        String header = candidate.substring(0, candidate.indexOf('.'));
        try {
            String json = new String(Base64.getUrlDecoder().decode(header), StandardCharsets.UTF_8).strip();
            return json.startsWith("{") && json.endsWith("}") && json.contains("\"alg\"");
        } catch (IllegalArgumentException notBase64Url) {
            return false;
        }
    }
}
