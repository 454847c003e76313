package dev.weightgate.tenancy.internal;

import dev.weightgate.tenancy.ApiKeyView;
import dev.weightgate.tenancy.ApiKeys;
import dev.weightgate.tenancy.Caller;
import dev.weightgate.tenancy.KeyCheck;
import dev.weightgate.tenancy.KeySpec;
import dev.weightgate.tenancy.NewApiKey;
import dev.weightgate.tenancy.TenancyEvents;
import dev.weightgate.tenancy.Tenant;
import dev.weightgate.tenancy.TenantStatus;
import dev.weightgate.tenancy.Tenants;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Keys, checked from memory. What a lookup id resolves to (the stored hash, the caller it stands for, the tenant's
 * status) is cached, misses included, so the request path reaches the database only for a key it has not seen since
 * the last change; {@link TenancyVersion} empties the cache on every replica whenever any key or tenant changes.
 * Expiry is checked at each use, against the cached expiry, so a key stops working the moment it expires.
 */
@Service
class ApiKeyService implements ApiKeys {

    /** Bounds the cache under a flood of made-up keys; past it the cache starts over. */
    private static final int MAX_CACHED = 100_000;

    private final ApiKeyRepository keys;
    private final Tenants tenants;
    private final TenancyVersion version;
    private final KeyUsageRecorder usage;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate readOnly;
    private final Clock clock;
    private final Map<String, Resolved> cache = new ConcurrentHashMap<>();

    /** What a lookup id resolved to when last read; {@code key == null} when no key has that id. */
    private record Resolved(ApiKeyEntity key, Caller caller, boolean tenantActive) {
    }

    ApiKeyService(ApiKeyRepository keys, Tenants tenants, TenancyVersion version, KeyUsageRecorder usage,
                  ApplicationEventPublisher events, TransactionTemplate transactions) {
        this.keys = keys;
        this.tenants = tenants;
        this.version = version;
        this.usage = usage;
        this.events = events;
        this.readOnly = new TransactionTemplate(transactions.getTransactionManager());
        this.readOnly.setReadOnly(true);
        this.clock = Clock.systemUTC();
        version.onChange(cache::clear);
    }

    @Override
    public KeyCheck check(String presentedKey) {
        if (presentedKey == null || presentedKey.isBlank() || presentedKey.length() > 512) {
            return new KeyCheck.Invalid();
        }
        String lookupId = KeyMaterial.lookupId(presentedKey);
        Resolved resolved = cache.get(lookupId);
        if (resolved == null) {
            resolved = resolve(lookupId);
            if (cache.size() >= MAX_CACHED) {
                cache.clear();
            }
            cache.put(lookupId, resolved);
        }
        // Compared even for unknown ids, against a dummy hash, so a miss costs what a hit costs.
        String storedHash = resolved.key() == null ? KeyMaterial.hash("") : resolved.key().secretHash();
        boolean matches = KeyMaterial.matches(presentedKey, storedHash);
        if (resolved.key() == null || !matches || !resolved.key().isUsableAt(clock.instant())) {
            return new KeyCheck.Invalid();
        }
        if (!resolved.tenantActive()) {
            return new KeyCheck.TenantDisabled();
        }
        usage.used(resolved.key().id(), clock.instant());
        return new KeyCheck.Valid(resolved.caller());
    }

    private Resolved resolve(String lookupId) {
        return readOnly.execute(status -> keys.findByLookupId(lookupId)
                .map(key -> {
                    Optional<Tenant> tenant = tenants.findById(key.tenantId());
                    return new Resolved(key, callerOf(key, tenant.map(Tenant::serveWhenAuditUnavailable).orElse(false)),
                            tenant.map(t -> t.status() == TenantStatus.ACTIVE).orElse(false));
                })
                .orElse(new Resolved(null, null, false)));
    }

    private static Caller callerOf(ApiKeyEntity key, boolean servedWhenAuditUnavailable) {
        return new Caller(key.tenantId(), key.id(), key.name(), key.roleSet(), key.allowedModelSet(),
                key.allowedEndpointSet(), servedWhenAuditUnavailable);
    }

    @Override
    @Transactional
    public NewApiKey create(UUID tenantId, KeySpec spec, String actor) {
        NewApiKey created = store(tenantId, KeyMaterial.generate(), spec);
        version.bump();
        events.publishEvent(new TenancyEvents.ApiKeyCreated(tenantId, created.view().id(), spec.name(), actor));
        return created;
    }

    /** Stores a key whose text is given (the bootstrap key); the caller publishes and bumps. */
    NewApiKey store(UUID tenantId, String key, KeySpec spec) {
        ApiKeyEntity entity = new ApiKeyEntity(tenantId, key, spec.name(), spec.owner(), spec.roles(),
                spec.allowedModels(), spec.allowedEndpoints(), clock.instant(), spec.expiresAt());
        return new NewApiKey(key, view(keys.saveAndFlush(entity)));
    }

    @Override
    @Transactional(readOnly = true)
    public List<ApiKeyView> list(UUID tenantId) {
        return keys.findByTenantIdOrderByCreatedAtDesc(tenantId).stream().map(this::view).toList();
    }

    @Override
    @Transactional(readOnly = true)
    public Optional<ApiKeyView> find(UUID tenantId, UUID keyId) {
        return keys.findByIdAndTenantId(keyId, tenantId).map(this::view);
    }

    @Override
    @Transactional
    public Optional<ApiKeyView> revoke(UUID tenantId, UUID keyId, String actor) {
        return keys.findByIdAndTenantId(keyId, tenantId).map(key -> {
            key.revoke(clock.instant());
            ApiKeyView view = view(keys.saveAndFlush(key));
            version.bump();
            events.publishEvent(new TenancyEvents.ApiKeyRevoked(tenantId, keyId, actor));
            return view;
        });
    }

    @Override
    @Transactional
    public Optional<NewApiKey> rotate(UUID tenantId, UUID keyId, Duration overlap, String actor) {
        Instant now = clock.instant();
        return keys.findByIdAndTenantId(keyId, tenantId).filter(key -> key.isUsableAt(now)).map(old -> {
            KeySpec spec = new KeySpec(old.name(), old.owner(), old.roleSet(), old.allowedModelSet(),
                    old.allowedEndpointSet(), old.expiresAt());
            NewApiKey replacement = store(tenantId, KeyMaterial.generate(), spec);
            old.replaceWith(replacement.view().id(), now.plus(overlap));
            keys.saveAndFlush(old);
            version.bump();
            events.publishEvent(new TenancyEvents.ApiKeyRotated(tenantId, keyId, replacement.view().id(),
                    old.expiresAt(), actor));
            return replacement;
        });
    }

    private ApiKeyView view(ApiKeyEntity key) {
        Instant now = clock.instant();
        String status = key.revokedAt() != null ? "revoked" : !key.isUsableAt(now) ? "expired" : "active";
        Instant lastUsed = usage.lastUsed(key.id()).filter(t -> key.lastUsedAt() == null || t.isAfter(key.lastUsedAt()))
                .orElse(key.lastUsedAt());
        return new ApiKeyView(key.id(), key.tenantId(), key.name(), key.owner(), key.roleSet(), key.allowedModelSet(),
                key.allowedEndpointSet(), key.createdAt(), key.expiresAt(), key.revokedAt(), lastUsed,
                key.replacedBy(), status);
    }
}
