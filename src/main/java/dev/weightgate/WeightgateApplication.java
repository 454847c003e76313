package dev.weightgate;

import dev.weightgate.cli.Cli;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Starts the gateway, or runs one of the engine's command-line tools when the first argument names one
 * ({@code tokenize}, {@code inspect}, {@code make-model}, ...). The tools never start Spring, so their standard
 * output carries nothing but their result.
 */
// No user store: callers authenticate with API keys and JWTs (issue 6), never with a generated form-login password.
@SpringBootApplication(exclude = UserDetailsServiceAutoConfiguration.class)
@ConfigurationPropertiesScan
@EnableScheduling
public class WeightgateApplication {

    public static void main(String[] args) {
        if (Cli.handles(args)) {
            System.exit(Cli.run(args));
        }
        SpringApplication.run(WeightgateApplication.class, args);
    }
}
