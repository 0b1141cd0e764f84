package io.agentmesh.noise;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HKDF (RFC 5869) over a JDK HMAC. Noise's {@code HKDF(ck, ikm, n)} (rev 34 §4.3) is this function
 * with salt = ck, empty info and {@code n * HASHLEN} output bytes, cut into {@code n} outputs.
 */
final class Hkdf {

    private final String macAlgorithm;
    private final int hashLen;

    Hkdf(String macAlgorithm, int hashLen) {
        this.macAlgorithm = Objects.requireNonNull(macAlgorithm, "macAlgorithm");
        this.hashLen = hashLen;
    }

    /**
     * HKDF-Extract then HKDF-Expand: {@code length} bytes of output keying material.
     *
     * @throws IllegalArgumentException when {@code length} exceeds {@code 255 * HashLen}
     */
    byte[] derive(byte[] salt, byte[] ikm, byte[] info, int length) {
        if (length < 0 || length > 255 * hashLen) {
            throw new IllegalArgumentException("HKDF output length " + length + " out of range 0.." + 255 * hashLen);
        }
        byte[] prk = extract(salt, ikm);
        try {
            return expand(prk, info, length);
        } finally {
            Arrays.fill(prk, (byte) 0);
        }
    }

    /** HKDF-Extract: HMAC(salt, ikm); an empty or missing salt is HashLen zero bytes. */
    byte[] extract(byte[] salt, byte[] ikm) {
        return mac(salt == null ? new byte[0] : salt).doFinal(ikm);
    }

    /** HKDF-Expand: T(1) || T(2) || ... cut to {@code length}, T(i) = HMAC(prk, T(i-1) || info || i). */
    byte[] expand(byte[] prk, byte[] info, int length) {
        Mac mac = mac(prk);
        byte[] out = new byte[length];
        byte[] t = new byte[0];
        int done = 0;
        try {
            for (int i = 1; done < length; i++) {
                mac.update(t);
                if (info != null) {
                    mac.update(info);
                }
                mac.update((byte) i);
                Arrays.fill(t, (byte) 0);
                t = mac.doFinal();
                int n = Math.min(t.length, length - done);
                System.arraycopy(t, 0, out, done, n);
                done += n;
            }
            return out;
        } finally {
            Arrays.fill(t, (byte) 0);
        }
    }

    /**
     * A keyed HMAC. An empty key is given as HashLen zero bytes, which HMAC treats identically (keys
     * are zero-padded to the block length) and which {@link SecretKeySpec} accepts.
     */
    Mac mac(byte[] key) {
        try {
            Mac mac = Mac.getInstance(macAlgorithm);
            mac.init(new SecretKeySpec(key.length == 0 ? new byte[hashLen] : key, macAlgorithm));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(macAlgorithm + " is missing from this JVM", e);
        }
    }
}
