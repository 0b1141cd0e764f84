package io.agentmesh.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentmesh.identity.Base64Url;
import io.agentmesh.identity.NodeId;
import io.agentmesh.identity.NodeIdentity;
import io.agentmesh.noise.DhKeyPair;
import io.agentmesh.testsupport.FixedRandom;
import io.agentmesh.testsupport.ManualScheduler;
import io.agentmesh.testsupport.NoisePeer;
import io.agentmesh.testsupport.RecordingChannel;
import io.agentmesh.testsupport.RecordingListener;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The link session against a peer played by hand ({@link NoisePeer}): every close code of wire-v1 §6 on
 * its condition, with the code sent, the final state and what the listener heard.
 */
class LinkSessionTest {

    private final FixedRandom random = new FixedRandom(42);
    private final NodeIdentity localIdentity = NodeIdentity.generate(random);
    private final NodeIdentity peerIdentity = NodeIdentity.generate(random);
    private final ManualScheduler scheduler = new ManualScheduler();
    private final RecordingChannel channel = new RecordingChannel();
    private final RecordingListener listener = new RecordingListener();
    private final AtomicInteger observedCloses = new AtomicInteger();
    private LinkSettings settings = LinkSettings.defaults();
    private TrustPolicy trust = TrustPolicy.open();
    private LinkKeeper observer = new LinkKeeper() {
        @Override
        public void closed(LinkSession session, int code, String reason) {
            observedCloses.incrementAndGet();
        }
    };

    private LinkEnvironment env() {
        LocalNode local = LocalNode.create(localIdentity, random, settings);
        return new LinkEnvironment(local, settings, trust, random, Clock.systemUTC(), scheduler, Runnable::run);
    }

    private LinkSession responder() {
        LinkSession s = LinkSession.responder(env(), channel, listener, observer);
        s.start();
        return s;
    }

    private LinkSession initiator(NodeId expected) {
        LinkSession s = LinkSession.initiator(env(), channel, listener, observer, "ws://127.0.0.1:1/mesh", expected);
        s.start();
        return s;
    }

    /** A responder session that completed the handshake with {@code peer} as initiator. */
    private LinkSession openResponder(NoisePeer peer) throws Exception {
        LinkSession s = responder();
        s.onBinary(peer.write(new byte[0]));
        byte[] msg2 = single(channel.drain());
        IdentityPayload p = IdentityPayload.parse(peer.read(msg2));
        p.verify(peer.remoteStaticPublicKey());
        assertEquals(localIdentity.nodeId(), p.nodeId());
        s.onBinary(peer.write(peer.identityPayload()));
        assertEquals(LinkSession.State.OPEN, s.state());
        return s;
    }

    /** An initiator session that completed the handshake with {@code peer} as responder. */
    private LinkSession openInitiator(NoisePeer peer, NodeId expected) throws Exception {
        LinkSession s = initiator(expected);
        peer.read(single(channel.drain()));
        s.onBinary(peer.write(peer.identityPayload()));
        byte[] payload = peer.read(single(channel.drain()));
        IdentityPayload.parse(payload).verify(peer.remoteStaticPublicKey());
        assertEquals(LinkSession.State.OPEN, s.state());
        return s;
    }

    private NoisePeer initiatorPeer() {
        return new NoisePeer(peerIdentity, true, random);
    }

    private NoisePeer responderPeer() {
        return new NoisePeer(peerIdentity, false, random);
    }

    private static byte[] single(List<byte[]> frames) {
        assertEquals(1, frames.size(), "frames sent");
        return frames.get(0);
    }

    private void assertClosed(LinkSession s, int code, boolean wasUp) {
        assertEquals(LinkSession.State.CLOSED, s.state());
        assertFalse(s.isOpen());
        assertEquals(code, s.closeCode());
        assertEquals(code, channel.closeCode(), "close code sent");
        assertEquals(wasUp ? 1 : 0, listener.count("up"));
        assertEquals(wasUp ? 1 : 0, listener.count("down"), "linkDown told once for a link that was up");
        assertEquals(1, observedCloses.get(), "observer told once");
        if (wasUp) {
            assertEquals(code, listener.events().get(listener.events().size() - 1).code());
        }
        assertFalse(s.send("x".getBytes(StandardCharsets.UTF_8)), "no send after close");
    }

