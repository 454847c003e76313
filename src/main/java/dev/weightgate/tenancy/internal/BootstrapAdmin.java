package dev.weightgate.tenancy.internal;

import dev.weightgate.tenancy.KeySpec;
import dev.weightgate.tenancy.Role;
import dev.weightgate.tenancy.TenancyProperties;
import dev.weightgate.tenancy.Tenant;
import dev.weightgate.tenancy.TenantDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Makes sure someone can administer a new gateway. The first platform administrator's key comes from
 * configuration ({@code weightgate.bootstrap.admin-key}); when none is configured and the database has no platform
 * administrator yet, one is generated and written once to a file only its owner can read. The log names the file,
 * never the key. Runs once the beans are ready and before the web server accepts requests, so the first request
 * never races the administrator's key.
 */
@Component
class BootstrapAdmin implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(BootstrapAdmin.class);

    private final TenantDirectory tenants;
    private final ApiKeyService keys;
    private final ApiKeyRepository keyRepository;
    private final TenancyVersion version;
    private final TenancyProperties properties;
    private final Environment environment;
    private final TransactionTemplate transactions;

    BootstrapAdmin(TenantDirectory tenants, ApiKeyService keys, ApiKeyRepository keyRepository, TenancyVersion version,
                   TenancyProperties properties, Environment environment, TransactionTemplate transactions) {
        this.tenants = tenants;
        this.keys = keys;
        this.keyRepository = keyRepository;
        this.version = version;
        this.properties = properties;
        this.environment = environment;
        this.transactions = transactions;
    }

    @Override
    public void afterSingletonsInstantiated() {
        transactions.executeWithoutResult(status -> bootstrap());
    }

    private void bootstrap() {
        Tenant platform = tenants.findByName(TenantDirectory.PLATFORM_TENANT)
                .orElseGet(() -> tenants.create(TenantDirectory.PLATFORM_TENANT, "bootstrap"));
        String configured = configuredKey();
        KeySpec spec = new KeySpec("bootstrap admin", "bootstrap", Set.of(Role.PLATFORM_ADMIN), Set.of(), Set.of(), null);
        if (configured != null) {
            if (keyRepository.findByLookupId(KeyMaterial.lookupId(configured)).isEmpty()) {
                keys.store(platform.id(), configured, spec);
                version.bump();
                log.info("Registered the configured bootstrap platform-admin key");
            }
            return;
        }
        if (keyRepository.existsByRolesContaining(Role.PLATFORM_ADMIN.name())) {
            return;
        }
        String generated = keys.store(platform.id(), KeyMaterial.generate(), spec).key();
        version.bump();
        Path file = writeOwnerOnly(properties.bootstrapKeyFile(), generated);
        log.warn("No platform-admin key was configured: generated one and wrote it to {} (readable by its owner only). "
                + "Use it as a bearer token to create tenants and keys, then delete the file.", file.toAbsolutePath());
    }

    private String configuredKey() {
        String key = properties.bootstrapAdminKey();
        if (key == null || key.isBlank()) {
            key = environment.getProperty("weightgate.bootstrap.admin-key");
        }
        return key == null || key.isBlank() ? null : key.strip();
    }

    private static Path writeOwnerOnly(Path file, String key) {
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            Files.deleteIfExists(file);
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException notPosix) {
                Files.createFile(file);
            }
            Files.writeString(file, key + System.lineSeparator(), StandardOpenOption.TRUNCATE_EXISTING);
            return file;
        } catch (IOException e) {
            throw new IllegalStateException("Could not write the generated bootstrap key to " + file
                    + "; configure weightgate.bootstrap.admin-key instead", e);
        }
    }
}
