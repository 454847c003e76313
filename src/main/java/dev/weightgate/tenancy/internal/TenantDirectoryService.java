package dev.weightgate.tenancy.internal;

import dev.weightgate.tenancy.LoggingMode;
import dev.weightgate.tenancy.TenancyEvents;
import dev.weightgate.tenancy.Tenant;
import dev.weightgate.tenancy.TenantDirectory;
import dev.weightgate.tenancy.TenantStatus;
import dev.weightgate.tenancy.Tenants;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

@Service
class TenantDirectoryService implements TenantDirectory {

    private final Tenants tenants;
    private final TenancyVersion version;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    TenantDirectoryService(Tenants tenants, TenancyVersion version, ApplicationEventPublisher events) {
        this.tenants = tenants;
        this.version = version;
        this.events = events;
        this.clock = Clock.systemUTC();
    }

    @Override
    @Transactional
    public Tenant create(String name, String actor) {
        Tenant tenant = tenants.saveAndFlush(Tenant.create(name, clock.instant()));
        version.bump();
        events.publishEvent(new TenancyEvents.TenantCreated(tenant.id(), tenant.name(), actor));
        return tenant;
    }

    @Override
    @Transactional(readOnly = true)
    public List<Tenant> all() {
        return tenants.findAll(Sort.by("name"));
    }

    @Override
    @Transactional(readOnly = true)
    public Optional<Tenant> find(UUID id) {
        return tenants.findById(id);
    }

    @Override
    @Transactional(readOnly = true)
    public Optional<Tenant> findByName(String name) {
        return tenants.findByName(name);
    }

    @Override
    @Transactional
    public Optional<Tenant> updateAuditPolicy(UUID id, LoggingMode mode, int contentRetentionDays,
                                              int metadataRetentionDays, String actor) {
        return tenants.findById(id).map(tenant -> {
            tenant.setAuditPolicy(mode, contentRetentionDays, metadataRetentionDays);
            Tenant saved = tenants.saveAndFlush(tenant);
            version.bump();
            events.publishEvent(new TenancyEvents.TenantChanged(id, "logging_mode=" + mode + ", content_retention_days="
                    + contentRetentionDays + ", metadata_retention_days=" + metadataRetentionDays, actor));
            return saved;
        });
    }

    @Override
    @Transactional
    public Optional<Tenant> updateServeWhenAuditUnavailable(UUID id, boolean serve, String actor) {
        return tenants.findById(id).map(tenant -> {
            tenant.setServeWhenAuditUnavailable(serve);
            Tenant saved = tenants.saveAndFlush(tenant);
            version.bump();
            events.publishEvent(new TenancyEvents.TenantChanged(id, "serve_when_audit_unavailable=" + serve, actor));
            return saved;
        });
    }

    @Override
    @Transactional
    public Optional<Tenant> update(UUID id, String name, TenantStatus status, String actor) {
        return tenants.findById(id).map(tenant -> {
            if (name != null) {
                tenant.rename(name);
            }
            if (status == TenantStatus.DISABLED) {
                tenant.disable();
            } else if (status == TenantStatus.ACTIVE) {
                tenant.enable();
            }
            Tenant saved = tenants.saveAndFlush(tenant);
            version.bump();
            events.publishEvent(new TenancyEvents.TenantChanged(id,
                    "name=" + saved.name() + ", status=" + saved.status(), actor));
            return saved;
        });
    }
}
