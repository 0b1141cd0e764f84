package io.agentmesh.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** RFC 9728: where the metadata is and what it says; the values the JWT mode refuses. */
class OAuthSettingsTest {

    private static OAuthSettings settings(String resource) {
        return OAuthSettings.of(URI.create("https://auth.example/realms/mesh"), URI.create("https://auth.example/jwks"),
                URI.create(resource), Set.of("mcp:call", "mcp:read"));
    }

    @Test
    void theMetadataUrlInsertsTheWellKnownPathBeforeTheResourcesPath() {
        assertEquals(URI.create("https://node.example/.well-known/oauth-protected-resource/mcp"),
                settings("https://node.example/mcp").metadataUrl());
        assertEquals(URI.create("http://127.0.0.1:9080/.well-known/oauth-protected-resource/mcp/echo"),
                settings("http://127.0.0.1:9080/mcp/echo").metadataUrl());
        assertEquals(URI.create("https://node.example/.well-known/oauth-protected-resource"),
                settings("https://node.example/").metadataUrl());
    }

    @Test
    void theMetadataNamesTheResourceItsServersScopesAndTheHeader() {
        assertEquals("{\"resource\":\"https://node.example/mcp\","
                        + "\"authorization_servers\":[\"https://auth.example/realms/mesh\"],"
                        + "\"scopes_supported\":[\"mcp:call\",\"mcp:read\"],"
                        + "\"bearer_methods_supported\":[\"header\"]}",
                settings("https://node.example/mcp").metadata().toString());
    }

    @Test
    void badValuesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> settings("urn:mesh:node"));
        assertThrows(IllegalArgumentException.class, () -> settings("https://node.example/mcp#x"));
        assertThrows(IllegalArgumentException.class, () -> settings("https://node.example/mcp?x=1"));
        assertThrows(IllegalArgumentException.class, () -> settings("/mcp"));
        OAuthSettings s = settings("https://node.example/mcp");
        assertThrows(IllegalArgumentException.class, () -> new OAuthSettings(s.issuer(), s.jwksUrl(), s.resource(),
                Set.of("has space"), List.of(), "groups", 8192, s.jwksMinInterval(), s.jwksMaxAge(), s.clockSkew()));
        assertThrows(IllegalArgumentException.class, () -> new OAuthSettings(s.issuer(), s.jwksUrl(), s.resource(),
                Set.of(), List.of(), "groups", 100, s.jwksMinInterval(), s.jwksMaxAge(), s.clockSkew()));
    }
}
