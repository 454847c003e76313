package dev.weightgate.api;

import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.StrictHttpFirewall;

/**
 * Lets model ids that contain a slash ({@code meta-llama/Llama-3.2-1B}, as vLLM names models) travel URL-encoded
 * in a path, as the OpenAI SDKs send them: {@code GET /v1/models/meta-llama%2FLlama-3.2-1B}. The container decodes
 * {@code %2F} before it normalises the path, so an encoded slash cannot smuggle a {@code ..} segment past it; the
 * models endpoint takes the rest of the path as the id.
 */
@Configuration(proxyBeanMethods = false)
class EncodedSlashes {

    @Bean
    TomcatConnectorCustomizer decodeEncodedSlashes() {
        return connector -> connector.setEncodedSolidusHandling("decode");
    }

    @Bean
    HttpFirewall httpFirewall() {
        StrictHttpFirewall firewall = new StrictHttpFirewall();
        firewall.setAllowUrlEncodedSlash(true);
        return firewall;
    }
}