    // ---------------------------------------------------------------- happy paths

    @Test
    void responderCompletesTheHandshakeAndExchangesMessages() throws Exception {
        NoisePeer peer = initiatorPeer();
        LinkSession s = openResponder(peer);
        assertEquals(peerIdentity.nodeId(), s.peer());
        assertFalse(s.outbound());
        assertEquals(List.of(), s.peerAddrs());
        assertEquals("noise-peer/1", s.peerSoftware());
        assertFalse(s.binaryBoxes(), "a peer whose payload lists no features gets wire-v1's text messages only");
        assertNotNull(s.establishedAt());
        assertEquals(1, listener.count("up"));
        assertEquals(0, scheduler.pending(), "deadline cancelled");

        s.onBinary(peer.encryptFinal("{\"jsonrpc\":\"2.0\",\"method\":\"node/ping\",\"id\":1}"));
        assertEquals("{\"jsonrpc\":\"2.0\",\"method\":\"node/ping\",\"id\":1}",
                new String(listener.messages().get(0), StandardCharsets.UTF_8));

        assertTrue(s.send("hello".getBytes(StandardCharsets.UTF_8)));
        byte[] plain = peer.decrypt(single(channel.drain()));
        assertEquals(0x01, plain[0]);
        assertEquals("hello", new String(plain, 1, plain.length - 1, StandardCharsets.UTF_8));
        assertEquals(new LinkStats(1, 1, 45, 5, null), s.stats());
    }

    @Test
    void initiatorCompletesTheHandshakeWithTheExpectedPeer() throws Exception {
        NoisePeer peer = responderPeer();
        LinkSession s = openInitiator(peer, peerIdentity.nodeId());
        assertTrue(s.outbound());
        assertEquals(peerIdentity.nodeId(), s.peer());
        assertEquals(localIdentity.nodeId(), s.initiatorId());
        s.onBinary(peer.encryptFinal("{}"));
        assertArrayEquals("{}".getBytes(StandardCharsets.UTF_8), listener.messages().get(0));
    }

    @Test
    void messageOneWithAPayloadIsAcceptedAndThePayloadIgnored() throws Exception {
        NoisePeer peer = initiatorPeer();
        LinkSession s = responder();
        s.onBinary(peer.write("ignored".getBytes(StandardCharsets.UTF_8)));
        peer.read(single(channel.drain()));
        s.onBinary(peer.write(peer.identityPayload()));
        assertEquals(LinkSession.State.OPEN, s.state());
    }

    @Test
    void largeMessagesAreChunkedAndReassembled() throws Exception {
        NoisePeer peer = initiatorPeer();
        LinkSession s = openResponder(peer);
        byte[] big = MessageFragmenterTest.random(3 * 65518 + 5);
        assertTrue(s.send(big));
        List<byte[]> frames = channel.drain();
        assertEquals(4, frames.size());
        MessageAssembler assembler = new MessageAssembler(big.length, TestMemory.share());
        byte[] result = null;
        for (byte[] frame : frames) {
            assertTrue(frame.length <= 65535);
            result = assembler.accept(peer.decrypt(frame));
        }
        assertArrayEquals(big, result);

        // and the other way, split anywhere (chunks of 1000)
        for (int off = 0; off < big.length; off += 1000) {
            int end = Math.min(big.length, off + 1000);
            s.onBinary(peer.encrypt(end == big.length ? 1 : 0, Arrays.copyOfRange(big, off, end)));
        }
        assertArrayEquals(big, listener.messages().get(0));
    }

    @Test
    void emptyFinalChunkEndsAMessage() throws Exception {
        NoisePeer peer = initiatorPeer();
        LinkSession s = openResponder(peer);
        s.onBinary(peer.encrypt(0, "ab".getBytes(StandardCharsets.UTF_8)));
        s.onBinary(peer.encrypt(0, new byte[0]));
        s.onBinary(peer.encrypt(1, new byte[0]));
        assertArrayEquals("ab".getBytes(StandardCharsets.UTF_8), listener.messages().get(0));
        assertTrue(s.send(new byte[0]));
        assertArrayEquals(new byte[] {1}, peer.decrypt(single(channel.drain())));
    }

