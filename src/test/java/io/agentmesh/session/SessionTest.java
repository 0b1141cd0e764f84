package io.agentmesh.session;

import static io.agentmesh.session.SessionPair.ANYONE;
import static io.agentmesh.session.SessionPair.RANDOM;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.agentmesh.identity.NodeIdentity;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Sealing and opening in both directions, and everything a relay might do to a box. */
class SessionTest {

    private static final Instant NOW = Instant.EPOCH;
    private final Session[] pair = established();
    private final Session origin = pair[0];
    private final Session destination = pair[1];

    private static Session[] established() {
        try {
            return SessionPair.established();
        } catch (SessionException e) {
            throw new AssertionError(e);
        }
    }

    private static byte[] text(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void bothEndsKnowEachOtherAndTheGroupsTheirPolicyFound() {
        assertEquals(SessionPair.identity(2).nodeId(), origin.peer());
        assertEquals(SessionPair.identity(1).nodeId(), destination.peer());
        assertEquals(Set.of("members"), destination.groups());
        assertEquals(origin.id(), destination.id());
    }

    @Test
    void aRequestAndItsResponseAndProgressRoundTrip() throws SessionException {
        Session.Sealed request = origin.sealRequest(text("request"), NOW);
        assertArrayEquals(text("request"), destination.openRequest(request.n(), request.box(), NOW));
        Session.Sealed progress = destination.sealProgress(request.n(), text("half"), NOW);
        assertArrayEquals(text("half"), origin.openProgress(request.n(), progress.n(), progress.box(), NOW));
        Session.Sealed response = destination.sealResponse(request.n(), text("response"), NOW);
        assertArrayEquals(text("response"), origin.openResponse(request.n(), response.n(), response.box(), NOW));
    }

    @Test
    void emptyAndMultiChunkMessagesRoundTripAndTakeOneNoncePerChunk() throws SessionException {
        Session.Sealed empty = origin.sealRequest(new byte[0], NOW);
        assertEquals(16, empty.box().length);
        byte[] big = new byte[3 * SealedBox.CHUNK + 7];
        RANDOM.nextBytes(big);
        Session.Sealed large = origin.sealRequest(big, NOW);
        assertEquals(1, large.n(), "the empty message took nonce 0");
        assertEquals(big.length + 4 * 16, large.box().length);
        assertArrayEquals(big, destination.openRequest(large.n(), large.box(), NOW));
        assertArrayEquals(new byte[0], destination.openRequest(empty.n(), empty.box(), NOW), "out of order is fine");
        assertEquals(5, origin.sealRequest(text("next"), NOW).n(), "4 chunks took nonces 1 to 4");
    }

    @Test
    void aTamperedTruncatedOrReorderedBoxIsRejected() throws SessionException {
        byte[] big = new byte[2 * SealedBox.CHUNK + 100];
        Session.Sealed sealed = origin.sealRequest(big, NOW);
        byte[] flipped = sealed.box().clone();
        flipped[70_000] ^= 1;
        assertRejected(() -> destination.openRequest(sealed.n(), flipped, NOW));
        byte[] cut = Arrays.copyOf(sealed.box(), 2 * 65535);
        assertRejected(() -> destination.openRequest(sealed.n(), cut, NOW));
        byte[] swapped = sealed.box().clone();
        System.arraycopy(sealed.box(), 65535, swapped, 0, 65535);
        System.arraycopy(sealed.box(), 0, swapped, 65535, 65535);
        assertRejected(() -> destination.openRequest(sealed.n(), swapped, NOW));
        assertRejected(() -> destination.openRequest(sealed.n() + 1, sealed.box(), NOW));
        assertArrayEquals(big, destination.openRequest(sealed.n(), sealed.box(), NOW), "failures marked no nonce");
    }

    @Test
    void aReplayedRequestIsRejected() throws SessionException {
        Session.Sealed sealed = origin.sealRequest(text("once"), NOW);
        destination.openRequest(sealed.n(), sealed.box(), NOW);
        assertRejected(() -> destination.openRequest(sealed.n(), sealed.box(), NOW));
    }

    @Test
    void aResponseIsBoundToItsRequestAndItsKind() throws SessionException {
        Session.Sealed first = origin.sealRequest(text("1"), NOW);
        Session.Sealed second = origin.sealRequest(text("2"), NOW);
        destination.openRequest(first.n(), first.box(), NOW);
        destination.openRequest(second.n(), second.box(), NOW);
        Session.Sealed answerToFirst = destination.sealResponse(first.n(), text("for 1"), NOW);
        assertRejected(() -> origin.openResponse(second.n(), answerToFirst.n(), answerToFirst.box(), NOW));
        assertRejected(() -> origin.openProgress(first.n(), answerToFirst.n(), answerToFirst.box(), NOW));
        assertArrayEquals(text("for 1"), origin.openResponse(first.n(), answerToFirst.n(), answerToFirst.box(), NOW));
    }

    @Test
    void aBoxOfImpossibleLengthIsRejected() {
        assertRejected(() -> destination.openRequest(0, new byte[15], NOW));
        assertRejected(() -> destination.openRequest(0, new byte[65535 + 3], NOW));
        assertRejected(() -> destination.openRequest(0, new byte[0], NOW));
    }

    @Test
    void eachEndDoesOnlyItsOwnPart() {
        assertThrows(IllegalStateException.class, () -> destination.sealRequest(text("x"), NOW));
        assertThrows(IllegalStateException.class, () -> origin.sealResponse(0, text("x"), NOW));
    }

    @Test
    void aClosedSessionIsUnknown() {
        destination.close();
        SessionException e = assertThrows(SessionException.class,
                () -> destination.openRequest(0, origin.sealRequest(text("x"), NOW).box(), NOW));
        assertEquals(SessionException.UNKNOWN_SESSION, e.code());
    }

    @Test
    void theInitiatorRefusesAResponderThatIsNotItsTarget() throws SessionException {
        NodeIdentity a = SessionPair.identity(1);
        NodeIdentity other = SessionPair.identity(3);
        byte[] sid = SessionPair.sid();
        SessionHandshake initiator = SessionHandshake.initiator(sid, SessionPair.identity(2).nodeId(),
                SessionPair.local(a), ANYONE, null, RANDOM);
        SessionHandshake impostor = SessionHandshake.responder(sid, SessionPair.local(other), ANYONE, null, RANDOM);
        byte[] second = impostor.second(initiator.first());
        SessionException e = assertThrows(SessionException.class, () -> initiator.third(second));
        assertEquals(SessionException.HANDSHAKE_FAILED, e.code());
    }

    @Test
    void anIdentityPayloadSignedForAnotherKeyFailsTheHandshake() throws SessionException {
        NodeIdentity b = SessionPair.identity(2);
        SessionLocal honest = SessionPair.local(b);
        SessionLocal stolen = new SessionLocal(SessionPair.local(b).staticKey(), honest.identityPayload());
        byte[] sid = SessionPair.sid();
        SessionHandshake initiator = SessionHandshake.initiator(sid, b.nodeId(), SessionPair.local(SessionPair.identity(1)),
                ANYONE, null, RANDOM);
        SessionHandshake responder = SessionHandshake.responder(sid, stolen, ANYONE, null, RANDOM);
        byte[] second = responder.second(initiator.first());
        assertEquals(SessionException.HANDSHAKE_FAILED, assertThrows(SessionException.class,
                () -> initiator.third(second)).code());
    }

    @Test
    void thePolicyRefusesAPeerWithItsOwnReason() throws SessionException {
        byte[] sid = SessionPair.sid();
        NodeIdentity b = SessionPair.identity(2);
        SessionHandshake initiator = SessionHandshake.initiator(sid, b.nodeId(), SessionPair.local(SessionPair.identity(1)),
                ANYONE, null, RANDOM);
        SessionHandshake responder = SessionHandshake.responder(sid, SessionPair.local(b), peer -> {
            throw new SessionException(SessionException.FORBIDDEN, "forbidden: certificate expired");
        }, null, RANDOM);
        byte[] third = initiator.third(responder.second(initiator.first()));
        SessionException e = assertThrows(SessionException.class, () -> responder.finish(third));
        assertEquals(SessionException.FORBIDDEN, e.code());
        assertEquals("forbidden: certificate expired", e.getMessage());
    }

    @Test
    void aHandshakeOfAnotherSessionIdFails() throws SessionException {
        NodeIdentity b = SessionPair.identity(2);
        SessionHandshake initiator = SessionHandshake.initiator(SessionPair.sid(), b.nodeId(),
                SessionPair.local(SessionPair.identity(1)), ANYONE, null, RANDOM);
        SessionHandshake responder = SessionHandshake.responder(SessionPair.sid(), SessionPair.local(b), ANYONE, null, RANDOM);
        byte[] second = responder.second(initiator.first());
        assertEquals(SessionException.HANDSHAKE_FAILED, assertThrows(SessionException.class,
                () -> initiator.third(second)).code(), "the prologue binds the session id");
    }

    private static void assertRejected(org.junit.jupiter.api.function.Executable open) {
        assertEquals(SessionException.REJECTED, assertThrows(SessionException.class, open).code());
    }
}
