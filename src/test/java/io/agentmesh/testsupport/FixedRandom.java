package io.agentmesh.testsupport;

import java.security.SecureRandom;
import java.util.SplittableRandom;

/** A deterministic {@link SecureRandom} for tests: the same seed gives the same keys. Not for production. */
public final class FixedRandom extends SecureRandom {

    private final SplittableRandom random;

    public FixedRandom(long seed) {
        super(new byte[0]);
        this.random = new SplittableRandom(seed);
    }

    @Override
    public synchronized void nextBytes(byte[] bytes) {
        random.nextBytes(bytes);
    }

    @Override
    public synchronized int nextInt() {
        return random.nextInt();
    }

    @Override
    public synchronized int nextInt(int bound) {
        return random.nextInt(bound);
    }

    @Override
    public synchronized long nextLong() {
        return random.nextLong();
    }

    @Override
    public synchronized double nextDouble() {
        return random.nextDouble();
    }

    @Override
    public void setSeed(long seed) {
        // the seed is fixed at construction
    }
}