    @Test
    void messageOfExactlyTheLimitIsAccepted() throws Exception {
        settings = settings.withMaxMessageBytes(70_000);
        NoisePeer peer = initiatorPeer();
        LinkSession s = openResponder(peer);
        s.onBinary(peer.encrypt(0, new byte[65518]));
        s.onBinary(peer.encrypt(1, new byte[70_000 - 65518]));
        assertEquals(70_000, listener.messages().get(0).length);
        assertTrue(s.isOpen());
    }

    // ---------------------------------------------------------------- 1003

    @Test
    void textDuringTheHandshakeCloses1003() {
        LinkSession s = responder();
        s.onText();
        assertClosed(s, CloseCodes.TEXT_MESSAGE, false);
    }

    @Test
    void textOnAnOpenLinkCloses1003() throws Exception {
        LinkSession s = openResponder(initiatorPeer());
        s.onText();
        assertClosed(s, CloseCodes.TEXT_MESSAGE, true);
    }

    // ---------------------------------------------------------------- 4000 / 4001 in the handshake

    @Test
    void shortMessageOneCloses4000() {
        LinkSession s = responder();
        s.onBinary(new byte[31]);
        assertClosed(s, CloseCodes.PROTOCOL_ERROR, false);
        assertEquals(List.of(), channel.sent());
    }

    @Test
    void shortMessageTwoCloses4000() throws Exception {
        NoisePeer peer = responderPeer();
        LinkSession s = initiator(null);
        peer.read(single(channel.drain()));
        byte[] msg2 = peer.write(peer.identityPayload());
        s.onBinary(Arrays.copyOf(msg2, 95));
        assertClosed(s, CloseCodes.PROTOCOL_ERROR, false);
    }

    @Test
    void shortMessageThreeCloses4000() throws Exception {
        NoisePeer peer = initiatorPeer();
        LinkSession s = responder();
        s.onBinary(peer.write(new byte[0]));
        peer.read(single(channel.drain()));
        s.onBinary(new byte[63]);
        assertClosed(s, CloseCodes.PROTOCOL_ERROR, false);
    }

    @Test
    void oversizeHandshakeMessageCloses4000() {
        LinkSession s = responder();
        s.onBinary(new byte[65536]);
        assertClosed(s, CloseCodes.PROTOCOL_ERROR, false);
    }

    @Test
    void garbageMessageTwoCloses4001() throws Exception {
        NoisePeer peer = responderPeer();
        LinkSession s = initiator(null);
        peer.read(single(channel.drain()));
        byte[] msg2 = peer.write(peer.identityPayload());
        msg2[40] ^= 1; // inside the encrypted static key
        s.onBinary(msg2);
        assertClosed(s, CloseCodes.HANDSHAKE_FAILED, false);
        assertEquals(List.of(), channel.sent(), "message 3 never sent");
    }

    @Test
    void tamperedMessageThreeCloses4001() throws Exception {
        NoisePeer peer = initiatorPeer();
        LinkSession s = responder();
        s.onBinary(peer.write(new byte[0]));
        peer.read(single(channel.drain()));
        byte[] msg3 = peer.write(peer.identityPayload());
        msg3[msg3.length - 1] ^= 1;
        s.onBinary(msg3);
        assertClosed(s, CloseCodes.HANDSHAKE_FAILED, false);
    }

    @Test
    void lowOrderEphemeralCloses4001() throws Exception {
        LinkSession s = responder();
        byte[] msg1 = new byte[32]; // the all-zero point has low order: DH(ee) is all zeros
        s.onBinary(msg1);
        assertClosed(s, CloseCodes.HANDSHAKE_FAILED, false);
        assertEquals(List.of(), channel.sent());
    }

    @Test
    void lowOrderEphemeralFromANoisePeerCloses4001() throws Exception {
        byte[] lowOrder = new byte[32];
        lowOrder[0] = 1; // the point of order 1 (u = 1)
        NoisePeer peer = new NoisePeer(peerIdentity, true, random, new DhKeyPair(new byte[32], lowOrder));
        LinkSession s = responder();
        s.onBinary(peer.write(new byte[0]));
        assertClosed(s, CloseCodes.HANDSHAKE_FAILED, false);
    }

