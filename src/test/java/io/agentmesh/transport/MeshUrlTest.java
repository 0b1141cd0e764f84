package io.agentmesh.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentmesh.identity.NodeId;
import org.junit.jupiter.api.Test;

class MeshUrlTest {

    private static final String ID = "0123456789abcdef0123456789abcdef01234567";

    @Test
    void parsesPlainAndPinnedUrls() {
        MeshUrl plain = MeshUrl.parse("ws://127.0.0.1:9080/mesh");
        assertEquals("ws://127.0.0.1:9080/mesh", plain.url().toString());
        assertNull(plain.expected());
        MeshUrl pinned = MeshUrl.parse(" wss://node.example:443/mesh#" + ID + " ");
        assertEquals(NodeId.of(ID), pinned.expected());
        assertEquals("wss://node.example:443/mesh", pinned.url().toString());
        assertTrue(pinned.secure());
    }

    @Test
    void badEntriesNameTheEntry() {
        for (String bad : new String[] {"http://h/mesh", "ws:///mesh", "ws://h/mesh#xyz",
                "ws://h/mesh#" + ID.toUpperCase(), "ws://h:99999/mesh", "ws://u@h/mesh", "not a url", ""}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MeshUrl.parse(bad));
            if (!bad.isEmpty()) {
                assertTrue(e.getMessage().contains(bad), e.getMessage());
            }
        }
    }

    @Test
    void webSocketUrlsAsAnotherNodeMayAdvertiseThem() {
        for (String good : new String[] {"ws://127.0.0.1:9080/mesh", "wss://node.example/mesh", "WS://node.example/mesh",
                "ws://[::1]:9080/mesh", "ws://node.example:9080/mesh?region=eu", "ws://node_1:9080/mesh", "ws://h"}) {
            assertTrue(MeshUrl.isWebSocketUrl(good), good);
        }
        for (String bad : new String[] {null, "", "http://h/mesh", "ws:/mesh", "ws:///mesh", "ws:h/mesh", "ws://u@h/mesh",
                "ws://h/mesh#" + ID, "ws://h/mesh#", " ws://h/mesh", "ws://h/me sh", "/mesh", "not a url"}) {
            assertFalse(MeshUrl.isWebSocketUrl(bad), bad);
        }
    }
}
