package io.agentmesh.testsupport;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/**
 * A deterministic {@link SecureRandom} for tests: SHA-256 of (seed, counter) blocks. Never use it
 * outside tests.
 */
public final class FixedRandom extends SecureRandom {

    private static final long serialVersionUID = 1L;

    private final long seed;
    private long counter;

    public FixedRandom(long seed) {
        super(new byte[0]);
        this.seed = seed;
    }

    @Override
    public synchronized void nextBytes(byte[] bytes) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            int done = 0;
            while (done < bytes.length) {
                byte[] block = sha.digest(ByteBuffer.allocate(16).putLong(seed).putLong(counter++).array());
                int n = Math.min(block.length, bytes.length - done);
                System.arraycopy(block, 0, bytes, done, n);
                done += n;
            }
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void setSeed(long ignored) {
        // deterministic by design
    }

    @Override
    public void setSeed(byte[] ignored) {
        // deterministic by design
    }
}
