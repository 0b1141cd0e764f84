package io.agentmesh.web;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentmesh.testsupport.LogLines;
import java.io.ByteArrayInputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;

/** The edge checks /mcp and POST /api/v1/call share: origin, access with its challenge, bounded UTF-8 body. */
class HttpGateTest {

    private static final String TOKEN = "s3cret-token-0123456789";

    private static HttpGate gate(Optional<String> token) {
        return new HttpGate("/test", new OriginPolicy(List.of("http://localhost:*")), new AccessPolicy(token, true, Optional.empty()), 16);
    }

    @Test
    void originsOutsideTheListAreRefusedAndAbsentOnesPass() {
        HttpGate gate = gate(Optional.empty());
        assertTrue(gate.allowsOrigin(Optional.empty(), "127.0.0.1"));
        assertTrue(gate.allowsOrigin(Optional.of("http://localhost:6274"), "127.0.0.1"));
        assertFalse(gate.allowsOrigin(Optional.of("http://evil.example"), "127.0.0.1"));
    }

    @Test
    void aFloodOfRefusalsLogsNothingAtInfoAndNeverTheClientsText() {
        HttpGate gate = gate(Optional.of(TOKEN));
        try (LogLines info = new LogLines(HttpGate.class.getName(), Level.INFO);
             LogLines fine = new LogLines(HttpGate.class.getName(), Level.FINE)) {
            for (int i = 0; i < 1000; i++) {
                gate.allowsOrigin(Optional.of("https://evil.example/" + i + "\nforged line"), "127.0.0.1");
                gate.decide("10.0.0.1", Optional.of("Bearer wrong" + i), Optional.empty());
            }
            assertEquals(List.of(), info.lines());
            assertEquals(2000, fine.lines().size());
            assertTrue(fine.lines().stream().noneMatch(l -> l.contains("evil.example") || l.contains("wrong")),
                    fine.lines().get(0));
        }
    }

    @Test
    void aRefusalCarriesABearerChallengeOnlyFor401WithAToken() {
        HttpGate withToken = gate(Optional.of(TOKEN));
        AccessPolicy.Decision none = withToken.decide("192.0.2.7", Optional.empty(), Optional.empty()).decision();
        assertEquals(AccessPolicy.Decision.UNAUTHORIZED, none);
        assertEquals(Optional.of("Bearer realm=\"agentmesh\""), withToken.challenge(none));
        AccessPolicy.Decision wrong = withToken.decide("192.0.2.7", Optional.of("Bearer wrong"), Optional.empty()).decision();
        assertEquals(Optional.of("Bearer realm=\"agentmesh\", error=\"invalid_token\""), withToken.challenge(wrong));
        assertEquals(AccessPolicy.Decision.ALLOWED, withToken.decide("192.0.2.7", Optional.of("Bearer " + TOKEN), Optional.empty()).decision());
        HttpGate open = gate(Optional.empty());
        AccessPolicy.Decision forbidden = open.decide("192.0.2.7", Optional.empty(), Optional.empty()).decision();
        assertEquals(AccessPolicy.Decision.FORBIDDEN, forbidden);
        assertEquals(Optional.empty(), open.challenge(forbidden));
    }

    @Test
    void aBodyOverTheLimitIsNullWhetherDeclaredOrCounted() throws Exception {
        HttpGate gate = gate(Optional.empty());
        byte[] sixteen = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
        assertArrayEquals(sixteen, gate.readBody(new ByteArrayInputStream(sixteen), -1));
        assertNull(gate.readBody(new ByteArrayInputStream(new byte[17]), -1));
        assertNull(gate.readBody(new ByteArrayInputStream(new byte[1]), 17));
        assertArrayEquals(sixteen, gate.readBody(new ByteArrayInputStream(sixteen), 16), "exactly as declared");
        assertArrayEquals(new byte[0], gate.readBody(new ByteArrayInputStream(new byte[0]), 0));
        assertArrayEquals(new byte[0], gate.readBody(new ByteArrayInputStream(new byte[0]), -1));
        assertArrayEquals("0123".getBytes(StandardCharsets.US_ASCII),
                gate.readBody(new ByteArrayInputStream("0123".getBytes(StandardCharsets.US_ASCII)), 10), "shorter than declared");
        assertArrayEquals(sixteen, gate.readBody(new ByteArrayInputStream(sixteen), 4), "longer than declared, within the limit");
        assertNull(gate.readBody(new ByteArrayInputStream(new byte[17]), 4), "longer than declared, beyond the limit");
        assertEquals(16, gate.maxBodyBytes());
    }

    @Test
    void bodiesDecodeAsStrictUtf8() throws Exception {
        assertEquals("grüß", HttpGate.utf8("grüß".getBytes(StandardCharsets.UTF_8)));
        assertThrows(CharacterCodingException.class, () -> HttpGate.utf8(new byte[] {(byte) 0xc3, 0x28}));
    }
}
