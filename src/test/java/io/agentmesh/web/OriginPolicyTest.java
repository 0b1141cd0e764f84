package io.agentmesh.web;

import io.agentmesh.agents.http.McpHttpSettings;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OriginPolicyTest {

    private final OriginPolicy loopback = new OriginPolicy(McpHttpSettings.LOOPBACK_ORIGINS);

    @Test
    void noOriginHeaderPasses() {
        assertTrue(loopback.allows(Optional.empty()));
    }

    @Test
    void loopbackOriginsOnAnyPortPass() {
        assertTrue(loopback.allows(Optional.of("http://localhost:6274")));
        assertTrue(loopback.allows(Optional.of("http://127.0.0.1:9080")));
        assertTrue(loopback.allows(Optional.of("http://[::1]:3000")));
        assertTrue(loopback.allows(Optional.of("http://LOCALHOST")));
        assertTrue(loopback.allows(Optional.of("https://localhost:8443")));
    }

    @Test
    void foreignOriginsAreRefused() {
        assertFalse(loopback.allows(Optional.of("http://evil.example")));
        assertFalse(loopback.allows(Optional.of("http://localhost.evil.example:80")));
        assertFalse(loopback.allows(Optional.of("http://127.0.0.2:80")));
        assertFalse(loopback.allows(Optional.of("null")));
        assertFalse(loopback.allows(Optional.of("")));
        assertFalse(loopback.allows(Optional.of("http://user@localhost:1")));
        assertFalse(loopback.allows(Optional.of("http://localhost:1/path")));
        assertFalse(loopback.allows(Optional.of("file://localhost")));
    }

    @Test
    void anExactPortMatchesOnlyThatPortAndTheDefaultIsImplied() {
        OriginPolicy p = new OriginPolicy(List.of("https://app.example.com", "http://tool.example:8080"));
        assertTrue(p.allows(Optional.of("https://app.example.com")));
        assertTrue(p.allows(Optional.of("https://app.example.com:443")));
        assertFalse(p.allows(Optional.of("https://app.example.com:444")));
        assertFalse(p.allows(Optional.of("http://app.example.com")));
        assertTrue(p.allows(Optional.of("http://tool.example:8080")));
        assertFalse(p.allows(Optional.of("http://tool.example")));
    }

    @Test
    void starAllowsEveryOrigin() {
        OriginPolicy p = new OriginPolicy(List.of("*"));
        assertTrue(p.allows(Optional.of("http://anything.example")));
        assertTrue(p.allows(Optional.of("null")));
    }

    @Test
    void badPatternsAreRejectedBySettings() {
        assertThrows(IllegalArgumentException.class, () -> OriginPolicy.requireValidPattern("localhost"));
        assertThrows(IllegalArgumentException.class, () -> OriginPolicy.requireValidPattern("http://x/*"));
        assertThrows(IllegalArgumentException.class,
                () -> McpHttpSettings.defaults().withAllowedOrigins(List.of("ftp://x")));
    }
}
