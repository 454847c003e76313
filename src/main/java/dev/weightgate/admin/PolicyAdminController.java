package dev.weightgate.admin;

import dev.weightgate.api.ApiException;
import dev.weightgate.backend.Backends;
import dev.weightgate.backend.ServedModel;
import dev.weightgate.policy.ComplianceProfile;
import dev.weightgate.policy.ComplianceProfileUpdate;
import dev.weightgate.policy.ComplianceProfiles;
import dev.weightgate.policy.Decision;
import dev.weightgate.policy.LicenseCatalog;
import dev.weightgate.policy.LicenseEntry;
import dev.weightgate.policy.ModelEntry;
import dev.weightgate.policy.ModelLicense;
import dev.weightgate.policy.PolicyDecisions;
import dev.weightgate.policy.PolicyRequest;
import dev.weightgate.policy.PolicyRule;
import dev.weightgate.policy.PolicyRules;
import dev.weightgate.policy.PolicyValidationException;
import dev.weightgate.policy.RuleDefinition;
import dev.weightgate.tenancy.Caller;
import dev.weightgate.tenancy.CallerAuthentication;
import dev.weightgate.tenancy.Tenant;
import dev.weightgate.tenancy.TenantDirectory;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Supplier;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * License compliance: tenants' compliance profiles and license acceptances (tenant administrators for their own
 * tenant, platform administrators for any), dry-run decisions and reports, license facts per model, organisation rules
 * and the license catalog (changed by platform administrators only). Bodies are snake_case JSON and read strictly: an
 * unknown field is refused rather than ignored, so a misspelt rule condition cannot silently widen a rule.
 */
@RestController
class PolicyAdminController {

    /** Reads and writes the policy module's records as snake_case JSON, refusing unknown fields. */
    private static final JsonMapper JSON = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private final PolicyDecisions decisions;
    private final ComplianceProfiles profiles;
    private final PolicyRules rules;
    private final LicenseCatalog catalog;
    private final Backends backends;
    private final TenantDirectory tenants;
    private final TenantAccess access;

    PolicyAdminController(PolicyDecisions decisions, ComplianceProfiles profiles, PolicyRules rules,
                          LicenseCatalog catalog, Backends backends, TenantDirectory tenants, TenantAccess access) {
        this.decisions = decisions;
        this.profiles = profiles;
        this.rules = rules;
        this.catalog = catalog;
        this.backends = backends;
        this.tenants = tenants;
        this.access = access;
    }

    // --- compliance profiles and acceptances -----------------------------------------------------------------

    @GetMapping("/admin/v1/tenants/{tenantId}/compliance-profile")
    JsonNode profile(@PathVariable UUID tenantId) {
        access.readable(tenantId);
        return profileJson(profiles.profile(tenantId));
    }

    @PutMapping("/admin/v1/tenants/{tenantId}/compliance-profile")
    JsonNode declareProfile(@PathVariable UUID tenantId, @RequestBody(required = false) JsonNode body) {
        access.manageable(tenantId);
        ComplianceProfileUpdate update = read(body, ComplianceProfileUpdate.class);
        return profileJson(validated(() -> profiles.declare(tenantId, update, TenantAccess.actor())));
    }

    @GetMapping("/admin/v1/tenants/{tenantId}/license-acceptances")
    JsonNode acceptances(@PathVariable UUID tenantId) {
        access.readable(tenantId);
        return list(JSON.valueToTree(profiles.profile(tenantId).acceptances()));
    }

    record Acceptance(String license, String acceptedBy) {
    }

    @PostMapping("/admin/v1/tenants/{tenantId}/license-acceptances")
    @ResponseStatus(HttpStatus.CREATED)
    JsonNode accept(@PathVariable UUID tenantId, @RequestBody(required = false) JsonNode body) {
        access.manageable(tenantId);
        Acceptance request = read(body, Acceptance.class);
        ObjectNode accepted = JSON.valueToTree(validated(() -> profiles.accept(tenantId, request.license(),
                request.acceptedBy(), TenantAccess.actor())));
        return accepted.put("object", "license_acceptance").put("tenant_id", tenantId.toString());
    }

    @DeleteMapping("/admin/v1/tenants/{tenantId}/license-acceptances/{license}")
    JsonNode withdraw(@PathVariable UUID tenantId, @PathVariable String license) {
        access.manageable(tenantId);
        return profiles.withdraw(tenantId, license, TenantAccess.actor()).map(a -> (JsonNode) JSON.valueToTree(a))
                .orElseThrow(() -> notFound("acceptance_not_found", "This tenant has not accepted '" + license + "'."));
    }

