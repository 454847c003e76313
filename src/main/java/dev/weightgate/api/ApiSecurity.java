package dev.weightgate.api;

import dev.weightgate.tenancy.ApiKeys;
import dev.weightgate.tenancy.CallerAuthentication;
import dev.weightgate.tenancy.JwtCallers;
import dev.weightgate.tenancy.KeyCheck;
import dev.weightgate.tenancy.Role;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.regex.Pattern;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.dao.DataAccessException;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.transaction.TransactionException;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import tools.jackson.databind.ObjectMapper;

/**
 * Who may call what, as one table. Every caller presents a bearer token: a Weightgate API key, or a JWT from the
 * configured single sign-on issuer. Refusals use OpenAI's envelope: 401 when the token is missing or not valid (the
 * same answer for an unknown, wrong, expired or revoked key), 403 when the caller may not do what it asked.
 */
@Configuration(proxyBeanMethods = false)
class ApiSecurity {

    private static final Pattern JWT_SHAPE = Pattern.compile("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*");

    @Bean
    SecurityFilterChain apiSecurityFilterChain(HttpSecurity http, AuthenticationManager bearerTokens, ObjectMapper json,
                                               HttpAudit audit) throws Exception {
        AuthenticationEntryPoint unauthenticated = (request, response, e) -> {
            ApiException error = unauthenticated(e);
            response.setHeader("WWW-Authenticate", "Bearer");
            write(response, json, error);
            audit.refused(request, error.status().value(), error.toError().error().code());
        };
        AccessDeniedHandler denied = (request, response, e) -> {
            ApiException error = new ApiException(HttpStatus.FORBIDDEN, "invalid_request_error",
                    "You are not allowed to do this with the credentials you presented.", null, "insufficient_permissions");
            write(response, json, error);
            audit.refused(request, error.status().value(), error.toError().error().code());
        };
        return http
                .csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .httpBasic(basic -> basic.disable())
                .formLogin(form -> form.disable())
                .logout(logout -> logout.disable())
                .requestCache(cache -> cache.disable())
                .oauth2ResourceServer(resourceServer -> resourceServer
                        .authenticationManagerResolver(request -> bearerTokens)
                        .authenticationEntryPoint(unauthenticated)
                        .accessDeniedHandler(denied))
                .exceptionHandling(exceptions -> exceptions
                        .authenticationEntryPoint(unauthenticated)
                        .accessDeniedHandler(denied))
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/info",
                                "/actuator/prometheus", "/error", "/v3/api-docs", "/v3/api-docs/**").permitAll()
                        .requestMatchers("/v1/**").hasAnyRole(role(Role.USER), role(Role.TENANT_ADMIN),
                                role(Role.PLATFORM_ADMIN))
                        .requestMatchers("/admin/**").hasAnyRole(role(Role.PLATFORM_ADMIN), role(Role.TENANT_ADMIN),
                                role(Role.AUDITOR))
                        .anyRequest().authenticated())
                .build();
    }

    /**
     * Checks a bearer token: Weightgate API keys from memory, JWTs against the issuer's keys when single sign-on is
     * configured ({@code spring.security.oauth2.resourceserver.jwt.*}).
     */
    @Bean
    AuthenticationManager bearerTokens(ApiKeys keys, JwtCallers jwtCallers, ObjectProvider<JwtDecoder> jwtDecoder) {
        return authentication -> {
            String token = ((BearerTokenAuthenticationToken) authentication).getToken();
            JwtDecoder decoder = jwtDecoder.getIfAvailable();
            if (decoder != null && JWT_SHAPE.matcher(token).matches()) {
                return fromJwt(token, decoder, jwtCallers);
            }
            KeyCheck check;
            try {
                check = keys.check(token);
            } catch (DataAccessException | TransactionException databaseDown) {
                // A key this replica has not seen since the database went away cannot be checked now.
                throw new CredentialsUnavailable(databaseDown);
            }
            return switch (check) {
                case KeyCheck.Valid valid -> new CallerAuthentication(valid.caller());
                case KeyCheck.TenantDisabled disabled -> throw new DisabledException("tenant disabled");
                case KeyCheck.Invalid invalid -> throw new BadCredentialsException("invalid API key");
            };
        };
    }

    private static CallerAuthentication fromJwt(String token, JwtDecoder decoder, JwtCallers jwtCallers) {
        Jwt jwt;
        try {
            jwt = decoder.decode(token);
        } catch (JwtException e) {
            throw new BadCredentialsException("invalid token", e);
        }
        try {
            return jwtCallers.fromJwt(jwt).map(CallerAuthentication::new)
                    .orElseThrow(() -> new BadCredentialsException("the token names no active tenant"));
        } catch (DataAccessException | TransactionException databaseDown) {
            throw new CredentialsUnavailable(databaseDown);
        }
    }

    private static ApiException unauthenticated(AuthenticationException e) {
        return switch (e) {
            case CredentialsUnavailable unavailable -> new ApiException(HttpStatus.SERVICE_UNAVAILABLE,
                    "server_error", "The gateway cannot check credentials right now; retry shortly.", null,
                    "authentication_unavailable");
            case DisabledException disabled -> new ApiException(HttpStatus.FORBIDDEN, "invalid_request_error",
                    "This tenant has been disabled. Ask your administrator.", null, "account_deactivated");
            case BadCredentialsException bad -> new ApiException(HttpStatus.UNAUTHORIZED, "invalid_request_error",
                    "Incorrect API key or token provided.", null, "invalid_api_key");
            default -> new ApiException(HttpStatus.UNAUTHORIZED, "invalid_request_error",
                    "You didn't provide an API key. Send it in an Authorization header using Bearer auth "
                            + "(Authorization: Bearer YOUR_KEY).", null, "missing_api_key");
        };
    }

    private static void write(HttpServletResponse response, ObjectMapper json, ApiException error) throws IOException {
        response.setStatus(error.status().value());
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        json.writeValue(response.getOutputStream(), error.toError());
    }

    /**
     * Credentials that could not be checked because the database is unreachable: a 503, not a 401. (Not Spring's
     * AuthenticationServiceException, which the bearer-token filter rethrows as a 500.)
     */
    static final class CredentialsUnavailable extends AuthenticationException {
        CredentialsUnavailable(Throwable cause) {
            super("credentials cannot be checked now", cause);
        }
    }

    private static String role(Role role) {
        return role.name();
    }
}
