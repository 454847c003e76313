package dev.weightgate.api;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the OpenAI-compatible API, under {@code weightgate.api}.
 *
 * @param maxRequestSize the largest request body accepted; larger ones get a 413
 */
@ConfigurationProperties("weightgate.api")
public record ApiProperties(@DefaultValue("4MB") DataSize maxRequestSize) {
}
