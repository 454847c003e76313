package dev.weightgate.api;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the OpenAI-compatible API, under {@code weightgate.api}.
 *
 * @param maxRequestSize the largest request body accepted; larger ones get a 413
 * @param defaultMaxCompletionTokens the completion length reserved against quotas, and passed to the model as
 *     {@code max_tokens}, when a request sets neither {@code max_tokens} nor {@code max_completion_tokens}: without a
 *     bound, no budget could be held exactly
 */
@ConfigurationProperties("weightgate.api")
public record ApiProperties(@DefaultValue("4MB") DataSize maxRequestSize,
                            @DefaultValue("4096") int defaultMaxCompletionTokens) {
}
