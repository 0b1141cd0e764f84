package io.agentmesh.noise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentmesh.testsupport.Vectors;
import io.agentmesh.testsupport.Vectors.WycheproofCase;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * Wycheproof {@code hkdf_sha256_test.json} against the general RFC 5869 HKDF below Noise's HKDF, and
 * Noise's {@code HKDF(ck, ikm, 2|3)} (rev 34 §4.3) against the spec's HMAC chain.
 */
class HkdfWycheproofTest {

    private final X25519AesGcmSha256 suite = (X25519AesGcmSha256) CipherSuite.X25519_AESGCM_SHA256;

    @Test
    void everyCase() {
        List<String> failures = new ArrayList<>();
        int valid = 0;
        int invalid = 0;
        for (WycheproofCase c : Vectors.wycheproof("hkdf_sha256_test.json").toList()) {
            int size = c.test().getInt("size");
            if ("valid".equals(c.result())) {
                byte[] okm = suite.generalHkdf().derive(c.bytes("salt"), c.bytes("ikm"), c.bytes("info"), size);
                if (!Arrays.equals(c.bytes("okm"), okm)) {
                    failures.add(c + ": " + Vectors.hex(okm));
                }
                valid++;
            } else {
                assertThrows(IllegalArgumentException.class,
                        () -> suite.generalHkdf().derive(c.bytes("salt"), c.bytes("ikm"), c.bytes("info"), size),
                        c.toString());
                invalid++;
            }
        }
        assertEquals(List.of(), failures);
        assertTrue(valid > 0);
        assertTrue(invalid > 0);
        assertEquals(86, valid + invalid);
    }

    @Test
    void noiseHkdfIsTheSpecsHmacChain() throws Exception {
        int run = 0;
        for (WycheproofCase c : Vectors.wycheproof("hkdf_sha256_test.json").toList()) {
            byte[] ck = suite.hash(c.bytes("salt"));
            byte[] ikm = c.bytes("ikm");
            byte[] tempKey = hmac(ck, ikm);
            byte[] out1 = hmac(tempKey, new byte[] {1});
            byte[] out2 = hmac(tempKey, concat(out1, new byte[] {2}));
            byte[] out3 = hmac(tempKey, concat(out2, new byte[] {3}));
            byte[][] two = suite.hkdf(ck, ikm, 2);
            byte[][] three = suite.hkdf(ck, ikm, 3);
            assertArrayEquals(out1, two[0]);
            assertArrayEquals(out2, two[1]);
            assertArrayEquals(out1, three[0]);
            assertArrayEquals(out2, three[1]);
            assertArrayEquals(out3, three[2]);
            run++;
        }
        assertTrue(run > 0);
        assertThrows(IllegalArgumentException.class, () -> suite.hkdf(new byte[32], new byte[0], 4));
    }

    private static byte[] hmac(byte[] key, byte[] data) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
