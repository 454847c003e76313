package dev.weightgate.policy.internal;

import dev.weightgate.policy.ComplianceProfile;
import dev.weightgate.policy.LicenseAcceptance;
import dev.weightgate.policy.LicenseEntry;
import dev.weightgate.policy.ModelEntry;
import dev.weightgate.policy.RuleDefinition;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;

/**
 * The policy module's tables (V6__policy.sql), through plain JDBC: catalog entries and rules are stored as JSON
 * documents, profiles as columns. Every method runs in the caller's transaction.
 */
@Repository
class PolicyStore {

    /** A catalog row: where it came from, and which catalog file version seeded it. */
    record CatalogRow<T>(T entry, int catalogVersion, String source) {
    }

    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };

    private final JdbcTemplate jdbc;

    PolicyStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    // --- version ----------------------------------------------------------------------------------------------

    long version() {
        Long version = jdbc.queryForObject("SELECT version FROM policy_version WHERE id = 1", Long.class);
        return version == null ? 0 : version;
    }

    /** Moves the policy version on; call in the transaction that makes the change. */
    long bump() {
        jdbc.update("UPDATE policy_version SET version = version + 1 WHERE id = 1");
        return version();
    }

    /** Locks the version row until the transaction ends, so replicas seeding at once take turns. */
    void lock() {
        jdbc.queryForObject("SELECT version FROM policy_version WHERE id = 1 FOR UPDATE", Long.class);
    }

    // --- catalog ----------------------------------------------------------------------------------------------

    List<CatalogRow<LicenseEntry>> licenses() {
        return jdbc.query("SELECT body, catalog_version, source FROM policy_license ORDER BY id",
                (rs, n) -> new CatalogRow<>(PolicyJson.read(rs.getString(1), LicenseEntry.class), rs.getInt(2),
                        rs.getString(3)));
    }

    List<CatalogRow<ModelEntry>> models() {
        return jdbc.query("SELECT body, catalog_version, source FROM policy_model ORDER BY position, id",
                (rs, n) -> new CatalogRow<>(PolicyJson.read(rs.getString(1), ModelEntry.class), rs.getInt(2),
                        rs.getString(3)));
    }

    void putLicense(LicenseEntry license, int catalogVersion, String source, String actor) {
        String body = PolicyJson.write(license);
        OffsetDateTime now = now();
        if (jdbc.update("UPDATE policy_license SET body = ?, catalog_version = ?, source = ?, updated_at = ?, "
                + "updated_by = ? WHERE id = ?", body, catalogVersion, source, now, actor, license.id()) == 0) {
            jdbc.update("INSERT INTO policy_license (id, catalog_version, source, body, updated_at, updated_by) "
                    + "VALUES (?, ?, ?, ?, ?, ?)", license.id(), catalogVersion, source, body, now, actor);
        }
    }

    void putModel(ModelEntry model, int position, int catalogVersion, String source, String actor) {
        String body = PolicyJson.write(model);
        OffsetDateTime now = now();
        if (jdbc.update("UPDATE policy_model SET body = ?, position = ?, catalog_version = ?, source = ?, "
                + "updated_at = ?, updated_by = ? WHERE id = ?", body, position, catalogVersion, source, now, actor,
                model.id()) == 0) {
            jdbc.update("INSERT INTO policy_model (id, position, catalog_version, source, body, updated_at, updated_by) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?)", model.id(), position, catalogVersion, source, body, now, actor);
        }
    }

    /** The position an administrator's new model entry takes: after every other. */
    int nextModelPosition() {
        Integer max = jdbc.queryForObject("SELECT MAX(position) FROM policy_model", Integer.class);
        return max == null ? 0 : max + 1;
    }

    Optional<Integer> modelPosition(String id) {
        return jdbc.query("SELECT position FROM policy_model WHERE id = ?", (rs, n) -> rs.getInt(1), id).stream()
                .findFirst();
    }

    boolean deleteModel(String id) {
        return jdbc.update("DELETE FROM policy_model WHERE id = ?", id) > 0;
    }

    boolean deleteLicense(String id) {
        return jdbc.update("DELETE FROM policy_license WHERE id = ?", id) > 0;
    }

    // --- profiles and acceptances -----------------------------------------------------------------------------

    Map<UUID, ComplianceProfile> profiles() {
        Map<UUID, List<LicenseAcceptance>> acceptances = new HashMap<>();
        jdbc.query("SELECT tenant_id, license_id, accepted_by, accepted_at, recorded_by FROM policy_acceptance "
                + "ORDER BY tenant_id, license_id", rs -> {
                    acceptances.computeIfAbsent(rs.getObject(1, UUID.class), id -> new ArrayList<>()).add(acceptance(rs));
                });
        Map<UUID, ComplianceProfile> profiles = new HashMap<>();
        jdbc.query("SELECT * FROM policy_profile", rs -> {
            UUID tenant = rs.getObject("tenant_id", UUID.class);
            profiles.put(tenant, profile(rs, acceptances.getOrDefault(tenant, List.of())));
        });
        acceptances.forEach((tenant, accepted) -> profiles.putIfAbsent(tenant,
                ComplianceProfile.undeclared(tenant, accepted)));
        return profiles;
    }

    ComplianceProfile profile(UUID tenantId) {
        List<LicenseAcceptance> accepted = acceptances(tenantId);
        return jdbc.query("SELECT * FROM policy_profile WHERE tenant_id = ?", (rs, n) -> profile(rs, accepted), tenantId)
                .stream().findFirst().orElseGet(() -> ComplianceProfile.undeclared(tenantId, accepted));
    }

    void saveProfile(UUID tenantId, String jurisdiction, String region, Boolean commercial, Long monthlyActiveUsers,
                     String industry, Set<String> purposes, String actor) {
        String purposesJson = PolicyJson.write(purposes.stream().sorted().toList());
        OffsetDateTime now = now();
        if (jdbc.update("UPDATE policy_profile SET jurisdiction = ?, legal_entity_region = ?, commercial = ?, "
                        + "monthly_active_users = ?, industry = ?, purposes = ?, updated_at = ?, updated_by = ? "
                        + "WHERE tenant_id = ?", jurisdiction, region, commercial, monthlyActiveUsers, industry,
                purposesJson, now, actor, tenantId) == 0) {
            jdbc.update("INSERT INTO policy_profile (tenant_id, jurisdiction, legal_entity_region, commercial, "
                            + "monthly_active_users, industry, purposes, updated_at, updated_by) "
                            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", tenantId, jurisdiction, region, commercial,
                    monthlyActiveUsers, industry, purposesJson, now, actor);
        }
    }

    List<LicenseAcceptance> acceptances(UUID tenantId) {
        return jdbc.query("SELECT tenant_id, license_id, accepted_by, accepted_at, recorded_by FROM policy_acceptance "
                + "WHERE tenant_id = ? ORDER BY license_id", (rs, n) -> acceptance(rs), tenantId);
    }

    void saveAcceptance(UUID tenantId, LicenseAcceptance acceptance) {
        OffsetDateTime at = OffsetDateTime.ofInstant(acceptance.acceptedAt(), ZoneOffset.UTC);
        if (jdbc.update("UPDATE policy_acceptance SET accepted_by = ?, accepted_at = ?, recorded_by = ? "
                        + "WHERE tenant_id = ? AND license_id = ?", acceptance.acceptedBy(), at, acceptance.recordedBy(),
                tenantId, acceptance.license()) == 0) {
            jdbc.update("INSERT INTO policy_acceptance (tenant_id, license_id, accepted_by, accepted_at, recorded_by) "
                    + "VALUES (?, ?, ?, ?, ?)", tenantId, acceptance.license(), acceptance.acceptedBy(), at,
                    acceptance.recordedBy());
        }
    }

    boolean deleteAcceptance(UUID tenantId, String licenseId) {
        return jdbc.update("DELETE FROM policy_acceptance WHERE tenant_id = ? AND license_id = ?", tenantId,
                licenseId) > 0;
    }

    // --- rules ------------------------------------------------------------------------------------------------

    List<StoredRule> rules() {
        return jdbc.query("SELECT * FROM policy_rule ORDER BY id", (rs, n) -> rule(rs));
    }

    Optional<StoredRule> rule(String id) {
        return jdbc.query("SELECT * FROM policy_rule WHERE id = ?", (rs, n) -> rule(rs), id).stream().findFirst();
    }

    void insertRule(String id, RuleDefinition definition, boolean enabled, String actor) {
        OffsetDateTime now = now();
        jdbc.update("INSERT INTO policy_rule (id, version, enabled, definition, created_at, updated_at, updated_by) "
                + "VALUES (?, 1, ?, ?, ?, ?, ?)", id, enabled, PolicyJson.write(definition), now, now, actor);
    }

    boolean updateRule(String id, RuleDefinition definition, boolean enabled, String actor) {
        return jdbc.update("UPDATE policy_rule SET version = version + 1, enabled = ?, definition = ?, updated_at = ?, "
                + "updated_by = ? WHERE id = ?", enabled, PolicyJson.write(definition), now(), actor, id) > 0;
    }

    boolean deleteRule(String id) {
        return jdbc.update("DELETE FROM policy_rule WHERE id = ?", id) > 0;
    }

    // --- mapping ----------------------------------------------------------------------------------------------

    private static ComplianceProfile profile(ResultSet rs, List<LicenseAcceptance> accepted) throws SQLException {
        Object commercial = rs.getObject("commercial");
        Object users = rs.getObject("monthly_active_users");
        return new ComplianceProfile(rs.getObject("tenant_id", UUID.class), true, rs.getString("jurisdiction"),
                rs.getString("legal_entity_region"), commercial == null ? null : rs.getBoolean("commercial"),
                users == null ? null : rs.getLong("monthly_active_users"), rs.getString("industry"),
                new LinkedHashSet<>(PolicyJson.MAPPER.readValue(rs.getString("purposes"), STRINGS)), accepted,
                instant(rs, "updated_at"), rs.getString("updated_by"));
    }

    private static LicenseAcceptance acceptance(ResultSet rs) throws SQLException {
        return new LicenseAcceptance(rs.getString("license_id"), rs.getString("accepted_by"),
                instant(rs, "accepted_at"), rs.getString("recorded_by"));
    }

    private static StoredRule rule(ResultSet rs) throws SQLException {
        return new StoredRule(rs.getString("id"), rs.getLong("version"), rs.getBoolean("enabled"),
                PolicyJson.read(rs.getString("definition"), RuleDefinition.class), instant(rs, "created_at"),
                instant(rs, "updated_at"), rs.getString("updated_by"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }
}
