package io.agentmesh.noise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentmesh.testsupport.Vectors;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Wycheproof {@code x25519_test.json} against {@link CipherSuite#dh}.
 *
 * <p>Treatment of the results: every case whose expected shared secret is all zeros (low-order public
 * keys, all "acceptable" in Wycheproof) must be refused with LOW_ORDER, as wire-v1 §3 demands. Every
 * other case, "valid" or "acceptable" (twist points, non-canonical public keys whose top bit RFC 7748
 * masks), must give exactly the expected shared secret. An "invalid" case must be refused.
 */
class X25519WycheproofTest {

    private final CipherSuite suite = CipherSuite.X25519_AESGCM_SHA256;

    @Test
    void everyCase() {
        List<String> failures = new ArrayList<>();
        int[] counts = new int[3]; // computed, low-order refused, invalid refused
        Vectors.wycheproof("x25519_test.json").forEach(c -> {
            byte[] expected = c.bytes("shared");
            boolean zero = isAllZero(expected);
            try {
                byte[] shared = suite.dh(suite.keyPairFromPrivate(c.bytes("private")), c.bytes("public"));
                if ("invalid".equals(c.result())) {
                    failures.add(c + ": accepted");
                } else if (zero) {
                    failures.add(c + ": all-zero result not refused");
                } else if (!Arrays.equals(expected, shared)) {
                    failures.add(c + ": shared " + Vectors.hex(shared));
                } else {
                    counts[0]++;
                }
            } catch (NoiseException e) {
                if (e.reason() == NoiseException.Reason.LOW_ORDER && zero) {
                    counts[1]++;
                } else if ("invalid".equals(c.result())) {
                    counts[2]++;
                } else {
                    failures.add(c + ": refused " + e.getMessage());
                }
            } catch (IllegalArgumentException e) {
                if ("invalid".equals(c.result())) {
                    counts[2]++;
                } else {
                    failures.add(c + ": " + e);
                }
            }
        });
        assertEquals(List.of(), failures);
        assertEquals(518, counts[0] + counts[1] + counts[2]);
        assertTrue(counts[0] > 0, "computed cases");
        assertTrue(counts[1] > 0, "low-order cases refused");
    }

    @Test
    void acceptableCasesAreCounted() {
        long acceptable = Vectors.wycheproof("x25519_test.json").filter(c -> "acceptable".equals(c.result())).count();
        long zero = Vectors.wycheproof("x25519_test.json").filter(c -> isAllZero(c.bytes("shared"))).count();
        assertTrue(acceptable > 0);
        assertTrue(zero > 0 && zero <= acceptable);
    }

    private static boolean isAllZero(byte[] bytes) {
        for (byte b : bytes) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }
}
