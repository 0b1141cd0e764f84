package io.agentmesh.transport;

import jakarta.websocket.Session;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Ends the TCP connection under a WebSocket that this node closed and whose peer does not answer the close.
 * Liberty's WebSocket container (26.0.0.3) waits 30 s for the peer's close frame after sending its own: a
 * constant ({@code WsocConnLink.closeFrameReadTimeout}) that neither Jakarta WebSocket
 * ({@code setMaxIdleTimeout} does nothing once the session is closing) nor Liberty's configuration
 * shortens, and cancelling the pending read blocks. So this does what that timeout does when it passes:
 * {@code ConnectionLink.close} of the session's connection, reached by reflection, and only while the
 * container still waits for the close frame. On another container, or when Liberty's internals differ, it
 * does nothing (logged at FINE) and the container's own wait applies.
 */
final class LibertyConnections {

    private static final Logger LOG = Logger.getLogger(LibertyConnections.class.getName());

    private LibertyConnections() {
    }

    /** Closes {@code session}'s connection if the container still waits for the peer's close frame. */
    static void closeIfAwaitingClose(Session session) {
        try {
            Object impl = session.getClass().getMethod("getSessionImpl").invoke(session);
            Object link = field(impl, "connLink");
            if (!"ANTICIPATING".equals(String.valueOf(field(link, "closeFrameState")))) {
                return;   // the close frame came, or the connection is gone already
            }
            Object device = field(link, "deviceConnLink");
            Object connection = field(link, "vConnection");
            for (Method close : device.getClass().getMethods()) {
                if (close.getName().equals("close") && close.getParameterCount() == 2) {
                    close.invoke(device, connection, null);
                    return;
                }
            }
            LOG.log(Level.FINE, "WebSocket {0}: no ConnectionLink.close", session.getId());
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            LOG.log(Level.FINE, "WebSocket {0}: cannot end the connection: {1}", new Object[] {session.getId(), e.toString()});
        }
    }

    private static Object field(Object target, String name) throws ReflectiveOperationException {
        for (Class<?> c = target.getClass(); c != null; c = c.getSuperclass()) {
            try {
                Field field = c.getDeclaredField(name);
                field.setAccessible(true);
                return field.get(target);
            } catch (NoSuchFieldException e) {
                // look in the superclass
            }
        }
        throw new NoSuchFieldException(name);
    }
}
