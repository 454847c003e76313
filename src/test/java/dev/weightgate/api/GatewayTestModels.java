package dev.weightgate.api;

import dev.weightgate.support.FakeOpenAiServer;
import org.springframework.test.context.DynamicPropertyRegistry;

/** The models the API tests configure, each served by one behaviour of the {@link FakeOpenAiServer}. */
final class GatewayTestModels {

    /** The platform administrator's key the tests configure; a configured bootstrap key need not be in our format. */
    static final String ADMIN_KEY = "test-platform-admin-key-0123456789abcdef";

    private GatewayTestModels() {
    }

    static void register(DynamicPropertyRegistry registry, FakeOpenAiServer upstream) {
        String[][] models = {
                {"echo-model", "echo"},
                {"acme/chat-model-v1", "echo"},
                {"slow-model", "slow"},
                {"slow-stream-model", "slow-stream"},
                {"fail-model", "fail"},
                {"reject-model", "reject"},
                {"overloaded-model", "overloaded"},
                {"error-midstream-model", "error-midstream"},
                {"cut-midstream-model", "cut-midstream"},
                {"no-logit-bias-model", "echo"},
        };
        for (int i = 0; i < models.length; i++) {
            String prefix = "weightgate.models[" + i + "].";
            String id = models[i][0];
            String upstreamModel = models[i][1];
            registry.add(prefix + "id", () -> id);
            registry.add(prefix + "remote.base-url", upstream::baseUrl);
            registry.add(prefix + "remote.model", () -> upstreamModel);
            registry.add(prefix + "remote.read-timeout", () -> "1s");
        }
        registry.add("weightgate.models[9].unsupported-parameters", () -> "logit_bias");
        registry.add("weightgate.api.max-request-size", () -> "64KB");
        registry.add("weightgate.bootstrap.admin-key", () -> ADMIN_KEY);
    }
}
