package io.agentmesh.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentmesh.testsupport.Vectors;
import io.agentmesh.testsupport.Vectors.WycheproofCase;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Wycheproof {@code ed25519_test.json} against {@link Ed25519#verify}: every "valid" case verifies,
 * every "invalid" one (malleable S, bad encodings, truncated or padded signatures) does not.
 */
class Ed25519WycheproofTest {

    @Test
    void everyCase() {
        List<String> failures = new ArrayList<>();
        int valid = 0;
        int invalid = 0;
        for (WycheproofCase c : Vectors.wycheproof("ed25519_test.json").toList()) {
            byte[] publicKey = Vectors.hex(c.group().getJsonObject("publicKey").getString("pk"));
            boolean verified = Ed25519.verify(publicKey, c.bytes("msg"), c.bytes("sig"));
            switch (c.result()) {
                case "valid" -> {
                    valid++;
                    if (!verified) {
                        failures.add(c + ": rejected");
                    }
                }
                case "invalid" -> {
                    invalid++;
                    if (verified) {
                        failures.add(c + ": accepted");
                    }
                }
                default -> failures.add(c + ": unexpected result " + c.result());
            }
        }
        assertEquals(List.of(), failures);
        assertTrue(valid > 0);
        assertTrue(invalid > 0);
        assertEquals(151, valid + invalid);
    }
}
