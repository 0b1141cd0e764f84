package io.agentmesh.noise;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.Mac;
import org.bouncycastle.math.ec.rfc7748.X25519;

/**
 * {@code 25519_AESGCM_SHA256} (Noise rev 34 §12.1, §12.3, §12.5): X25519 of RFC 7748 by Bouncy
 * Castle, AES-256-GCM by SunJCE ({@link AesGcm}), SHA-256 and HMAC-SHA256 by the JDK. Stateless.
 */
final class X25519AesGcmSha256 implements CipherSuite {

    private static final int DH_LEN = X25519.POINT_SIZE;
    private static final int HASH_LEN = 32;
    private static final int BLOCK_LEN = 64;
    private static final String HMAC = "HmacSHA256";

    private final Hkdf hkdf = new Hkdf(HMAC, HASH_LEN);

    @Override
    public String dhName() {
        return "25519";
    }

    @Override
    public String cipherName() {
        return "AESGCM";
    }

    @Override
    public String hashName() {
        return "SHA256";
    }

    @Override
    public int dhLen() {
        return DH_LEN;
    }

    @Override
    public DhKeyPair generateKeyPair(SecureRandom random) {
        Objects.requireNonNull(random, "random");
        byte[] privateKey = new byte[X25519.SCALAR_SIZE];
        try {
            X25519.generatePrivateKey(random, privateKey);
            return keyPairFromPrivate(privateKey);
        } finally {
            Arrays.fill(privateKey, (byte) 0);
        }
    }

    @Override
    public DhKeyPair keyPairFromPrivate(byte[] privateKey) {
        Objects.requireNonNull(privateKey, "privateKey");
        if (privateKey.length != X25519.SCALAR_SIZE) {
            throw new IllegalArgumentException("an X25519 private key has 32 bytes, not " + privateKey.length);
        }
        byte[] publicKey = new byte[DH_LEN];
        X25519.generatePublicKey(privateKey, 0, publicKey, 0);
        return new DhKeyPair(privateKey, publicKey);
    }

    @Override
    public byte[] dh(DhKeyPair local, byte[] remotePublic) throws NoiseException {
        Objects.requireNonNull(local, "local");
        Objects.requireNonNull(remotePublic, "remotePublic");
        if (remotePublic.length != DH_LEN) {
            throw new IllegalArgumentException("an X25519 public key has 32 bytes, not " + remotePublic.length);
        }
        byte[] privateKey = local.privateKeyBytes();
        if (privateKey.length != X25519.SCALAR_SIZE) {
            throw new IllegalArgumentException("an X25519 private key has 32 bytes, not " + privateKey.length);
        }
        byte[] shared = new byte[DH_LEN];
        if (!X25519.calculateAgreement(privateKey, 0, remotePublic, 0, shared, 0)) {
            Arrays.fill(shared, (byte) 0);
            throw new NoiseException(NoiseException.Reason.LOW_ORDER, "X25519 result is all zeros: low-order public key");
        }
        return shared;
    }

    @Override
    public Aead newAead() {
        return new AesGcm();
    }

    @Override
    public int hashLen() {
        return HASH_LEN;
    }

    @Override
    public int blockLen() {
        return BLOCK_LEN;
    }

    @Override
    public byte[] hash(byte[]... parts) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (byte[] part : parts) {
                digest.update(part);
            }
            return digest.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    @Override
    public byte[] hmac(byte[] key, byte[]... parts) {
        Mac mac = hkdf.mac(key);
        for (byte[] part : parts) {
            mac.update(part);
        }
        return mac.doFinal();
    }

    @Override
    public byte[][] hkdf(byte[] chainingKey, byte[] inputKeyMaterial, int numOutputs) {
        if (numOutputs != 2 && numOutputs != 3) {
            throw new IllegalArgumentException("HKDF yields 2 or 3 outputs, not " + numOutputs);
        }
        Objects.requireNonNull(chainingKey, "chainingKey");
        Objects.requireNonNull(inputKeyMaterial, "inputKeyMaterial");
        byte[] okm = hkdf.derive(chainingKey, inputKeyMaterial, new byte[0], numOutputs * HASH_LEN);
        try {
            byte[][] outputs = new byte[numOutputs][];
            for (int i = 0; i < numOutputs; i++) {
                outputs[i] = Arrays.copyOfRange(okm, i * HASH_LEN, (i + 1) * HASH_LEN);
            }
            return outputs;
        } finally {
            Arrays.fill(okm, (byte) 0);
        }
    }

    /** The general HKDF below {@link #hkdf}, for tests against RFC 5869 vectors. */
    Hkdf generalHkdf() {
        return hkdf;
    }

    @Override
    public String toString() {
        return "CipherSuite[" + name() + "]";
    }
}