    // --- dry run, reports, license facts ---------------------------------------------------------------------

    record Evaluate(UUID tenantId, String model, String purpose) {
    }

    /** What would happen to a request, without sending anything to a model. */
    @PostMapping("/admin/v1/policy/evaluate")
    JsonNode evaluate(@RequestBody(required = false) JsonNode body) {
        Evaluate request = read(body, Evaluate.class);
        UUID tenantId = request.tenantId() != null ? request.tenantId() : CallerAuthentication.current().tenantId();
        access.readable(tenantId);
        if (request.model() == null || request.model().isBlank()) {
            throw ApiException.invalidRequest("'model' names the model to evaluate.", "model", "invalid_value");
        }
        PolicyRequest policyRequest = new PolicyRequest(tenantId, request.model(), request.purpose());
        return decisionJson(policyRequest, decisions.decide(policyRequest))
                .put("served", backends.find(request.model()).isPresent());
    }

    /** The license facts and obligations of a model; {@code GET /admin/v1/models/{id}/license}, ids may hold '/'. */
    @GetMapping("/admin/v1/models/{*path}")
    JsonNode modelLicense(@PathVariable String path) {
        String rest = path.startsWith("/") ? path.substring(1) : path;
        if (!rest.endsWith("/license") || rest.length() <= "/license".length()) {
            throw new ApiException(HttpStatus.NOT_FOUND, "invalid_request_error", "Unknown request URL: GET "
                    + "/admin/v1/models/" + rest + "; use /admin/v1/models/{id}/license.", null, "unknown_url");
        }
        String modelId = rest.substring(0, rest.length() - "/license".length());
        boolean served = backends.find(modelId).isPresent();
        ModelLicense license = decisions.describe(modelId);
        if (license.entry() == null && !served) {
            throw ApiException.modelNotFound(modelId);
        }
        ObjectNode answer = JSON.createObjectNode().put("object", "model.license").put("model", modelId)
                .put("served", served).put("policy_version", decisions.policyVersion());
        answer.set("entry", JSON.valueToTree(license.entry()));
        answer.set("license", JSON.valueToTree(license.license()));
        answer.set("obligations", JSON.valueToTree(license.obligations().stream().map(PolicyAdminController::obligation)
                .toList()));
        answer.set("restrictions", JSON.valueToTree(license.restrictions()));
        return answer;
    }

    /** Which tenants may use which served models, and why not: every tenant for platform admins, one's own otherwise. */
    @GetMapping("/admin/v1/policy/report")
    JsonNode report(@RequestParam(required = false) String purpose) {
        Caller caller = CallerAuthentication.current();
        List<Tenant> scope = caller.isPlatformAdmin() ? tenants.all() : List.of(access.readable(caller.tenantId()));
        ArrayNode rows = JSON.createArrayNode();
        for (Tenant tenant : scope) {
            for (ServedModel model : backends.all()) {
                Decision decision = decisions.decide(new PolicyRequest(tenant.id(), model.id(), purpose));
                ObjectNode row = rows.addObject().put("tenant_id", tenant.id().toString())
                        .put("tenant_name", tenant.name()).put("model", model.id())
                        .put("outcome", decision.outcome().name().toLowerCase(Locale.ROOT))
                        .put("license", decision.licenseId());
                decision.denial().ifPresent(d -> row.putObject("denial").put("code", d.code())
                        .put("message", d.message()));
                row.set("obligations", JSON.valueToTree(decision.obligations().stream().map(o -> o.type().code())
                        .distinct().toList()));
                row.set("reasons", JSON.valueToTree(decision.reasons().stream()
                        .map(r -> r.effect().name().toLowerCase(Locale.ROOT) + " " + r.rule() + ": " + r.code())
                        .toList()));
            }
        }
        ObjectNode report = JSON.createObjectNode().put("object", "policy.report")
                .put("policy_version", decisions.policyVersion()).put("purpose", purpose);
        report.set("data", rows);
        return report;
    }

    // --- organisation rules (platform administrators) --------------------------------------------------------

    @GetMapping("/admin/v1/policy/rules")
    JsonNode listRules() {
        access.requirePlatformAdmin();
        ArrayNode all = JSON.createArrayNode();
        rules.list().forEach(rule -> all.add(ruleJson(rule)));
        return list(all);
    }

    @GetMapping("/admin/v1/policy/rules/{id}")
    JsonNode rule(@PathVariable String id) {
        access.requirePlatformAdmin();
        return rules.find(id).map(PolicyAdminController::ruleJson).orElseThrow(() -> ruleNotFound(id));
    }

