package io.agentmesh.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentmesh.testsupport.FixedRandom;
import org.junit.jupiter.api.Test;

/** Liberty's {xor} and {hash} password encodings, checked against values its securityUtility wrote. */
class LibertyPasswordsTest {

    /** {@code securityUtility encode --encoding=hash 'plain-ascii-Password_1'} (Open Liberty 26.0.0.3). */
    private static final String ASCII = "{hash}ARAAAAAUUEJLREYyV2l0aEhtYWNTSEE1MTIwAAAAIDot3jD8uJbnHizQNhrv/iN233Jt6u32n2Ku"
            + "QZFOhsJTQAAAACARlcWxi8cUhfh/mic0DFO9hMEJZMWS/bM8n4ZElD/MSw==";
    /** {@code securityUtility encode --encoding=hash 's3cret-ü'}: UTF-8 bytes. */
    private static final String UTF8 = "{hash}ARAAAAAUUEJLREYyV2l0aEhtYWNTSEE1MTIwAAAAIMn8I6KCcn3/hCtOPh/4ou/1jtCZHpKGhJyd"
            + "TbjXWKkVQAAAACDxDBK0Idweg5B6uUjD4b5ipDcuMlpFyvHo1n+4/gju4A==";

    @Test
    void libertysHashesAreRecognised() {
        assertTrue(LibertyPasswords.matches("plain-ascii-Password_1", ASCII));
        assertFalse(LibertyPasswords.matches("plain-ascii-Password_2", ASCII));
        assertTrue(LibertyPasswords.matches("s3cret-ü", UTF8));
        assertFalse(LibertyPasswords.matches("s3cret-u", UTF8));
    }

    @Test
    void ourHashHasLibertysLayoutAndASaltOfItsOwn() {
        String a = LibertyPasswords.hash("plain-ascii-Password_1", new FixedRandom(1));
        String b = LibertyPasswords.hash("plain-ascii-Password_1", new FixedRandom(2));
        assertTrue(a.startsWith("{hash}ARAAAAAUUEJLREYyV2l0aEhtYWNTSEE1MTIwAAAAI"), a); // version, algorithm, salt tag
        assertEquals(ASCII.length(), a.length());
        assertNotEquals(a, b);
        assertTrue(LibertyPasswords.matches("plain-ascii-Password_1", a));
        assertTrue(LibertyPasswords.matches("plain-ascii-Password_1", b));
        assertFalse(a.contains("plain"));
        assertTrue(LibertyPasswords.isHash(a));
    }

    @Test
    void aHashCannotBeDecodedAndAMalformedOneIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> LibertyPasswords.decode(ASCII));
        assertThrows(IllegalArgumentException.class, () -> LibertyPasswords.requireReadable("{hash}AQ=="));
        assertThrows(IllegalArgumentException.class, () -> LibertyPasswords.requireReadable("{hash}%%"));
        assertThrows(IllegalArgumentException.class, () -> LibertyPasswords.requireReadable("{xor}%%"));
        LibertyPasswords.requireReadable(ASCII);
    }

    @Test
    void libertysXorEncodingMatchesItsKnownForm() {
        assertEquals("{xor}Lz4sLCgwLTs=", LibertyPasswords.xorEncode("password"));
        assertEquals("password", LibertyPasswords.decode("{xor}Lz4sLCgwLTs="));
        assertEquals("plain", LibertyPasswords.decode("plain"));
    }
}
