package io.agentmesh.web;

import java.util.Locale;

/**
 * Why a JWT access token was refused: the bounded set of reasons that log lines and the metric
 * {@code agentmesh.oauth.refused} name. {@link #MISSING_SCOPE} answers 403 {@code insufficient_scope},
 * {@link #KEYS_UNAVAILABLE} (the issuer's key set could not be fetched) 503, every other 401
 * {@code invalid_token}.
 */
public enum JwtFailure {
    /** Not a compact JWS, an unsupported algorithm, a claim missing or of the wrong type, or too long. */
    MALFORMED,
    /** The signature does not verify with the issuer's key (or the key it names is not in the key set). */
    BAD_SIGNATURE,
    WRONG_ISSUER,
    WRONG_AUDIENCE,
    EXPIRED,
    NOT_YET_VALID,
    MISSING_SCOPE,
    KEYS_UNAVAILABLE;

    /** The metric label: the name in lower case. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
