package io.agentmesh.session;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.agentmesh.identity.NodeId;
import io.agentmesh.json.Json;
import io.agentmesh.testsupport.ManualClock;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzz targets for what any node can send to a destination's end-to-end sessions (docs/protocol.md,
 * "End-to-end sessions"): a {@code node/session_open} (its session id and message 1), and the params of
 * a {@code node/sealed} opened on an established session. Each ends with message 2, or a
 * {@link SessionException} of a documented code; nothing opens that was not sealed. Inputs replayed by
 * every test run are under {@code src/test/resources/io/agentmesh/session/SessionFuzzTestInputs/}.
 */
@Timeout(10)
class SessionFuzzTest {

    private static final NodeId NEIGHBOUR = SessionPair.identity(7).nodeId();
    private static final Set<Integer> OPEN_CODES = Set.of(SessionException.INVALID_PARAMS, SessionException.OVERLOADED,
            SessionException.HANDSHAKE_FAILED);

    private final ManualClock clock = new ManualClock();
    private final InboundSessions sessions = new InboundSessions(SessionPair.local(SessionPair.identity(9)),
            SessionPair.ANYONE, new SessionSettings(SessionSettings.Mode.AUTO, Duration.ofSeconds(10),
            Duration.ofMinutes(10), Duration.ofHours(1), 16, 16, 4, 1_000_000, 1_000_000), clock, SessionPair.RANDOM);
    private final Session destination;

    SessionFuzzTest() throws SessionException {
        destination = SessionPair.established()[1];
    }

    /** A session id and message 1: message 2 of 96 bytes or more, or a documented refusal. */
    @FuzzTest(maxExecutions = 1_000_000, maxDuration = "30m")
    void open(FuzzedDataProvider data) {
        String sid = data.consumeString(40);
        byte[] first = data.consumeRemainingAsBytes();
        try {
            byte[] second = sessions.open(sid, first, NEIGHBOUR);
            assertTrue(second.length >= 96, "message 2 holds e, the encrypted s and the payload's tag");
        } catch (SessionException e) {
            assertTrue(OPEN_CODES.contains(e.code()), e.code() + " " + e.getMessage());
        }
        sessions.sweep();
        clock.advance(Duration.ofSeconds(11));
    }

    /** The params of a {@code node/sealed}: refused as bad params or a box that does not open, never opened. */
    @FuzzTest(maxExecutions = 1_000_000, maxDuration = "30m")
    void sealed(byte[] params) {
        JsonObject object;
        try {
            object = Json.readStrictObject(params);              // as the node reads what peers send
        } catch (IllegalArgumentException e) {
            return;
        }
        try {
            SessionMessages.Sealed sealed = SessionMessages.readSealed(object);
            destination.openRequest(sealed.n(), sealed.box(), clock.instant());
            throw new AssertionError("a box no one sealed opened");
        } catch (SessionException e) {
            assertTrue(e.code() == SessionException.INVALID_PARAMS || e.code() == SessionException.REJECTED,
                    e.code() + " " + e.getMessage());
        }
    }
}
