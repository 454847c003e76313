package dev.weightgate.policy;

import java.util.Locale;
import java.util.Objects;
import java.util.UUID;

/**
 * What a request asks of the policy: this tenant wants to use this model, for this purpose.
 *
 * @param tenantId the calling tenant
 * @param model the model id the client asked for, as the gateway serves it
 * @param purpose the declared purpose of this request (header {@code x-weightgate-purpose}); {@code null} when the
 *     request names none, and the tenant's declared purposes apply instead. Trimmed and lower-cased here; a purpose
 *     that is not a short slug is denied with {@code invalid_purpose} (status 400).
 */
public record PolicyRequest(UUID tenantId, String model, String purpose) {

    public PolicyRequest {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(model, "model");
        purpose = purpose == null || purpose.isBlank() ? null : purpose.strip().toLowerCase(Locale.ROOT);
    }
}