    @PostMapping("/admin/v1/policy/rules")
    @ResponseStatus(HttpStatus.CREATED)
    JsonNode createRule(@RequestBody(required = false) JsonNode body) {
        access.requirePlatformAdmin();
        ObjectNode fields = object(body);
        String id = fields.hasNonNull("id") ? fields.get("id").asString() : null;
        boolean enabled = !fields.has("enabled") || fields.get("enabled").asBoolean(true);
        if (id != null && rules.find(id).isPresent()) {
            throw new ApiException(HttpStatus.CONFLICT, "invalid_request_error", "A rule with id '" + id
                    + "' already exists; change it with PUT /admin/v1/policy/rules/" + id + ".", "id", "rule_exists");
        }
        RuleDefinition definition = read(fields.without(List.of("id", "enabled")), RuleDefinition.class);
        try {
            return ruleJson(validated(() -> rules.create(id, definition, enabled, TenantAccess.actor())));
        } catch (DataIntegrityViolationException taken) {
            throw new ApiException(HttpStatus.CONFLICT, "invalid_request_error", "A rule with id '" + id
                    + "' already exists.", "id", "rule_exists");
        }
    }

    @PutMapping("/admin/v1/policy/rules/{id}")
    JsonNode updateRule(@PathVariable String id, @RequestBody(required = false) JsonNode body) {
        access.requirePlatformAdmin();
        rejectBuiltin(id);
        ObjectNode fields = object(body);
        boolean enabled = !fields.has("enabled") || fields.get("enabled").asBoolean(true);
        RuleDefinition definition = read(fields.without(List.of("id", "enabled")), RuleDefinition.class);
        return validated(() -> rules.update(id, definition, enabled, TenantAccess.actor()))
                .map(PolicyAdminController::ruleJson).orElseThrow(() -> ruleNotFound(id));
    }

    @DeleteMapping("/admin/v1/policy/rules/{id}")
    JsonNode deleteRule(@PathVariable String id) {
        access.requirePlatformAdmin();
        rejectBuiltin(id);
        if (!rules.delete(id, TenantAccess.actor())) {
            throw ruleNotFound(id);
        }
        return JSON.createObjectNode().put("object", "policy.rule.deleted").put("id", id).put("deleted", true);
    }

    // --- license catalog ---------------------------------------------------------------------------------------

    @GetMapping("/admin/v1/policy/catalog")
    JsonNode catalog() {
        ObjectNode answer = JSON.createObjectNode().put("object", "policy.catalog")
                .put("catalog_version", catalog.catalogVersion()).put("policy_version", decisions.policyVersion());
        answer.set("licenses", JSON.valueToTree(catalog.licenses()));
        answer.set("models", JSON.valueToTree(catalog.models()));
        return answer;
    }

    @GetMapping("/admin/v1/policy/catalog/licenses/{id}")
    JsonNode license(@PathVariable String id) {
        return catalog.license(id).map(l -> (JsonNode) JSON.valueToTree(l)).orElseThrow(() -> licenseNotFound(id));
    }

    @PutMapping("/admin/v1/policy/catalog/licenses/{id}")
    JsonNode putLicense(@PathVariable String id, @RequestBody(required = false) JsonNode body) {
        access.requirePlatformAdmin();
        LicenseEntry license = read(object(body).put("id", id), LicenseEntry.class);
        return JSON.valueToTree(validated(() -> catalog.putLicense(license, TenantAccess.actor())));
    }

    @GetMapping("/admin/v1/policy/catalog/models/{*id}")
    JsonNode catalogModel(@PathVariable String id) {
        String modelId = stripSlash(id);
        return catalog.model(modelId).map(m -> (JsonNode) JSON.valueToTree(m))
                .orElseThrow(() -> notFound("model_entry_not_found", "No catalog model entry '" + modelId + "'."));
    }

    @PutMapping("/admin/v1/policy/catalog/models/{*id}")
    JsonNode putModel(@PathVariable String id, @RequestBody(required = false) JsonNode body) {
        access.requirePlatformAdmin();
        ModelEntry model = read(object(body).put("id", stripSlash(id)), ModelEntry.class);
        return JSON.valueToTree(validated(() -> catalog.putModel(model, TenantAccess.actor())));
    }

    @DeleteMapping("/admin/v1/policy/catalog/models/{*id}")
    JsonNode deleteModel(@PathVariable String id) {
        access.requirePlatformAdmin();
        String modelId = stripSlash(id);
        if (!catalog.deleteModel(modelId, TenantAccess.actor())) {
            throw notFound("model_entry_not_found", "No catalog model entry '" + modelId + "'.");
        }
        return JSON.createObjectNode().put("object", "policy.catalog.model.deleted").put("id", modelId)
                .put("deleted", true);
    }

