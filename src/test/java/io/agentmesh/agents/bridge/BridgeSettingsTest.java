package io.agentmesh.agents.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BridgeSettingsTest {

    private static final URI URL = URI.create("http://127.0.0.1:9000/mcp");

    @Test
    void defaultsAreDocumented() {
        BridgeSettings s = BridgeSettings.http("docs", URL);
        assertEquals(Duration.ofSeconds(30), s.timeout());
        assertEquals(Duration.ofSeconds(10), s.connectTimeout());
        assertEquals(Duration.ofSeconds(1), s.backoffInitial());
        assertEquals(Duration.ofSeconds(30), s.backoffMax());
        assertEquals(10_000, s.maxListItems());
        assertEquals(8 * 1024 * 1024, s.maxMessageBytes());
        assertEquals(URL.toString(), s.target());
        assertEquals("tool --flag", BridgeSettings.stdio("t", List.of("tool", "--flag")).target());
    }

    @Test
    void theIdMustBeAValidAgentId() {
        assertThrows(IllegalArgumentException.class, () -> BridgeSettings.http("tools", URL));
        assertThrows(IllegalArgumentException.class, () -> BridgeSettings.http("bad id", URL));
    }

    @Test
    void exactlyOneOfUrlAndCommand() {
        assertThrows(IllegalArgumentException.class, () -> new BridgeSettings("x", Optional.of(URL), List.of("tool"),
                Map.of(), ProcessEnvironment.BASE_ONLY, Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1), 1, 1024));
        assertThrows(IllegalArgumentException.class, () -> new BridgeSettings("x", Optional.empty(), List.of(),
                Map.of(), ProcessEnvironment.BASE_ONLY, Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1), 1, 1024));
    }

    @Test
    void onlyHttpUrlsWithAHostAndWithoutCredentials() {
        assertThrows(IllegalArgumentException.class, () -> BridgeSettings.http("x", URI.create("ws://127.0.0.1/mcp")));
        assertThrows(IllegalArgumentException.class, () -> BridgeSettings.http("x", URI.create("file:///tmp/x")));
        assertThrows(IllegalArgumentException.class, () -> BridgeSettings.http("x", URI.create("http://user:pw@127.0.0.1/mcp")));
        assertThrows(IllegalArgumentException.class, () -> BridgeSettings.http("x", URI.create("http://127.0.0.1/mcp#frag")));
        BridgeSettings.http("x", URI.create("https://127.0.0.1:8443/mcp?tenant=a"));
    }

    @Test
    void limitsAreChecked() {
        BridgeSettings s = BridgeSettings.http("x", URL);
        assertThrows(IllegalArgumentException.class, () -> s.withTimeout(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> s.withBackoff(Duration.ofSeconds(5), Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> s.withMaxListItems(0));
        assertThrows(IllegalArgumentException.class, () -> s.withMaxMessageBytes(100));
        assertThrows(IllegalArgumentException.class, () -> s.withHeaders(Map.of("Host", "x")));
        assertThrows(IllegalArgumentException.class, () -> BridgeSettings.stdio("x", List.of("tool")).withHeaders(Map.of("X-A", "1")));
    }

    @Test
    void headerValuesNeverShowInToString() {
        String text = BridgeSettings.http("x", URL).withHeaders(Map.of("Authorization", "Bearer sekrit")).toString();
        assertTrue(text.contains("Authorization"));
        assertFalse(text.contains("sekrit"));
    }

    @Test
    void twoBridgesCannotShareAnId() {
        assertThrows(IllegalArgumentException.class, () -> new BridgeConfiguration(List.of(
                BridgeSettings.http("x", URL), BridgeSettings.stdio("x", List.of("tool")))));
    }

    @Test
    void backoffDoublesUpToTheMaximumAndResets() {
        Backoff b = new Backoff(Duration.ofMillis(100), Duration.ofMillis(350));
        assertEquals(List.of(100L, 200L, 350L, 350L), List.of(b.next().toMillis(), b.next().toMillis(),
                b.next().toMillis(), b.next().toMillis()));
        b.reset();
        assertEquals(100, b.next().toMillis());
    }
}
