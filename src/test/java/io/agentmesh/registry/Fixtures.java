package io.agentmesh.registry;

import io.agentmesh.identity.NodeIdentity;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Deterministic identities and adverts for the registry's tests. */
public final class Fixtures {

    public static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

    private Fixtures() {
    }

    /** The identity made from a 32-byte seed filled with {@code n}. */
    public static NodeIdentity identity(int n) {
        byte[] seed = new byte[32];
        java.util.Arrays.fill(seed, (byte) n);
        seed[0] = (byte) (n >> 8);
        return NodeIdentity.fromPrivateKey(seed);
    }

    public static AgentInfo echoAgent() {
        return new AgentInfo("echo", "Echo service", List.of(
                new AdvertisedTool("echo", new ToolAnnotations(true, false, true, false)),
                new AdvertisedTool("shout")), 1, 2);
    }

    public static AgentInfo calculatorAgent() {
        return new AgentInfo("calculator", "Calculator", List.of(
                new AdvertisedTool("add", new ToolAnnotations(true, null, null, null)),
                new AdvertisedTool("increment_counter", new ToolAnnotations(false, false, false, false))), 0, 0);
    }

    /** An advert of {@code id} with seq, issued at {@code issued}, expiring {@code ttl} later. */
    public static Advert advert(NodeIdentity id, long seq, Instant issued, Duration ttl, List<AgentInfo> agents) {
        return new Advert(id.publicKeyBase64Url(), id.nodeId(), List.of("ws://127.0.0.1:9080/mesh"), agents, seq,
                issued, issued.plus(ttl));
    }

    public static SignedAdvert signed(NodeIdentity id, long seq, Instant issued, Duration ttl, List<AgentInfo> agents) {
        return AdvertIssuer.sign(id, advert(id, seq, issued, ttl, agents));
    }

    public static SignedAdvert signed(NodeIdentity id, long seq) {
        return signed(id, seq, T0, Duration.ofMinutes(10), List.of(echoAgent()));
    }
}
