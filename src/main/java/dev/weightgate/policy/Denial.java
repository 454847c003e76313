package dev.weightgate.policy;

/**
 * A refused request, as the API answers it: {@code status} with OpenAI's error envelope
 * ({@code type: invalid_request_error}, {@code code}, {@code message}).
 *
 * @param status 403 for a policy refusal; 400 for a malformed purpose header
 * @param code the deciding reason's code, e.g. {@code license_acceptance_required}
 * @param message what to tell the client, including how to resolve it where that is possible
 */
public record Denial(int status, String code, String message) {
}