    @Test
    void badIdentityPayloadCloses4001() throws Exception {
        NoisePeer peer = initiatorPeer();
        LinkSession s = responder();
        s.onBinary(peer.write(new byte[0]));
        peer.read(single(channel.drain()));
        s.onBinary(peer.write("{\"v\":1}".getBytes(StandardCharsets.UTF_8)));
        assertClosed(s, CloseCodes.HANDSHAKE_FAILED, false);
    }

    @Test
    void aValidlySignedPayloadOverTheLimitsCloses4001() throws Exception {
        NoisePeer peer = initiatorPeer();
        LinkSession s = responder();
        s.onBinary(peer.write(new byte[0]));
        peer.read(single(channel.drain()));
        String sig = Base64Url.encode(peerIdentity.sign(IdentityPayload.signedBytes(peer.staticPublicKey())));
        String addrs = String.join(",", java.util.Collections.nCopies(17, "\"ws://10.0.0.1:9080/mesh\""));
        String payload = "{\"v\":1,\"identity\":\"" + Base64Url.encode(peerIdentity.publicKey()) + "\",\"sig\":\""
                + sig + "\",\"addrs\":[" + addrs + "]}";
        s.onBinary(peer.write(payload.getBytes(StandardCharsets.UTF_8)));
        assertClosed(s, CloseCodes.HANDSHAKE_FAILED, false);
    }

    @Test
    void payloadSignedForAnotherStaticKeyCloses4001() throws Exception {
        NoisePeer peer = responderPeer();
        LinkSession s = initiator(null);
        peer.read(single(channel.drain()));
        byte[] otherKey = NoisePeer.SUITE.generateKeyPair(random).publicKey();
        byte[] payload = IdentityPayload.create(peerIdentity, otherKey, List.of(), null).toJson();
        s.onBinary(peer.write(payload));
        assertClosed(s, CloseCodes.HANDSHAKE_FAILED, false);
        assertEquals(List.of(), channel.sent());
    }

    @Test
    void dialedIdMismatchCloses4001BeforeMessageThree() throws Exception {
        NoisePeer peer = responderPeer();
        LinkSession s = initiator(NodeId.of("0".repeat(40)));
        peer.read(single(channel.drain()));
        s.onBinary(peer.write(peer.identityPayload()));
        assertClosed(s, CloseCodes.HANDSHAKE_FAILED, false);
        assertEquals(List.of(), channel.sent(), "message 3 (our identity) never sent");
    }

    @Test
    void binaryBeforeStartCloses4000() {
        LinkSession s = LinkSession.responder(env(), channel, listener, observer);
        s.onBinary(new byte[32]);
        assertClosed(s, CloseCodes.PROTOCOL_ERROR, false);
    }

    // ---------------------------------------------------------------- 4003, 4004, 4005

    @Test
    void responderRefusesAPeerOutsideTheAllowlistWith4003AfterTheHandshake() throws Exception {
        trust = TrustPolicy.allowlist(List.of());
        NoisePeer peer = initiatorPeer();
        LinkSession s = responder();
        s.onBinary(peer.write(new byte[0]));
        peer.read(single(channel.drain()));
        s.onBinary(peer.write(peer.identityPayload()));
        assertClosed(s, CloseCodes.REFUSED, false);
    }

    @Test
    void responderRefusedAHandshakeOnMessageOneCloses4003WithoutAnswering() throws Exception {
        AtomicInteger started = new AtomicInteger();
        observer = new LinkKeeper() {
            @Override
            public void handshakeStarted(LinkSession session) throws LinkProtocolException {
                started.incrementAndGet();
                throw new LinkProtocolException(CloseCodes.REFUSED, "refused: too many handshakes in progress");
            }

            @Override
            public void closed(LinkSession session, int code, String reason) {
                observedCloses.incrementAndGet();
            }
        };
        LinkSession s = responder();
        s.onBinary(initiatorPeer().write(new byte[0]));
        assertEquals(List.of(), channel.drain(), "no message 2: the handshake's work was not done");
        assertEquals(1, started.get());
        assertClosed(s, CloseCodes.REFUSED, false);
    }