    // --- shapes -----------------------------------------------------------------------------------------------

    private static ObjectNode decisionJson(PolicyRequest request, Decision decision) {
        ObjectNode answer = JSON.createObjectNode().put("object", "policy.decision")
                .put("tenant_id", request.tenantId().toString()).put("model", request.model())
                .put("purpose", request.purpose())
                .put("outcome", decision.outcome().name().toLowerCase(Locale.ROOT))
                .put("license", decision.licenseId()).put("policy_version", decision.policyVersion());
        decision.denial().ifPresent(d -> answer.set("denial", JSON.valueToTree(d)));
        ArrayNode reasons = answer.putArray("reasons");
        decision.reasons().forEach(r -> reasons.addObject().put("rule", r.rule())
                .put("effect", r.effect().name().toLowerCase(Locale.ROOT)).put("code", r.code())
                .put("message", r.message()).<ObjectNode>set("license_facts", JSON.valueToTree(r.licenseFacts()))
                .set("profile_attributes", JSON.valueToTree(r.profileAttributes())));
        answer.set("obligations", JSON.valueToTree(decision.obligations().stream()
                .map(PolicyAdminController::obligation).toList()));
        answer.set("headers", JSON.valueToTree(decision.headers()));
        answer.put("summary", decision.summary());
        return answer;
    }

    private static ObjectNode obligation(dev.weightgate.policy.Obligation obligation) {
        return JSON.createObjectNode().put("type", obligation.type().code()).put("value", obligation.value())
                .put("rule", obligation.rule()).put("in_response", obligation.inResponse());
    }

    private static JsonNode profileJson(ComplianceProfile profile) {
        ObjectNode answer = JSON.createObjectNode().put("object", "compliance_profile");
        ObjectNode fields = JSON.valueToTree(profile);
        answer.setAll(fields);
        answer.remove("acceptances");
        answer.set("accepted_terms", fields.get("acceptances"));
        return answer;
    }

    private static JsonNode ruleJson(PolicyRule rule) {
        ObjectNode answer = JSON.createObjectNode().put("object", "policy.rule").put("id", rule.id())
                .put("builtin", rule.builtin()).put("enabled", rule.enabled()).put("version", rule.version())
                .put("description", rule.description())
                .put("updated_at", rule.updatedAt() == null ? null : rule.updatedAt().toString())
                .put("updated_by", rule.updatedBy());
        if (rule.definition() != null) {
            ObjectNode definition = JSON.valueToTree(rule.definition());
            definition.remove("description");
            answer.setAll(definition);
        }
        return answer;
    }

    private static ObjectNode list(JsonNode data) {
        ObjectNode list = JSON.createObjectNode().put("object", "list");
        list.set("data", data);
        return list;
    }

    private static ObjectNode object(JsonNode body) {
        if (body instanceof ObjectNode fields) {
            return fields;
        }
        throw ApiException.invalidRequest("The request needs a JSON object body.", null, "invalid_body");
    }

    private static <T> T read(JsonNode body, Class<T> type) {
        try {
            return JSON.treeToValue(object(body), type);
        } catch (JacksonException e) {
            throw ApiException.invalidRequest("The body is not a valid " + type.getSimpleName() + ": "
                    + e.getOriginalMessage(), null, "invalid_body");
        }
    }

    private static <T> T validated(Supplier<T> change) {
        try {
            return change.get();
        } catch (PolicyValidationException e) {
            throw ApiException.invalidRequest(e.getMessage(), e.field(), "invalid_value");
        }
    }

    private static void rejectBuiltin(String id) {
        if (id.startsWith("builtin.")) {
            throw ApiException.invalidRequest("Built-in rules cannot be changed; add a rule with effect 'waive' to "
                    + "switch one off where it should not apply.", "id", "builtin_rule");
        }
    }

    private static String stripSlash(String path) {
        return path.startsWith("/") ? path.substring(1) : path;
    }

    private static ApiException ruleNotFound(String id) {
        return notFound("rule_not_found", "No policy rule with id '" + id + "'.");
    }

    private static ApiException licenseNotFound(String id) {
        return notFound("license_not_found", "No license '" + id + "' in the catalog.");
    }

    private static ApiException notFound(String code, String message) {
        return new ApiException(HttpStatus.NOT_FOUND, "invalid_request_error", message, null, code);
    }
}
