package io.agentmesh.web;

import io.agentmesh.transport.LogLimiter;
import java.time.Clock;
import java.util.Objects;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The JWT mode of the node's HTTP entry points, one per node: the {@link JwtVerifier} over the issuer's
 * keys ({@link Jwks}), with each refusal counted ({@link JwtObserver}) and logged at most once per kind
 * of failure per interval ({@link LogLimiter}), never with the token.
 */
public final class JwtAccess {

    private static final Logger LOG = Logger.getLogger(JwtAccess.class.getName());

    private final JwtVerifier verifier;
    private final JwtObserver observer;
    private final LogLimiter log;

    public JwtAccess(JwtVerifier verifier, JwtObserver observer, LogLimiter log) {
        this.verifier = Objects.requireNonNull(verifier, "verifier");
        this.observer = Objects.requireNonNull(observer, "observer");
        this.log = Objects.requireNonNull(log, "log");
    }

    /** The node's JWT mode: keys fetched over HTTP, time from {@code clock}. */
    public static JwtAccess over(OAuthSettings settings, Clock clock, JwtObserver observer, LogLimiter log) {
        return new JwtAccess(new JwtVerifier(settings, new Jwks(settings, clock), clock), observer, log);
    }

    public OAuthSettings settings() {
        return verifier.settings();
    }

    /** Checks a bearer token; a refusal is counted and logged once per kind and interval. */
    public JwtVerifier.Result check(String token, String remoteAddress) {
        JwtVerifier.Result result = verifier.verify(token);
        if (result instanceof JwtVerifier.Refused r) {
            observer.refused(r.failure());
            log.log(LOG, r.failure() == JwtFailure.KEYS_UNAVAILABLE ? Level.WARNING : Level.INFO,
                    "jwt-" + r.failure().label(), "refused an access token from {0}: {1} ({2})",
                    remoteAddress, r.failure().label(), r.detail());
        }
        return result;
    }
}
