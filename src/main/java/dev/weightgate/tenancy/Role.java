package dev.weightgate.tenancy;

import java.util.Locale;
import java.util.Optional;

/** What a caller may do. A caller may hold several. */
public enum Role {
    /** Runs the gateway: every tenant, every setting. */
    PLATFORM_ADMIN,
    /** Manages one tenant: its keys, quotas and settings. */
    TENANT_ADMIN,
    /** Reads one tenant's audit trail, and nothing else. */
    AUDITOR,
    /** Uses models. */
    USER;

    /** The Spring Security authority for this role. */
    public String authority() {
        return "ROLE_" + name();
    }

    /** Reads {@code platform-admin}, {@code PLATFORM_ADMIN} and the like; empty for anything else. */
    public static Optional<Role> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String normalised = text.strip().replace('-', '_').toUpperCase(Locale.ROOT);
        for (Role role : values()) {
            if (role.name().equals(normalised)) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }
}
