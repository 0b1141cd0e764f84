package io.agentmesh.transport;

import java.util.Arrays;
import java.util.Objects;

/**
 * Reassembles application messages from transport plaintexts (wire-v1 §4): accepts any split, counts
 * only data bytes against the size limit and fails with 1009 as soon as the running sum exceeds it,
 * without waiting for FINAL; a message of exactly the limit is accepted. Bad flags fail with 4000. Its
 * buffer is the link's holding in the node's {@link MemoryBudget}: every growth is reserved from its
 * {@link MemoryBudget.Share} before it is allocated (a refusal fails with 1009 too), and given back when
 * the buffer is dropped (after FINAL when it is larger than 1 MiB, on a failure, on {@link #reset}, on
 * {@link #close}). Not thread-safe: one per link, used by its reading thread.
 */
public final class MessageAssembler {

    private static final byte[] EMPTY = new byte[0];
    /** A buffer up to this size is kept for the link's next chunked message; a larger one is dropped. */
    private static final int RETAINED_BUFFER = 1 << 20;

    private final int maxMessageBytes;
    private final MemoryBudget.Share memory;
    /** Reserved in {@link #memory}: always {@code buffer.length}. */
    private byte[] buffer = EMPTY;
    private int size;

    /** An assembler of messages up to {@code maxMessageBytes} whose buffer is reserved from {@code memory}. */
    public MessageAssembler(int maxMessageBytes, MemoryBudget.Share memory) {
        if (maxMessageBytes < 0) {
            throw new IllegalArgumentException("maxMessageBytes must not be negative");
        }
        this.maxMessageBytes = maxMessageBytes;
        this.memory = Objects.requireNonNull(memory, "memory");
    }

    /**
     * Takes one plaintext ({@code length} bytes of {@code plaintext} from {@code offset}: a flags byte
     * and data). Returns the complete application message when this chunk is FINAL, else null.
     */
    public byte[] accept(byte[] plaintext, int offset, int length) throws LinkProtocolException {
        if (length < 1) {
            throw new LinkProtocolException(CloseCodes.PROTOCOL_ERROR, "transport plaintext without flags byte");
        }
        boolean isFinal = FrameFlag.isFinal(plaintext[offset]);
        int dataLength = length - 1;
        if ((long) size + dataLength > maxMessageBytes) {
            long total = (long) size + dataLength;
            reset();
            throw new LinkProtocolException(CloseCodes.MESSAGE_TOO_BIG,
                    "application message over " + maxMessageBytes + " bytes (" + total + " so far)");
        }
        if (isFinal && size == 0) {
            return Arrays.copyOfRange(plaintext, offset + 1, offset + length);
        }
        if (!isFinal) {
            ensureCapacity(size + dataLength);
            System.arraycopy(plaintext, offset + 1, buffer, size, dataLength);
            size += dataLength;
            return null;
        }
        // the last chunk goes straight into the message: the data gathered so far is copied once
        byte[] message = Arrays.copyOf(buffer, size + dataLength);
        System.arraycopy(plaintext, offset + 1, message, size, dataLength);
        size = 0;
        if (buffer.length > RETAINED_BUFFER) {
            drop();
        }
        return message;
    }

    /** Takes one whole plaintext array. */
    public byte[] accept(byte[] plaintext) throws LinkProtocolException {
        return accept(plaintext, 0, plaintext.length);
    }

    /** Data bytes of the message being assembled so far. */
    public int pendingBytes() {
        return size;
    }

    /** Drops a partial message and its buffer, giving the buffer's bytes back to the budget. */
    public void reset() {
        Arrays.fill(buffer, 0, size, (byte) 0);
        size = 0;
        drop();
    }

    /** Drops a partial message and closes the share: all its bytes go back, later growth is refused. */
    public void close() {
        reset();
        memory.close();
    }

    private void drop() {
        memory.release(buffer.length);
        buffer = EMPTY;
    }

    private void ensureCapacity(int needed) throws LinkProtocolException {
        if (needed <= buffer.length) {
            return;
        }
        int grown = Math.max((int) Math.min(Math.max((long) buffer.length * 2, needed), maxMessageBytes), needed);
        if (!memory.reserve(grown - buffer.length)) {
            int pending = size;
            reset();
            throw new LinkProtocolException(CloseCodes.MESSAGE_TOO_BIG, "the node's memory budget cannot hold more"
                    + " of this message (" + pending + " bytes so far)");
        }
        buffer = Arrays.copyOf(buffer, grown);
    }
}
