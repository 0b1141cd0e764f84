package io.agentmesh.identity;

/**
 * Ed25519 signature verification per RFC 8032 §5.1.7 (wire-v1 §3, identity payload {@code sig}), by
 * Bouncy Castle. S must be canonical ({@code S < L}); a non-canonical S, a bad encoding of R or of
 * the public key, or any input of the wrong length makes {@link #verify} return false, never throw.
 */
public final class Ed25519 {

    /** Raw public key length. */
    public static final int PUBLIC_KEY_LENGTH = 32;
    /** Signature length. */
    public static final int SIGNATURE_LENGTH = 64;

    private Ed25519() {
    }

    /**
     * True when {@code signature64} is a valid Ed25519 signature of {@code message} by
     * {@code publicKey32}; false for every other input, including nulls and wrong lengths.
     */
    public static boolean verify(byte[] publicKey32, byte[] message, byte[] signature64) {
        if (publicKey32 == null || publicKey32.length != PUBLIC_KEY_LENGTH
                || signature64 == null || signature64.length != SIGNATURE_LENGTH
                || message == null) {
            return false;
        }
        try {
            return org.bouncycastle.math.ec.rfc8032.Ed25519.verify(
                    signature64, 0, publicKey32, 0, message, 0, message.length);
        } catch (RuntimeException e) {
            return false;
        }
    }
}
