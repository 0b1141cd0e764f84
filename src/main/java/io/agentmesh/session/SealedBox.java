package io.agentmesh.session;

import io.agentmesh.noise.CipherState;
import io.agentmesh.noise.NoiseException;
import java.nio.ByteBuffer;

/**
 * The sealing of one message in one direction of a session (docs/protocol.md, "Sealed messages"): the
 * plaintext cut into chunks of at most {@value #CHUNK} bytes, each encrypted by the direction's
 * {@link CipherState} under its own nonce, consecutive from the message's first nonce {@code n}, with the
 * associated data {@code kind || sid || chunk count || bound} (1 + 16 + 4 + 8 bytes, big-endian). The box
 * is the ciphertexts, tags included, one after the other: every chunk but the last is exactly 65535
 * bytes, so the count follows from the box's length, and cutting, reordering or swapping chunks, or
 * taking a box for another kind, session or request, makes a tag fail.
 */
final class SealedBox {

    /** Plaintext bytes per chunk: a Noise message of 65535 bytes less the 16-byte tag. */
    static final int CHUNK = CipherState.MAX_MESSAGE_LENGTH - 16;
    /** The largest plaintext a box holds: 6 MiB, so that its base64url text fits wire-v1's 8 MiB messages. */
    static final int MAX_PLAINTEXT = 6 * 1024 * 1024;

    /** What a box is for, the first byte of its associated data. */
    enum Kind {
        /** A request from the initiator; bound 0. */
        REQUEST(1),
        /** The response to a request; bound = the request's {@code n}. */
        RESPONSE(2),
        /** Progress of a request, from the responder; bound = the request's {@code n}. */
        PROGRESS(3);

        final byte code;

        Kind(int code) {
            this.code = (byte) code;
        }
    }

    private SealedBox() {
    }

    /** Chunks a plaintext of {@code length} bytes takes: at least one. */
    static int chunks(int length) {
        return length == 0 ? 1 : (length + CHUNK - 1) / CHUNK;
    }

    /** Chunks in a box of {@code length} bytes, or -1 when no plaintext seals to that length. */
    static int chunksOfBox(int length) {
        int full = length / CipherState.MAX_MESSAGE_LENGTH;
        int rest = length % CipherState.MAX_MESSAGE_LENGTH;
        if (rest == 0) {
            return full == 0 ? -1 : full;
        }
        return rest < 16 ? -1 : full + 1;
    }

    /** Seals {@code plaintext} with nonces from {@code first}; the caller owns {@code cipher} meanwhile. */
    static byte[] seal(CipherState cipher, long first, Kind kind, byte[] sid, long bound, byte[] plaintext)
            throws NoiseException {
        int count = chunks(plaintext.length);
        byte[] ad = ad(kind, sid, count, bound);
        byte[] box = new byte[plaintext.length + 16 * count];
        int in = 0;
        int out = 0;
        for (int i = 0; i < count; i++) {
            int len = Math.min(CHUNK, plaintext.length - in);
            cipher.setNonce(first + i);
            out += cipher.encryptWithAd(ad, plaintext, in, len, box, out);
            in += len;
        }
        return box;
    }

    /**
     * Opens {@code box}, sealed with nonces from {@code first}.
     *
     * @throws NoiseException a chunk failed to decrypt
     */
    static byte[] open(CipherState cipher, long first, Kind kind, byte[] sid, long bound, byte[] box, int count)
            throws NoiseException {
        byte[] ad = ad(kind, sid, count, bound);
        byte[] plaintext = new byte[box.length - 16 * count];
        int in = 0;
        int out = 0;
        for (int i = 0; i < count; i++) {
            int len = Math.min(CipherState.MAX_MESSAGE_LENGTH, box.length - in);
            cipher.setNonce(first + i);
            out += cipher.decryptWithAd(ad, box, in, len, plaintext, out);
            in += len;
        }
        return plaintext;
    }

    static byte[] ad(Kind kind, byte[] sid, int count, long bound) {
        return ByteBuffer.allocate(1 + Session.SID_BYTES + 4 + 8)
                .put(kind.code).put(sid).putInt(count).putLong(bound).array();
    }
}
