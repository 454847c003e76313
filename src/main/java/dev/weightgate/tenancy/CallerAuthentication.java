package dev.weightgate.tenancy;

import java.util.stream.Collectors;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

/** An authenticated {@link Caller}, as Spring Security holds it for the rest of the request. */
public final class CallerAuthentication extends AbstractAuthenticationToken {

    private final Caller caller;

    public CallerAuthentication(Caller caller) {
        super(caller.roles().stream().map(role -> new SimpleGrantedAuthority(role.authority()))
                .collect(Collectors.toUnmodifiableSet()));
        this.caller = caller;
        setAuthenticated(true);
    }

    @Override
    public Object getCredentials() {
        // The key or token is never kept past authentication.
        return null;
    }

    @Override
    public Caller getPrincipal() {
        return caller;
    }

    @Override
    public String getName() {
        return caller.subject();
    }

    /** The caller of the request being served; throws when there is none (an unauthenticated path). */
    public static Caller current() {
        if (SecurityContextHolder.getContext().getAuthentication() instanceof CallerAuthentication authentication) {
            return authentication.caller;
        }
        throw new IllegalStateException("no authenticated caller on this request");
    }
}
