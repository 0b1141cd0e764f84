package io.agentmesh.agents.http;

import java.security.SecureRandom;

/** A deterministic stand-in for SecureRandom: each call yields a counter, then fixed filler bytes. */
final class CountingRandom extends SecureRandom {

    private static final long serialVersionUID = 1L;
    private long counter;

    CountingRandom(long seed) {
        this.counter = seed;
    }

    @Override
    public synchronized void nextBytes(byte[] bytes) {
        long c = counter++;
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = i < 8 ? (byte) (c >>> (56 - 8 * i)) : (byte) i;
        }
    }
}
