package io.agentmesh.noise;

import java.util.Arrays;
import javax.crypto.SecretKey;

/**
 * An AES key whose bytes it owns and really wipes: {@link #destroy()} overwrites them with zeros. It
 * stands in for {@code SecretKeySpec}, whose {@code destroy()} is not implemented on JDK 17 (it throws
 * {@code DestroyFailedException}), so that its copy of the key stayed in the heap. Like any key given to
 * a JCE provider, {@link #getEncoded()} hands out a fresh copy, which becomes the provider's.
 */
final class AesKey implements SecretKey {

    private static final long serialVersionUID = 1L;

    private final byte[] bytes;
    private boolean destroyed;

    /** A key over {@code owned}, which it takes over: the caller keeps no other use of the array. */
    AesKey(byte[] owned) {
        this.bytes = owned;
    }

    @Override
    public String getAlgorithm() {
        return "AES";
    }

    @Override
    public String getFormat() {
        return "RAW";
    }

    /** A copy of the key bytes. */
    @Override
    public byte[] getEncoded() {
        if (destroyed) {
            throw new IllegalStateException("the key is destroyed");
        }
        return bytes.clone();
    }

    /** Overwrites the key bytes with zeros; the key cannot be used any more. */
    @Override
    public void destroy() {
        Arrays.fill(bytes, (byte) 0);
        destroyed = true;
    }

    @Override
    public boolean isDestroyed() {
        return destroyed;
    }

    @Override
    public String toString() {
        return "AesKey[" + bytes.length + " bytes" + (destroyed ? ", destroyed" : "") + "]";
    }
}
