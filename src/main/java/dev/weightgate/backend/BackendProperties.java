package dev.weightgate.backend;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** The models the gateway serves, from {@code weightgate.models}. */
@ConfigurationProperties("weightgate")
public record BackendProperties(@DefaultValue List<ModelDefinition> models) {
}
