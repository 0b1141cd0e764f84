package io.agentmesh.session;

import static io.agentmesh.session.SessionPair.ANYONE;
import static io.agentmesh.session.SessionPair.RANDOM;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.agentmesh.identity.Base64Url;
import io.agentmesh.identity.NodeId;
import io.agentmesh.identity.NodeIdentity;
import io.agentmesh.testsupport.ManualClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The responder's table: handshakes waiting, established sessions, and their limits. */
class InboundSessionsTest {

    private static final NodeId NEIGHBOUR = SessionPair.identity(50).nodeId();
    private static final NodeId OTHER = SessionPair.identity(51).nodeId();

    private final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final NodeIdentity self = SessionPair.identity(9);
    private final SessionSettings settings = new SessionSettings(SessionSettings.Mode.AUTO, Duration.ofSeconds(10),
            Duration.ofMinutes(10), Duration.ofHours(1), 3, 2, 2, 1, 3);
    private final InboundSessions sessions = new InboundSessions(SessionPair.local(self), ANYONE, settings, clock, RANDOM);

    /** A handshake from node {@code n} through a neighbour with tokens to spare, message 1 sent; [sid, initiator]. */
    private Object[] begin(int n) throws SessionException {
        return begin(n, SessionPair.identity(100 + n).nodeId());
    }

    private Object[] begin(int n, NodeId neighbour) throws SessionException {
        byte[] sid = SessionPair.sid();
        SessionHandshake initiator = SessionHandshake.initiator(sid, self.nodeId(),
                SessionPair.local(SessionPair.identity(n)), ANYONE, null, RANDOM);
        return new Object[] {Base64Url.encode(sid), initiator, sessions.open(Base64Url.encode(sid), initiator.first(),
                neighbour)};
    }

    private Session connect(int n) throws SessionException {
        return connect(n, SessionPair.identity(100 + n).nodeId());
    }

    private Session connect(int n, NodeId neighbour) throws SessionException {
        Object[] h = begin(n, neighbour);
        SessionHandshake initiator = (SessionHandshake) h[1];
        return sessions.finish((String) h[0], initiator.third((byte[]) h[2]));
    }

    private int code(org.junit.jupiter.api.function.Executable e) {
        return assertThrows(SessionException.class, e).code();
    }

    @Test
    void anEstablishedSessionIsFoundByItsId() throws SessionException {
        Session s = connect(1);
        assertSame(s, sessions.get(s.id()));
        assertEquals(SessionPair.identity(1).nodeId(), s.peer());
    }

    @Test
    void anUnknownOrMalformedSessionIdIsRefused() {
        assertEquals(SessionException.UNKNOWN_SESSION, code(() -> sessions.get(Base64Url.encode(new byte[16]))));
        assertEquals(SessionException.INVALID_PARAMS, code(() -> sessions.open("short", new byte[32], NEIGHBOUR)));
        assertEquals(SessionException.UNKNOWN_SESSION, code(() -> sessions.finish(Base64Url.encode(new byte[16]),
                new byte[64])));
    }

    @Test
    void tooManyHandshakesWaitingAreRefusedForLoadUntilTheyTimeOut() throws SessionException {
        begin(1);
        begin(2);
        assertEquals(SessionException.OVERLOADED, code(() -> begin(3)));
        clock.advance(Duration.ofSeconds(10));
        begin(3);
    }

    @Test
    void aNeighbourBringsAtMostItsQuotaOfHandshakesBeforeAnyKeyWork() throws SessionException {
        for (int i = 0; i < 3; i++) {
            connect(i + 1, NEIGHBOUR);
        }
        assertEquals(SessionException.OVERLOADED, code(() -> begin(4, NEIGHBOUR)), "burst 3 spent");
        begin(5, OTHER);
        clock.advance(Duration.ofSeconds(1));
        begin(6, NEIGHBOUR);
    }

    @Test
    void aHandshakeWhoseMessage3ComesTooLateIsForgotten() throws SessionException {
        Object[] h = begin(1);
        clock.advance(Duration.ofSeconds(11));
        byte[] third = ((SessionHandshake) h[1]).third((byte[]) h[2]);
        assertEquals(SessionException.UNKNOWN_SESSION, code(() -> sessions.finish((String) h[0], third)));
    }

    @Test
    void aSessionIdInUseIsRefused() throws SessionException {
        Session s = connect(1);
        assertEquals(SessionException.INVALID_PARAMS, code(() -> sessions.open(s.id(), new byte[32], NEIGHBOUR)));
    }

    @Test
    void anIdleSessionIsDroppedAndAUsedOneKept() throws SessionException {
        Session idle = connect(1);
        Session used = connect(2);
        clock.advance(Duration.ofMinutes(9));
        used.sealResponse(0, new byte[1], clock.instant());
        clock.advance(Duration.ofMinutes(2));
        sessions.sweep();
        assertEquals(SessionException.UNKNOWN_SESSION, code(() -> sessions.get(idle.id())));
        assertSame(used, sessions.get(used.id()));
    }

    @Test
    void aSessionOlderThanItsLifetimeIsDroppedEvenWhenUsed() throws SessionException {
        Session s = connect(1);
        for (int i = 0; i < 7; i++) {
            clock.advance(Duration.ofMinutes(9));
            s.sealResponse(0, new byte[1], clock.instant());
        }
        assertEquals(SessionException.UNKNOWN_SESSION, code(() -> sessions.get(s.id())));
    }

    @Test
    void aPeerHoldsAtMostItsShareAndItsOldestGoesFirst() throws SessionException {
        Session first = connect(1);
        clock.advance(Duration.ofSeconds(1));
        Session second = connect(1);
        clock.advance(Duration.ofSeconds(1));
        Session third = connect(1);
        assertEquals(SessionException.UNKNOWN_SESSION, code(() -> sessions.get(first.id())));
        assertSame(second, sessions.get(second.id()));
        assertSame(third, sessions.get(third.id()));
    }

    @Test
    void theLeastRecentlyUsedSessionMakesRoomWhenTheTableIsFull() throws SessionException {
        Session a = connect(1);
        Session b = connect(2);
        Session c = connect(3);
        sessions.get(a.id());
        connect(4);
        assertEquals(3, sessions.size());
        assertEquals(SessionException.UNKNOWN_SESSION, code(() -> sessions.get(b.id())), "b was used least recently");
        assertSame(c, sessions.get(c.id()));
    }

    @Test
    void sessionsThePolicyNowRefusesAreDropped() throws SessionException {
        Session refused = connect(1);
        Session kept = connect(2);
        sessions.dropUnless(s -> !s.peer().equals(SessionPair.identity(1).nodeId()));
        assertEquals(SessionException.UNKNOWN_SESSION, code(() -> sessions.get(refused.id())));
        assertSame(kept, sessions.get(kept.id()));
    }
}
