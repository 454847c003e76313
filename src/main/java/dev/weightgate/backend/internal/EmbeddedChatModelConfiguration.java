package dev.weightgate.backend.internal;

import dev.weightgate.backend.EngineProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Offers the embedded engine to Spring AI users as a {@code ChatModel} bean. */
@Configuration(proxyBeanMethods = false)
class EmbeddedChatModelConfiguration {

    @Bean
    EmbeddedChatModel embeddedChatModel(EmbeddedModels models, EngineProperties engine) {
        return new EmbeddedChatModel(models, engine.springAiModel());
    }
}
