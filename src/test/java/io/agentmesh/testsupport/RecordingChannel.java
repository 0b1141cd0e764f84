package io.agentmesh.testsupport;

import io.agentmesh.transport.LinkChannel;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** A {@link LinkChannel} that records what a session writes, for tests that play the peer by hand. */
public final class RecordingChannel implements LinkChannel {

    private final List<byte[]> sent = new ArrayList<>();
    private final List<Integer> closeCodes = new ArrayList<>();
    private String closeReason;
    private boolean abandoned;
    private IOException failSends;
    private int pings;

    @Override
    public synchronized void sendBinary(ByteBuffer message) throws IOException {
        if (failSends != null) {
            throw failSends;
        }
        if (!closeCodes.isEmpty()) {
            throw new IOException("closed");
        }
        byte[] bytes = new byte[message.remaining()];
        message.get(bytes);
        sent.add(bytes);
    }

    @Override
    public synchronized void ping() throws IOException {
        if (!closeCodes.isEmpty()) {
            throw new IOException("closed");
        }
        pings++;
    }

    /** How many Pings the session sent. */
    public synchronized int pings() {
        return pings;
    }

    @Override
    public synchronized void close(int code, String reason) {
        closeCodes.add(code);
        closeReason = reason;
    }

    /** Makes every later send fail with an IOException. */
    @Override
    public synchronized void abandon(int code, String reason) {
        abandoned = true;
        close(code, reason);
    }

    /** Whether the close was an {@linkplain LinkChannel#abandon abandon} (the link never opened). */
    public synchronized boolean abandoned() {
        return abandoned;
    }

    public synchronized void failSends() {
        failSends(new IOException("broken pipe"));
    }

    /** Makes every later send fail with {@code failure}. */
    public synchronized void failSends(IOException failure) {
        failSends = failure;
    }

    public synchronized List<byte[]> sent() {
        return List.copyOf(sent);
    }

    /** The frames sent since the last call. */
    public synchronized List<byte[]> drain() {
        List<byte[]> copy = List.copyOf(sent);
        sent.clear();
        return copy;
    }

    /** The close code sent, or 0 when none; fails the test when the channel was closed twice. */
    public synchronized int closeCode() {
        if (closeCodes.size() > 1) {
            throw new AssertionError("closed more than once: " + closeCodes);
        }
        return closeCodes.isEmpty() ? 0 : closeCodes.get(0);
    }

    public synchronized String closeReason() {
        return closeReason;
    }
}
