package io.agentmesh.agents.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HeaderSyntaxTest {

    @Test
    void entriesAreSplitOnSemicolonsAndTrimmed() {
        assertEquals(List.of("Authorization", "X-Foo"),
                List.copyOf(HeaderSyntax.parse(" Authorization = Bearer abc.def ; X-Foo=y ;").keySet()));
        Map<String, String> h = HeaderSyntax.parse("Authorization=Bearer abc.def; X-Foo=y");
        assertEquals("Bearer abc.def", h.get("Authorization"));
        assertEquals("y", h.get("X-Foo"));
    }

    @Test
    void onlyTheFirstEqualsSplitsAndEscapesKeepSemicolonsAndBackslashes() {
        Map<String, String> h = HeaderSyntax.parse("Cookie=a=1\\; b=2; X-Path=C:\\\\dir");
        assertEquals("a=1; b=2", h.get("Cookie"));
        assertEquals("C:\\dir", h.get("X-Path"));
        assertEquals(h, HeaderSyntax.parse(HeaderSyntax.format(h)));
    }

    @Test
    void blankMeansNoHeaders() {
        assertTrue(HeaderSyntax.parse("  ").isEmpty());
        assertTrue(HeaderSyntax.parse(null).isEmpty());
    }

    @Test
    void badEntriesAreRefusedWithoutQuotingValues() {
        assertThrows(IllegalArgumentException.class, () -> HeaderSyntax.parse("Authorization Bearer x"));
        assertThrows(IllegalArgumentException.class, () -> HeaderSyntax.parse("Bad Name=x"));
        assertThrows(IllegalArgumentException.class, () -> HeaderSyntax.parse("X-A=1; x-a=2"));
        assertThrows(IllegalArgumentException.class, () -> HeaderSyntax.parse("X-A=1\\"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HeaderSyntax.parse("Authorization=secret\\n"));
        assertFalse(e.getMessage().contains("secret"));
        IllegalArgumentException control = assertThrows(IllegalArgumentException.class,
                () -> HeaderSyntax.parse("Authorization=top\u0007secret"));
        assertFalse(control.getMessage().contains("secret"));
    }

    @Test
    void headersTheTransportSetsCannotBeConfigured() {
        for (String name : List.of("Accept", "content-type", "Mcp-Session-Id", "MCP-Protocol-Version", "Host",
                "Connection", "Content-Length", "Upgrade", "Proxy-Authorization", "Last-Event-ID")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HeaderSyntax.parse(name + "=x"));
            assertTrue(e.getMessage().contains(name), e.getMessage());
        }
    }
}