    @Test
    void aSocketThatNeverOpenedIsAbandonedAndAnOpenLinkClosed() throws Exception {
        LinkSession silent = responder();
        scheduler.runPending();
        assertEquals(CloseCodes.HANDSHAKE_TIMEOUT, silent.closeCode());
        assertTrue(channel.abandoned(), "the deadline's close abandons the socket");
        RecordingChannel openChannel = new RecordingChannel();
        LinkSession open = LinkSession.responder(env(), openChannel, listener, observer);
        open.start();
        NoisePeer peer = initiatorPeer();
        open.onBinary(peer.write(new byte[0]));
        peer.read(single(openChannel.drain()));
        open.onBinary(peer.write(peer.identityPayload()));
        open.close(CloseCodes.NORMAL, "done");
        assertEquals(CloseCodes.NORMAL, openChannel.closeCode());
        assertFalse(openChannel.abandoned(), "an open link's close waits for the peer's answer as usual");
    }

    @Test
    void theObserverHearsOfMessageOneOnceAndOnlyAsResponder() throws Exception {
        AtomicInteger started = new AtomicInteger();
        observer = new LinkKeeper() {
            @Override
            public void handshakeStarted(LinkSession session) {
                started.incrementAndGet();
            }
        };
        openResponder(initiatorPeer());
        assertEquals(1, started.get());
        openInitiator(responderPeer(), null);
        assertEquals(1, started.get());
    }

    @Test
    void initiatorRefusesAPeerWith4003AfterSendingMessageThree() throws Exception {
        trust = TrustPolicy.open();
        trust.block(peerIdentity.nodeId());
        NoisePeer peer = responderPeer();
        LinkSession s = initiator(null);
        peer.read(single(channel.drain()));
        s.onBinary(peer.write(peer.identityPayload()));
        peer.read(single(channel.drain())); // message 3 was sent: the handshake ended
        assertTrue(peer.complete());
        assertClosed(s, CloseCodes.REFUSED, false);
    }

    @Test
    void handshakeDeadlineCloses4004() throws Exception {
        settings = settings.withHandshakeTimeout(Duration.ofMillis(300));
        NoisePeer peer = initiatorPeer();
        LinkSession s = responder();
        assertEquals(Duration.ofMillis(300), scheduler.entries().get(0).delay);
        s.onBinary(peer.write(new byte[0]));
        peer.read(single(channel.drain()));
        scheduler.runPending();
        assertClosed(s, CloseCodes.HANDSHAKE_TIMEOUT, false);
        // message 3 arriving late is not read
        s.onBinary(peer.write(peer.identityPayload()));
        assertEquals(0, listener.count("up"));
    }

    @Test
    void deadlineAfterTheHandshakeDoesNothing() throws Exception {
        LinkSession s = openResponder(initiatorPeer());
        scheduler.entries().forEach(e -> e.task.run());
        assertTrue(s.isOpen());
    }

    @Test
    void observerRefusalClosesWithItsCode() throws Exception {
        observer = new LinkKeeper() {
            @Override
            public void admit(LinkSession session) throws LinkProtocolException {
                throw new LinkProtocolException(CloseCodes.DUPLICATE_LINK, "duplicate link");
            }

            @Override
            public void closed(LinkSession session, int code, String reason) {
                observedCloses.incrementAndGet();
            }
        };
        NoisePeer peer = initiatorPeer();
        LinkSession s = responder();
        s.onBinary(peer.write(new byte[0]));
        peer.read(single(channel.drain()));
        s.onBinary(peer.write(peer.identityPayload()));
        assertClosed(s, CloseCodes.DUPLICATE_LINK, false);
    }

    // ---------------------------------------------------------------- transport errors

    @Test
    void transportMessageOver65535Closes4000() throws Exception {
        LinkSession s = openResponder(initiatorPeer());
        s.onBinary(new byte[65536]);
        assertClosed(s, CloseCodes.PROTOCOL_ERROR, true);
    }

    @Test
    void transportMessageUnder17Closes4000() throws Exception {
        LinkSession s = openResponder(initiatorPeer());
        s.onBinary(new byte[16]);
        assertClosed(s, CloseCodes.PROTOCOL_ERROR, true);
    }

