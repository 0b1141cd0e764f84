package io.agentmesh.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentmesh.identity.NodeId;
import io.agentmesh.testsupport.LogLines;
import io.agentmesh.testsupport.FakeLink;
import io.agentmesh.testsupport.RecordingChannel;
import io.agentmesh.testsupport.RecordingListener;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;

/** The life of a link (wire-v1 §6): CLOSED is terminal, the listener hears of it once, secrets are wiped. */
class LinkStateTest {

    private final RecordingChannel channel = new RecordingChannel();
    private final RecordingListener listener = new RecordingListener();
    private final List<String> closes = new ArrayList<>();
    private final AtomicLong nanos = new AtomicLong();
    private final LogLimiter logs = new LogLimiter(Duration.ofMinutes(1), nanos::get);
    private final LinkState state = new LinkState(FakeLink.to(NodeId.of("b".repeat(40)), "link-1"), channel, listener,
            Runnable::run, (code, reason, wasUp) -> closes.add(code + " " + reason + " " + wasUp), logs);

    @Test
    void aLinkThatNeverOpenedClosesWithoutTellingTheListener() {
        assertTrue(state.start());
        assertFalse(state.start(), "started once");
        state.close(CloseCodes.HANDSHAKE_TIMEOUT, "handshake deadline passed", Level.INFO);
        assertFalse(state.open(Instant.EPOCH), "CLOSED is terminal");
        assertEquals(LinkSession.State.CLOSED, state.state());
        assertNull(state.openedAt());
        assertEquals(List.of(), listener.events());
        assertEquals(List.of("4004 handshake deadline passed false"), closes);
        assertEquals(CloseCodes.HANDSHAKE_TIMEOUT, channel.closeCode());
        assertEquals("4004 handshake deadline passed", state.lastError());
    }

    @Test
    void anOpenLinkClosesOnceWhoeverClosesIt() {
        state.start();
        assertTrue(state.open(Instant.EPOCH));
        state.deliver(new byte[] {'{', '}'});
        state.closedBySocket(CloseCodes.REFUSED, "refused by policy");
        state.close(CloseCodes.NORMAL, "again", Level.FINE);
        state.deliver(new byte[] {'{', '}'});
        assertEquals(List.of("up", "message", "down"), listener.events().stream().map(RecordingListener.Event::kind).toList());
        assertEquals(List.of("4003 refused by policy true"), closes);
        assertEquals(0, channel.closeCode(), "no close frame sent back");
        assertEquals(CloseCodes.REFUSED, state.closeCode());
        assertEquals("peer closed: 4003 refused by policy", state.lastError());
    }

    @Test
    void secretsAreWipedAtOnceWhenFreeElseByTheirHolderOnItsLastRelease() {
        AtomicInteger readingWiped = new AtomicInteger();
        AtomicInteger sendingWiped = new AtomicInteger();
        state.start();
        state.reading().lock();
        state.reading().guard(readingWiped::incrementAndGet);
        state.sending().lock();
        state.sending().guard(sendingWiped::incrementAndGet);
        state.sending().release();

        state.reading().lock();                              // held twice, as by a reading thread that closes
        state.close(CloseCodes.PROTOCOL_ERROR, "bad", Level.FINE);
        assertEquals(1, sendingWiped.get(), "nobody held the sending side: wiped by the closing thread");
        assertEquals(0, readingWiped.get(), "the reading side is still in use");
        state.reading().release();
        assertEquals(0, readingWiped.get(), "not before the last release");
        state.reading().release();
        assertEquals(1, readingWiped.get());
        state.reading().lock();
        state.reading().release();
        assertEquals(1, readingWiped.get(), "wiped once");
    }

    @Test
    void closeLinesOfLinksThatNeverOpenedAreLimitedWhileThoseOfOpenLinksAreNot() {
        try (LogLines lines = new LogLines(LinkSession.class.getName(), Level.INFO)) {
            for (int i = 0; i < 200; i++) {
                LinkState flood = new LinkState(FakeLink.to(NodeId.of("c".repeat(40)), "in-" + i), new RecordingChannel(),
                        new RecordingListener(), Runnable::run, (code, reason, wasUp) -> { }, logs);
                flood.close(CloseCodes.HANDSHAKE_TIMEOUT, "handshake deadline passed", Level.INFO);
            }
            assertEquals(1, lines.lines().size(), lines.lines().toString());
            nanos.addAndGet(Duration.ofMinutes(1).toNanos());
            LinkState late = new LinkState(FakeLink.to(NodeId.of("c".repeat(40)), "in-late"), new RecordingChannel(),
                    new RecordingListener(), Runnable::run, (code, reason, wasUp) -> { }, logs);
            late.close(CloseCodes.HANDSHAKE_TIMEOUT, "handshake deadline passed", Level.INFO);
            assertTrue(lines.lines().get(1).endsWith("(199 more like this not logged since the last)"), lines.lines().get(1));

            for (int i = 0; i < 3; i++) {
                LinkState open = new LinkState(FakeLink.to(NodeId.of("d".repeat(40)), "out-" + i), new RecordingChannel(),
                        new RecordingListener(), Runnable::run, (code, reason, wasUp) -> { }, logs);
                open.start();
                open.open(Instant.EPOCH);
                open.close(CloseCodes.PROTOCOL_ERROR, "bad flags", Level.INFO);
            }
            assertEquals(5, lines.lines().size(), "every close of a link that was up is logged");
        }
    }
}
