package io.agentmesh.transport;

import io.agentmesh.noise.CipherState;
import io.agentmesh.noise.NoiseException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.logging.Level;

/**
 * Carries application messages over an open link as transport messages (wire-v1 §4): on the way out
 * it splits each message into flagged chunks ({@link MessageFragmenter}) and encrypts them with the
 * sending {@link CipherState}, on the way in it decrypts with the receiving one and reassembles
 * ({@link MessageAssembler}, whose buffer {@code memory} holds in the node's {@link MemoryBudget}:
 * given back when the link closes). A nonce counter that runs out closes the link with 1000, as does a message
 * that would need more nonces than remain (it is not sent). Sending is thread-safe: one message's
 * chunks are encrypted and written under the link's sending lock, so nonce order is wire order and
 * chunks of two messages never interleave; receiving is done by one thread at a time, under the
 * reading lock. The {@link LinkState} wipes both ciphers once the link has closed. Each direction's
 * plaintext scratch array grows with the transport messages the link carries and keeps at most 4 KiB
 * ({@link PlainBuffer}), so an idle link holds hundreds of bytes of it, not 64 KiB.
 */
final class TransportCodec {

    /** The smallest transport message: the 16-byte tag and the flags byte. */
    static final int MIN_TRANSPORT_MESSAGE = 17;

    private static final byte[] NO_AD = new byte[0];
    private static final int TAG_LENGTH = 16;

    private final LinkState state;
    private final LinkChannel channel;
    private final MessageFragmenter fragmenter;
    private final MessageAssembler assembler;

    // Sending side, under state.sending().
    private CipherState sendCipher;
    private PlainBuffer sendPlain;

    // Reading side, under state.reading().
    private CipherState receiveCipher;
    private PlainBuffer receivePlain;

    /**
     * A codec that encrypts with {@code send} and decrypts with {@code receive} (the two halves of
     * Split, or any CipherStates with a key), writes to {@code channel}, and closes the link through
     * {@code state}; chunk size and message limit come from {@code settings}, the reassembly buffer is
     * reserved from {@code memory}.
     */
    TransportCodec(CipherState send, CipherState receive, LinkSettings settings, MemoryBudget.Share memory,
                   LinkChannel channel, LinkState state) {
        this.state = Objects.requireNonNull(state, "state");
        this.channel = Objects.requireNonNull(channel, "channel");
        this.fragmenter = new MessageFragmenter(settings.maxChunkData());
        this.assembler = new MessageAssembler(settings.maxMessageBytes(), memory);
        LinkState.Side reading = state.reading();
        reading.lock();
        try {
            receiveCipher = Objects.requireNonNull(receive, "receive");
            receivePlain = new PlainBuffer(MeshSubprotocol.MAX_WIRE_MESSAGE - TAG_LENGTH);
            reading.guard(this::wipeReceiving);
        } finally {
            reading.release();
        }
        LinkState.Side sending = state.sending();
        sending.lock();
        try {
            sendCipher = Objects.requireNonNull(send, "send");
            sendPlain = new PlainBuffer(fragmenter.maxPlaintextLength());
            sending.guard(this::wipeSending);
        } finally {
            sending.release();
        }
    }

    /**
     * Sends one application message as encrypted chunks; false when the link is not open, or closed on
     * the way (counter exhausted, encryption or write failed). A message that uses the last nonce is
     * sent, and then the link closes with 1000.
     */
    boolean send(byte[] applicationMessage) {
        Objects.requireNonNull(applicationMessage, "applicationMessage");
        if (!state.isOpen()) {
            return false;
        }
        int count = fragmenter.chunkCount(applicationMessage.length);
        LinkState.Side side = state.sending();
        side.lock();
        try {
            if (!state.isOpen()) {
                return false;
            }
            // 2^64 − 1 is never used: nonces n .. 2^64 − 2 remain
            long remaining = -1L - sendCipher.nonce();
            if (Long.compareUnsigned(remaining, count) < 0) {
                side.release();
                state.close(CloseCodes.NORMAL, "send counter exhausted", Level.INFO);
                return false;
            }
            for (int i = 0; i < count; i++) {
                byte[] plain = sendPlain.holding(fragmenter.chunkPlaintextLength(applicationMessage.length, i));
                int plainLength = fragmenter.writeChunk(applicationMessage, i, plain);
                byte[] wire = new byte[plainLength + TAG_LENGTH];
                sendCipher.encryptWithAd(NO_AD, plain, 0, plainLength, wire, 0);
                channel.sendBinary(ByteBuffer.wrap(wire));
            }
            if (sendCipher.nonce() == -1L) {
                side.release();
                state.close(CloseCodes.NORMAL, "send counter exhausted", Level.INFO);
            }
            return true;
        } catch (NoiseException e) {
            side.releaseIfHeld();
            state.close(CloseCodes.NORMAL, "cannot encrypt: " + e.reason(), Level.WARNING);
            return false;
        } catch (IOException e) {
            side.releaseIfHeld();
            int code = e instanceof LinkChannel.Failed failed ? failed.closeCode() : CloseCodes.GOING_AWAY;
            state.close(code, "cannot write: " + e.getMessage(), Level.FINE);
            return false;
        } finally {
            side.releaseIfHeld();
        }
    }

    /**
     * Decrypts one transport message and adds its chunk to the message being reassembled; returns the
     * application message it completes, or null. The caller holds the reading lock.
     */
    byte[] receive(byte[] message) throws LinkProtocolException {
        if (message.length > MeshSubprotocol.MAX_WIRE_MESSAGE || message.length < MIN_TRANSPORT_MESSAGE) {
            throw new LinkProtocolException(CloseCodes.PROTOCOL_ERROR,
                    "transport message of " + message.length + " bytes");
        }
        int length;
        byte[] plain = receivePlain.holding(message.length - TAG_LENGTH);
        try {
            length = receiveCipher.decryptWithAd(NO_AD, message, 0, message.length, plain, 0);
        } catch (NoiseException e) {
            if (e.reason() == NoiseException.Reason.NONCE_EXHAUSTED) {
                throw new LinkProtocolException(CloseCodes.NORMAL, "receive counter exhausted");
            }
            throw new LinkProtocolException(CloseCodes.DECRYPT_FAILED, "transport message failed to decrypt");
        }
        return assembler.accept(plain, 0, length);
    }

    private void wipeReceiving() {
        receiveCipher.destroy();
        receiveCipher = null;
        assembler.close();
        receivePlain = null;
    }

    private void wipeSending() {
        sendCipher.destroy();
        sendCipher = null;
        sendPlain = null;
    }
}
