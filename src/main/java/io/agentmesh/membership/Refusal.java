package io.agentmesh.membership;

/**
 * Why a certificate is not accepted (docs/protocol.md, "Membership certificates"). The {@link #phrase}
 * is the reason phrase of the 4003 close ({@code membership certificate <phrase>}); the
 * {@link #label} is the bounded metric label value.
 */
public enum Refusal {
    /** The identity payload carries no certificate. */
    MISSING("missing"),
    /** The envelope or body breaks the format. */
    MALFORMED("malformed"),
    /** The issuer is not one of the configured authorities. */
    UNKNOWN_AUTHORITY("unknown authority"),
    /** The signature does not verify with the issuer's key. */
    BAD_SIGNATURE("bad signature"),
    /** The certificate names another identity key than the presenting node's. */
    OTHER_IDENTITY("for another identity"),
    /** {@code not_before} is still ahead (beyond the clock skew). */
    NOT_YET_VALID("not yet valid"),
    /** {@code not_after} has passed (beyond the clock skew). */
    EXPIRED("expired"),
    /** The issuer's newest revocation list names the serial. */
    REVOKED("revoked");

    private final String phrase;

    Refusal(String phrase) {
        this.phrase = phrase;
    }

    /** What went wrong, in words: {@code expired}, {@code for another identity}, … */
    public String phrase() {
        return phrase;
    }

    /** The metric label value: {@code cert_} and the name in lower case, for example {@code cert_expired}. */
    public String label() {
        return "cert_" + name().toLowerCase(java.util.Locale.ROOT);
    }
}
