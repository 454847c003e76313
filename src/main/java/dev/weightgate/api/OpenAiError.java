package dev.weightgate.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The body of every error the gateway answers, in OpenAI's shape: {@code {"error":{"message","type","param","code"}}}.
 * {@code param} and {@code code} are always present, as {@code null} when they do not apply, because the official
 * SDKs read them as optional fields of a fixed object.
 */
public record OpenAiError(Body error) {

    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Body(String message, String type, String param, String code) {
    }

    public static OpenAiError of(String message, String type, String param, String code) {
        return new OpenAiError(new Body(message, type, param, code));
    }
}
