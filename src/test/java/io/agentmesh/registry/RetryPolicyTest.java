package io.agentmesh.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import org.junit.jupiter.api.Test;

/** Which requests may run twice (docs/registry.md §5.2). */
class RetryPolicyTest {

    @Test
    void nodeOperationsAreSafe() {
        assertTrue(RetryPolicy.safeAfterDelivery("node", "get_info", null));
        assertTrue(RetryPolicy.safeAfterDelivery("node", "gossip_push", null));
    }

    @Test
    void listReadAndGetAreSafe() {
        for (String op : new String[] {"tools/list", "resources/list", "resources/templates/list", "prompts/list",
                "resources/read", "prompts/get", "ping"}) {
            assertTrue(RetryPolicy.safeAfterDelivery("echo", op, null), op);
        }
    }

    @Test
    void toolsAreSafeOnlyWhenReadOnlyOrIdempotent() {
        assertTrue(RetryPolicy.safeAfterDelivery("echo", "tools/call", new ToolAnnotations(true, null, null, null)));
        assertTrue(RetryPolicy.safeAfterDelivery("echo", "tools/call", new ToolAnnotations(null, true, true, null)));
        assertFalse(RetryPolicy.safeAfterDelivery("echo", "tools/call", new ToolAnnotations(false, false, false, false)));
        assertFalse(RetryPolicy.safeAfterDelivery("echo", "tools/call", ToolAnnotations.NONE));
        assertFalse(RetryPolicy.safeAfterDelivery("echo", "tools/call", null), "unknown tool");
        assertFalse(RetryPolicy.safeAfterDelivery("echo", "tools/call", new ToolAnnotations(null, false, null, false)),
                "not destructive is not the same as idempotent");
    }

    @Test
    void everythingElseIsNeverRunTwice() {
        assertFalse(RetryPolicy.safeAfterDelivery("echo", "resources/subscribe", null));
        assertFalse(RetryPolicy.safeAfterDelivery("echo", "completion/complete", null));
        assertFalse(RetryPolicy.safeAfterDelivery("echo", "sampling/createMessage", null));
        assertFalse(RetryPolicy.safeAfterDelivery("echo", "custom/op", new ToolAnnotations(true, null, true, null)));
        assertFalse(RetryPolicy.safeAfterDelivery(null, "tools/list", null));
        assertFalse(RetryPolicy.safeAfterDelivery("echo", null, null));
    }

    @Test
    void toolNameComesFromParams() {
        assertEquals("add", RetryPolicy.toolName(Json.createObjectBuilder().add("name", "add").build()));
        assertNull(RetryPolicy.toolName(Json.createObjectBuilder().add("name", 3).build()));
        assertNull(RetryPolicy.toolName(null));
    }
}
