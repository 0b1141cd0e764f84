package io.agentmesh.transport;

/**
 * The flags byte that starts every transport plaintext (wire-v1 §4). Only {@code 0x01} FINAL is defined;
 * any other bit set is a protocol error (close 4000).
 */
public enum FrameFlag {

    /** This chunk ends an application message. */
    FINAL(0x01);

    private static final int KNOWN_BITS = 0x01;

    private final int bit;

    FrameFlag(int bit) {
        this.bit = bit;
    }

    /** The bit of this flag in the flags byte. */
    public int bit() {
        return bit;
    }

    /** The flags byte of a chunk. */
    public static byte toByte(boolean isFinal) {
        return (byte) (isFinal ? FINAL.bit : 0);
    }

    /**
     * Reads a flags byte: returns whether FINAL is set, or throws a protocol error (4000) when an
     * unknown bit is set.
     */
    public static boolean isFinal(byte flags) throws LinkProtocolException {
        int value = flags & 0xff;
        if ((value & ~KNOWN_BITS) != 0) {
            throw new LinkProtocolException(CloseCodes.PROTOCOL_ERROR,
                    String.format("unknown flag bits 0x%02x", value & ~KNOWN_BITS));
        }
        return (value & FINAL.bit) != 0;
    }
}
