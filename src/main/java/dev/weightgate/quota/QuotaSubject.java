package dev.weightgate.quota;

import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Who is asking, as far as quotas are concerned.
 *
 * @param tenantId the caller's tenant
 * @param keyId    the API key used; {@code null} for callers authenticated by a JWT, who have none
 * @param model    the model requested
 */
public record QuotaSubject(UUID tenantId, @Nullable UUID keyId, String model) {

    public QuotaSubject {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(model, "model");
    }
}
