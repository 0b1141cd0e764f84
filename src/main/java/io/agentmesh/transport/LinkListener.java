package io.agentmesh.transport;

/**
 * Receives what established links deliver. The routing layer implements it. Calls for one link come
 * one at a time, in order. {@link #message} is usually called on the link's reading thread: it must not
 * block (hand slow work to another thread), or the link reads nothing meanwhile.
 */
public interface LinkListener {

    /** The handshake completed and the peer was admitted by the trust policy. */
    void linkUp(Link link);

    /** One reassembled application message (raw bytes: the receiver decodes UTF-8 JSON itself). */
    void message(Link link, byte[] applicationMessage);

    /** The link closed, for whatever reason; no more messages come from it. */
    void linkDown(Link link, int closeCode, String reason);
}