    @Test
    void tamperedTransportMessageCloses4002AndNothingAfterIsRead() throws Exception {
        NoisePeer peer = initiatorPeer();
        LinkSession s = openResponder(peer);
        byte[] bad = peer.encryptFinal("{}");
        bad[3] ^= 1;
        s.onBinary(bad);
        assertClosed(s, CloseCodes.DECRYPT_FAILED, true);
        s.onBinary(peer.encryptFinal("{\"after\":1}"));
        assertEquals(0, listener.count("message"));
    }

    @Test
    void replayedTransportMessageCloses4002() throws Exception {
        NoisePeer peer = initiatorPeer();
        LinkSession s = openResponder(peer);
        byte[] first = peer.encryptFinal("{}");
        s.onBinary(first);
        s.onBinary(first);
        assertEquals(1, listener.count("message"));
        assertClosed(s, CloseCodes.DECRYPT_FAILED, true);
    }

    @Test
    void reorderedTransportMessagesClose4002() throws Exception {
        NoisePeer peer = initiatorPeer();
        LinkSession s = openResponder(peer);
        byte[] first = peer.encryptFinal("{\"n\":1}");
        byte[] second = peer.encryptFinal("{\"n\":2}");
        s.onBinary(second);
        assertClosed(s, CloseCodes.DECRYPT_FAILED, true);
        assertEquals(0, listener.count("message"));
        assertNotNull(first);
    }

    @Test
    void truncatedTransportMessageCloses4002() throws Exception {
        NoisePeer peer = initiatorPeer();
        LinkSession s = openResponder(peer);
        byte[] message = peer.encryptFinal("{\"some\":\"content\"}");
        s.onBinary(Arrays.copyOf(message, message.length - 1));
        assertClosed(s, CloseCodes.DECRYPT_FAILED, true);
    }

    @Test
    void badFlagsClose4000() throws Exception {
        NoisePeer peer = initiatorPeer();
        LinkSession s = openResponder(peer);
        s.onBinary(peer.encrypt(0x03, "{}".getBytes(StandardCharsets.UTF_8)));
        assertClosed(s, CloseCodes.PROTOCOL_ERROR, true);
    }

    @Test
    void messageOverTheLimitCloses1009WithoutWaitingForFinal() throws Exception {
        settings = settings.withMaxMessageBytes(100_000);
        NoisePeer peer = initiatorPeer();
        LinkSession s = openResponder(peer);
        s.onBinary(peer.encrypt(0, new byte[65518]));
        assertTrue(s.isOpen());
        s.onBinary(peer.encrypt(0, new byte[100_000 - 65518 + 1]));
        assertClosed(s, CloseCodes.MESSAGE_TOO_BIG, true);
        assertEquals(0, listener.count("message"));
    }

    // ---------------------------------------------------------------- peer close, local close (counters: TransportCodecTest)

    @Test
    void peerCloseEndsTheLinkOnce() throws Exception {
        LinkSession s = openResponder(initiatorPeer());
        s.onClosed(4003, "refused by policy");
        s.onClosed(1000, "again");
        assertEquals(LinkSession.State.CLOSED, s.state());
        assertEquals(4003, s.closeCode());
        assertEquals(0, channel.closeCode(), "no close frame sent back by the session");
        assertEquals(1, listener.count("down"));
        assertEquals(4003, listener.events().get(listener.events().size() - 1).code());
        assertEquals(1, observedCloses.get());
    }

    @Test
    void localCloseIsSentOnceAndTheListenerToldOnce() throws Exception {
        LinkSession s = openResponder(initiatorPeer());
        s.close(CloseCodes.GOING_AWAY, "shutting down");
        s.close(CloseCodes.NORMAL, "again");
        s.onText();
        assertClosed(s, CloseCodes.GOING_AWAY, true);
    }

    @Test
    void writeFailureEndsTheLink() throws Exception {
        LinkSession s = openResponder(initiatorPeer());
        channel.failSends();
        assertFalse(s.send("{}".getBytes(StandardCharsets.UTF_8)));
        assertClosed(s, CloseCodes.GOING_AWAY, true);
    }

    @Test
    void closeReasonIsKeptUnder124Bytes() throws Exception {
        LinkSession s = openResponder(initiatorPeer());
        s.close(CloseCodes.NORMAL, "é".repeat(200));
        assertTrue(channel.closeReason().getBytes(StandardCharsets.UTF_8).length <= 123);
    }
}
