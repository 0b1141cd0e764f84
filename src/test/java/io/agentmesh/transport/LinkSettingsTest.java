package io.agentmesh.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class LinkSettingsTest {

    @Test
    void defaultsAreTheSpecDefaults() {
        LinkSettings s = LinkSettings.defaults();
        assertEquals(8_388_608, s.maxMessageBytes());
        assertEquals(Duration.ofSeconds(10), s.handshakeTimeout());
        assertEquals(65518, s.maxChunkData());
        assertEquals(List.of(), s.advertisedAddrs());
        assertEquals(List.of(), s.allowedOrigins());
        assertEquals(128L << 20, s.memoryBudget());
    }

    @Test
    void theMemoryBudgetMustHoldOneLargestMessageBesidesItsQuarterForSending() {
        LinkSettings s = LinkSettings.defaults();
        assertEquals(11_184_810, s.withMemory(8_388_608, 11_184_810).memoryBudget());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.withMemory(8_388_608, 11_184_809));
        assertEquals("memoryBudget must be at least 11184810 (4/3 of maxMessageBytes 8388608): 11184809", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> s.withMaxMessageBytes(100 << 20), "over the default budget");
        assertEquals(100 << 20, s.withMemory(100 << 20, 200L << 20).maxMessageBytes());
    }

    @Test
    void invalidValuesAreRefused() {
        LinkSettings s = LinkSettings.defaults();
        assertThrows(IllegalArgumentException.class, () -> s.withMaxMessageBytes(-1));
        assertThrows(IllegalArgumentException.class, () -> s.withHandshakeTimeout(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> s.withHandshakeTimeout(Duration.ofSeconds(-1)));
        assertThrows(IllegalArgumentException.class, () -> s.withSoftware(" "));
        assertThrows(IllegalArgumentException.class, () -> s.withAdvertisedAddrs(List.of("http://x/mesh")));
        assertThrows(IllegalArgumentException.class, () -> s.withMaxChunkData(65519));
        assertThrows(IllegalArgumentException.class, () -> s.withBackoff(Duration.ofSeconds(5), Duration.ofSeconds(1)));
        assertThrows(NullPointerException.class, () -> s.withSendTimeout(null));
        assertThrows(IllegalArgumentException.class, () -> s.withAllowedOrigins(List.of("https://app.example.com/")));
    }

    @Test
    void allowedOriginsAreKeptAsGivenAndSurviveOtherChanges() {
        LinkSettings s = LinkSettings.defaults().withAllowedOrigins(List.of("https://app.example.com"));
        assertEquals(List.of("https://app.example.com"), s.withSendTimeout(Duration.ofSeconds(5))
                .withBackoff(Duration.ofSeconds(2), Duration.ofSeconds(4)).allowedOrigins());
    }

    @Test
    void advertisedAddrsAreCopied() {
        var list = new java.util.ArrayList<>(List.of("ws://127.0.0.1:9080/mesh"));
        LinkSettings s = LinkSettings.defaults().withAdvertisedAddrs(list);
        list.clear();
        assertEquals(List.of("ws://127.0.0.1:9080/mesh"), s.advertisedAddrs());
    }

    @Test
    void ownIdentityPayloadCannotExceedTheWireLimits() {
        LinkSettings s = LinkSettings.defaults();
        List<String> sixteen = java.util.stream.IntStream.range(0, 16).mapToObj(i -> "ws://10.0.0." + i + ":9080/mesh").toList();
        assertEquals(sixteen, s.withAdvertisedAddrs(sixteen).advertisedAddrs());
        List<String> seventeen = java.util.stream.IntStream.range(0, 17).mapToObj(i -> "ws://10.0.0." + i + ":9080/mesh").toList();
        assertThrows(IllegalArgumentException.class, () -> s.withAdvertisedAddrs(seventeen));
        String longest = "ws://h.example/" + "a".repeat(241);
        assertEquals(List.of(longest), s.withAdvertisedAddrs(List.of(longest)).advertisedAddrs());
        assertThrows(IllegalArgumentException.class, () -> s.withAdvertisedAddrs(List.of(longest + "a")));
        assertThrows(IllegalArgumentException.class,
                () -> s.withAdvertisedAddrs(List.of("ws://h.example/mesh#" + "a".repeat(40))), "no pinned id in addrs");
        assertEquals("s".repeat(128), s.withSoftware("s".repeat(128)).software());
        assertThrows(IllegalArgumentException.class, () -> s.withSoftware("s".repeat(129)));
        assertThrows(IllegalArgumentException.class, () -> s.withSoftware("é".repeat(65)));
    }
}
