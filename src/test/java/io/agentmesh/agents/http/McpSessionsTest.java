package io.agentmesh.agents.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentmesh.routing.JsonRpcCodec;
import io.agentmesh.testsupport.ManualClock;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class McpSessionsTest {

    private final ManualClock clock = new ManualClock();
    private final JsonRpcCodec codec = new JsonRpcCodec();
    private final McpPath echo = McpPath.parse("/echo").orElseThrow();

    private McpSessions table(Duration idle, int max) {
        return new McpSessions(McpHttpSettings.defaults().withSessions(idle, max), new CountingRandom(7), clock,
                codec::encodeToString);
    }

    @Test
    void idsAre43VisibleAsciiCharactersAndUnique() throws Exception {
        McpSessions t = table(Duration.ofMinutes(5), 100);
        Set<String> ids = new HashSet<>();
        Set<String> publicIds = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            McpSession s = t.create(echo, Optional.empty());
            assertEquals(43, s.sessionId().length());
            assertTrue(s.sessionId().chars().allMatch(c -> c >= 0x21 && c <= 0x7e));
            assertNotEquals(s.sessionId(), s.id(), "agents never see the secret id");
            ids.add(s.sessionId());
            publicIds.add(s.id());
        }
        assertEquals(50, ids.size());
        assertEquals(50, publicIds.size());
        assertEquals(50, t.size());
    }

    @Test
    void findReturnsTheSessionAndTouchesIt() throws Exception {
        McpSessions t = table(Duration.ofMinutes(5), 10);
        McpSession s = t.create(echo, Optional.empty());
        clock.advance(Duration.ofMinutes(4));
        assertSame(s, t.find(s.sessionId()).orElseThrow());
        clock.advance(Duration.ofMinutes(4));
        assertTrue(t.find(s.sessionId()).isPresent(), "used 4 minutes ago: not idle for 5");
        assertTrue(t.find("unknown").isEmpty());
        assertTrue(t.find(null).isEmpty());
    }

    @Test
    void anIdleSessionExpiresAtLookup() throws Exception {
        McpSessions t = table(Duration.ofMinutes(5), 10);
        McpSession s = t.create(echo, Optional.empty());
        clock.advance(Duration.ofMinutes(5).plusSeconds(1));
        assertTrue(t.find(s.sessionId()).isEmpty());
        assertFalse(s.isOpen());
        assertEquals(0, t.size());
    }

    @Test
    void sweepEndsIdleSessionsOnly() throws Exception {
        McpSessions t = table(Duration.ofMinutes(5), 10);
        McpSession old = t.create(echo, Optional.empty());
        clock.advance(Duration.ofMinutes(3));
        McpSession young = t.create(echo, Optional.empty());
        clock.advance(Duration.ofMinutes(3));
        assertEquals(1, t.sweep());
        assertFalse(old.isOpen());
        assertTrue(young.isOpen());
        assertEquals(1, t.size());
    }

    @Test
    void aSessionWithAnOpenStreamIsNotIdle() throws Exception {
        McpSessions t = table(Duration.ofMinutes(5), 10);
        McpSession s = t.create(echo, Optional.empty());
        SseStream stream = new SseStream(new ByteArrayOutputStream(), () -> { });
        assertTrue(s.attachStream(stream, Optional.empty()));
        clock.advance(Duration.ofHours(1));
        assertEquals(0, t.sweep());
        stream.close();
        clock.advance(Duration.ofMinutes(5).plusSeconds(1));
        assertEquals(1, t.sweep());
    }

    @Test
    void endRemovesTheSession() throws Exception {
        McpSessions t = table(Duration.ofMinutes(5), 10);
        McpSession s = t.create(echo, Optional.empty());
        assertTrue(t.end(s.sessionId()));
        assertFalse(s.isOpen());
        assertTrue(t.find(s.sessionId()).isEmpty());
        assertFalse(t.end(s.sessionId()));
    }

    @Test
    void theTableIsBoundedAndASweepMakesRoom() throws Exception {
        McpSessions t = table(Duration.ofMinutes(5), 2);
        t.create(echo, Optional.empty());
        t.create(echo, Optional.empty());
        McpSessions.FullException e = assertThrows(McpSessions.FullException.class, () -> t.create(echo, Optional.empty()));
        assertTrue(e.getMessage().contains("2"));
        clock.advance(Duration.ofMinutes(6));
        McpSession fresh = t.create(echo, Optional.empty());
        assertEquals(1, t.size());
        assertEquals(Optional.of(fresh), t.find(fresh.sessionId()));
    }

    @Test
    void endAllEndsEverySession() throws Exception {
        McpSessions t = table(Duration.ofMinutes(5), 10);
        McpSession a = t.create(echo, Optional.empty());
        McpSession b = t.create(echo, Optional.empty());
        t.endAll();
        assertFalse(a.isOpen());
        assertFalse(b.isOpen());
        assertEquals(0, t.size());
    }
}
