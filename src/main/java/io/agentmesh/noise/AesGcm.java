package io.agentmesh.noise;

import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.NoSuchAlgorithmException;
import java.security.NoSuchProviderException;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.NoSuchPaddingException;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The AESGCM cipher functions of Noise rev 34 §12.3 by the JDK's SunJCE provider: AES-256-GCM, a
 * 96-bit nonce of 4 zero bytes then the 64-bit counter big-endian (wire-v1 §3), the 16-byte tag
 * appended. One {@link Cipher} and one {@link AesKey} are kept and re-initialised per message; the key's
 * bytes are a copy this class makes and wipes when the key is replaced or {@link #destroy() destroyed}.
 */
final class AesGcm implements Aead {

    static final int KEY_LENGTH = 32;
    static final int IV_LENGTH = 12;
    static final int TAG_LENGTH = 16;
    private static final String TRANSFORMATION = "AES/GCM/NoPadding";

    private final Cipher cipher;
    private final byte[] iv = new byte[IV_LENGTH];
    private AesKey key;

    AesGcm() {
        this.cipher = newCipher();
    }

    private static Cipher newCipher() {
        try {
            try {
                return Cipher.getInstance(TRANSFORMATION, "SunJCE");
            } catch (NoSuchProviderException e) {
                return Cipher.getInstance(TRANSFORMATION);
            }
        } catch (NoSuchAlgorithmException | NoSuchPaddingException e) {
            throw new IllegalStateException("AES/GCM/NoPadding is missing from this JVM", e);
        }
    }

    @Override
    public void init(byte[] keyBytes) {
        Objects.requireNonNull(keyBytes, "key");
        if (keyBytes.length != KEY_LENGTH) {
            throw new IllegalArgumentException("an AES-256 key has 32 bytes, not " + keyBytes.length);
        }
        destroyKey();
        key = new AesKey(keyBytes.clone());
    }

    @Override
    public int tagLength() {
        return TAG_LENGTH;
    }

    @Override
    public int encrypt(long n, byte[] ad, byte[] in, int inOff, int len, byte[] out, int outOff) throws NoiseException {
        setNonce(n);
        return encryptWithIv(iv, ad, in, inOff, len, out, outOff);
    }

    @Override
    public int decrypt(long n, byte[] ad, byte[] in, int inOff, int len, byte[] out, int outOff) throws NoiseException {
        setNonce(n);
        return decryptWithIv(iv, ad, in, inOff, len, out, outOff);
    }

    /** AES-GCM encryption with an arbitrary 12-byte IV: the AEAD function below the Noise nonce form. */
    int encryptWithIv(byte[] nonce, byte[] ad, byte[] in, int inOff, int len, byte[] out, int outOff)
            throws NoiseException {
        requireKey();
        Objects.checkFromIndexSize(inOff, len, in.length);
        Objects.checkFromIndexSize(outOff, len + TAG_LENGTH, out.length);
        try {
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_LENGTH * 8, nonce));
            if (ad != null && ad.length > 0) {
                cipher.updateAAD(ad);
            }
            return cipher.doFinal(in, inOff, len, out, outOff);
        } catch (InvalidAlgorithmParameterException e) {
            // SunJCE refuses to encrypt twice in a row under the same key and nonce
            throw new NoiseException(NoiseException.Reason.INVALID_STATE, "nonce reuse refused", e);
        } catch (ShortBufferException e) {
            throw new IllegalArgumentException("output buffer too small", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
    }

    /** AES-GCM decryption with an arbitrary 12-byte IV; see {@link #encryptWithIv}. */
    int decryptWithIv(byte[] nonce, byte[] ad, byte[] in, int inOff, int len, byte[] out, int outOff)
            throws NoiseException {
        requireKey();
        Objects.checkFromIndexSize(inOff, len, in.length);
        if (len < TAG_LENGTH) {
            throw new NoiseException(NoiseException.Reason.DECRYPT_FAILED,
                    "ciphertext of " + len + " bytes is shorter than the tag");
        }
        Objects.checkFromIndexSize(outOff, len - TAG_LENGTH, out.length);
        try {
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_LENGTH * 8, nonce));
            if (ad != null && ad.length > 0) {
                cipher.updateAAD(ad);
            }
            return cipher.doFinal(in, inOff, len, out, outOff);
        } catch (AEADBadTagException e) {
            throw new NoiseException(NoiseException.Reason.DECRYPT_FAILED, "authentication tag mismatch");
        } catch (ShortBufferException e) {
            throw new IllegalArgumentException("output buffer too small", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM decryption failed", e);
        }
    }

    private void setNonce(long n) {
        for (int i = 0; i < 8; i++) {
            iv[IV_LENGTH - 1 - i] = (byte) (n >>> (8 * i));
        }
    }

    private void requireKey() throws NoiseException {
        if (key == null) {
            throw new NoiseException(NoiseException.Reason.INVALID_STATE, "cipher has no key");
        }
    }

    /**
     * Wipes the key bytes, the nonce and, by re-initialising the cipher for encryption under an all-zero
     * key, the provider's key schedule and its copy of the last encryption key (recent JDKs wipe that copy;
     * older ones only drop it). Every later use throws INVALID_STATE until {@link #init} gives a new key.
     */
    @Override
    public void destroy() {
        destroyKey();
        Arrays.fill(iv, (byte) 0);
        try {
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(new byte[KEY_LENGTH], "AES"),
                    new GCMParameterSpec(TAG_LENGTH * 8, new byte[IV_LENGTH]));
        } catch (GeneralSecurityException e) {
            // nothing more can be done
        }
    }

    private void destroyKey() {
        if (key != null) {
            key.destroy();
            key = null;
        }
    }
}
