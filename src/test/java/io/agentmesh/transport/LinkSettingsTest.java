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
}
