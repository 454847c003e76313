package dev.weightgate.policy;

import java.time.Instant;

/**
 * A tenant's acceptance of a license's terms and acceptable-use policy.
 *
 * @param license the catalog license id accepted
 * @param acceptedBy the person who accepted on the tenant's behalf, as they gave it
 * @param acceptedAt when
 * @param recordedBy the caller that recorded it
 */
public record LicenseAcceptance(String license, String acceptedBy, Instant acceptedAt, String recordedBy) {
}
