package io.agentmesh.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentmesh.identity.NodeId;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TrustPolicyTest {

    private static final NodeId A = NodeId.of("a".repeat(40));
    private static final NodeId B = NodeId.of("b".repeat(40));

    @Test
    void openAdmitsAllButBlocked() {
        TrustPolicy p = TrustPolicy.open();
        assertTrue(p.admits(A));
        p.block(A);
        assertFalse(p.admits(A));
        assertTrue(p.admits(B));
        assertFalse(p.admits(null));
    }

    @Test
    void allowlistAdmitsOnlyAllowed() {
        TrustPolicy p = TrustPolicy.allowlist(List.of(A));
        assertTrue(p.admits(A));
        assertFalse(p.admits(B));
        p.allow(B);
        assertTrue(p.admits(B));
        p.block(B);
        assertFalse(p.admits(B));
        p.setMode(TrustPolicy.Mode.OPEN);
        assertFalse(p.admits(B));
        p.forget(B);
        assertTrue(p.admits(B));
    }

    @Test
    void listenersHearChanges() {
        TrustPolicy p = TrustPolicy.open();
        AtomicInteger changes = new AtomicInteger();
        p.addChangeListener(changes::incrementAndGet);
        p.block(A);
        p.allow(A);
        p.setMode(TrustPolicy.Mode.ALLOWLIST);
        assertEquals(3, changes.get());
    }

    @Test
    void parsesModes() {
        assertEquals(TrustPolicy.Mode.OPEN, TrustPolicy.parseMode("open"));
        assertEquals(TrustPolicy.Mode.ALLOWLIST, TrustPolicy.parseMode(" AllowList "));
        assertThrows(IllegalArgumentException.class, () -> TrustPolicy.parseMode("closed"));
    }
}
