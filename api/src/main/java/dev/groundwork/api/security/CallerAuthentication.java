package dev.groundwork.api.security;

import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/** Spring Security's view of a {@link Caller}: authenticated, with {@code ROLE_ADMIN}, {@code ROLE_WRITER} or {@code ROLE_READER}. */
final class CallerAuthentication extends AbstractAuthenticationToken {

    private final Caller caller;
    private final boolean session;

    /** @param session whether the caller came with a session cookie rather than a bearer key */
    CallerAuthentication(Caller caller, boolean session) {
        super(List.of(new SimpleGrantedAuthority("ROLE_" + caller.role().name())));
        this.caller = caller;
        this.session = session;
        setAuthenticated(true);
    }

    @Override
    public Caller getPrincipal() {
        return caller;
    }

    /** No credentials are kept once the caller is known. */
    @Override
    public Object getCredentials() {
        return null;
    }

    boolean session() {
        return session;
    }
}
