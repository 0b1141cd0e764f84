package io.agentmesh.noise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentmesh.testsupport.Vectors;
import io.agentmesh.testsupport.Vectors.WycheproofCase;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Wycheproof {@code aes_gcm_test.json}, the cases our cipher supports (256-bit key, 96-bit IV,
 * 128-bit tag): encryption and decryption through {@link AesGcm} with the vector's IV, invalid tags
 * refused with DECRYPT_FAILED; and through {@link CipherState} where the IV has the Noise form
 * (4 zero bytes, then the nonce).
 */
class AesGcmWycheproofTest {

    private static List<WycheproofCase> supported() {
        return Vectors.wycheproof("aes_gcm_test.json")
                .filter(c -> c.group().getInt("keySize") == 256 && c.group().getInt("ivSize") == 96
                        && c.group().getInt("tagSize") == 128)
                .toList();
    }

    @Test
    void encryptAndDecryptWithTheVectorIv() {
        List<String> failures = new ArrayList<>();
        int valid = 0;
        int invalid = 0;
        for (WycheproofCase c : supported()) {
            byte[] msg = c.bytes("msg");
            byte[] sealed = concat(c.bytes("ct"), c.bytes("tag"));
            try {
                AesGcm aead = new AesGcm();
                aead.init(c.bytes("key"));
                byte[] out = new byte[msg.length + 16];
                aead.encryptWithIv(c.bytes("iv"), c.bytes("aad"), msg, 0, msg.length, out, 0);
                byte[] opened = new byte[sealed.length - 16];
                if ("valid".equals(c.result())) {
                    if (!Arrays.equals(sealed, out)) {
                        failures.add(c + ": encrypt gave " + Vectors.hex(out));
                    }
                    aead.decryptWithIv(c.bytes("iv"), c.bytes("aad"), sealed, 0, sealed.length, opened, 0);
                    if (!Arrays.equals(msg, opened)) {
                        failures.add(c + ": decrypt gave " + Vectors.hex(opened));
                    }
                    valid++;
                } else {
                    try {
                        aead.decryptWithIv(c.bytes("iv"), c.bytes("aad"), sealed, 0, sealed.length, opened, 0);
                        failures.add(c + ": invalid case decrypted");
                    } catch (NoiseException e) {
                        if (e.reason() != NoiseException.Reason.DECRYPT_FAILED) {
                            failures.add(c + ": " + e.getMessage());
                        }
                        invalid++;
                    }
                }
            } catch (NoiseException e) {
                failures.add(c + ": " + e.getMessage());
            }
        }
        assertEquals(List.of(), failures);
        assertTrue(valid > 0, "valid cases run");
        assertTrue(invalid > 0, "invalid cases run");
        assertEquals(supported().size(), valid + invalid);
    }

    @Test
    void cipherStateWithNoiseFormIv() throws NoiseException {
        AtomicInteger run = new AtomicInteger();
        List<String> failures = new ArrayList<>();
        for (WycheproofCase c : supported()) {
            byte[] iv = c.bytes("iv");
            if (iv[0] != 0 || iv[1] != 0 || iv[2] != 0 || iv[3] != 0) {
                continue;
            }
            long n = ByteBuffer.wrap(iv, 4, 8).getLong();
            byte[] sealed = concat(c.bytes("ct"), c.bytes("tag"));
            CipherState state = new CipherState(CipherSuite.X25519_AESGCM_SHA256);
            state.initializeKey(c.bytes("key"));
            state.setNonce(n);
            if ("valid".equals(c.result())) {
                if (!Arrays.equals(sealed, state.encryptWithAd(c.bytes("aad"), c.bytes("msg")))) {
                    failures.add(c + ": encrypt");
                }
                state.setNonce(n);
                if (!Arrays.equals(c.bytes("msg"), state.decryptWithAd(c.bytes("aad"), sealed))) {
                    failures.add(c + ": decrypt");
                }
            } else {
                try {
                    state.decryptWithAd(c.bytes("aad"), sealed);
                    failures.add(c + ": invalid case decrypted");
                } catch (NoiseException e) {
                    if (e.reason() != NoiseException.Reason.DECRYPT_FAILED || state.nonce() != n) {
                        failures.add(c + ": " + e.getMessage() + ", n=" + state.nonce());
                    }
                }
            }
            run.incrementAndGet();
        }
        assertEquals(List.of(), failures);
        assertTrue(run.get() > 0, "cases with a Noise-form IV run");
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
