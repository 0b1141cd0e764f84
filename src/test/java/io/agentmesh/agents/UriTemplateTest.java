package io.agentmesh.agents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class UriTemplateTest {

    @Test
    void matchesSimpleVariables() {
        UriTemplate t = UriTemplate.parse("notes://note/{id}");
        assertEquals(List.of("id"), t.variables());
        assertEquals(Optional.of(Map.of("id", "n1")), t.match("notes://note/n1"));
        assertEquals(Optional.of(Map.of("id", "a b")), t.match("notes://note/a%20b"));
        assertTrue(t.match("notes://note/").isEmpty());
        assertTrue(t.match("notes://note/a/b").isEmpty());
        assertTrue(t.match("notes://other/n1").isEmpty());
    }

    @Test
    void severalVariablesAndLiteralsWithRegexCharacters() {
        UriTemplate t = UriTemplate.parse("file://{dir}/x.y+{name}");
        assertEquals(Optional.of(Map.of("dir", "d", "name", "n")), t.match("file://d/x.y+n"));
        assertTrue(t.match("file://d/xzy+n").isEmpty());
    }

    @Test
    void onlyLevelOneIsAccepted() {
        assertEquals("URI template a://{+path}: only simple {var} expressions (RFC 6570 level 1) are supported, not {+path}",
                assertThrows(IllegalArgumentException.class, () -> UriTemplate.parse("a://{+path}")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> UriTemplate.parse("a://{x}/{x}"));
        assertThrows(IllegalArgumentException.class, () -> UriTemplate.parse("a://plain"));
        assertThrows(IllegalArgumentException.class, () -> UriTemplate.parse("a://{x"));
    }
}
