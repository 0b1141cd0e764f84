package io.agentmesh.agents.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class CommandLineTest {

    @Test
    void wordsAreSplitOnWhitespace() {
        assertEquals(List.of("npx", "-y", "@scope/server", "/srv"), CommandLine.split("  npx -y\t@scope/server   /srv "));
    }

    @Test
    void quotesKeepSpacesAndEscapesKeepQuotes() {
        assertEquals(List.of("server", "/srv/shared docs", "say \"hi\"", "a\\b", ""),
                CommandLine.split("server \"/srv/shared docs\" \"say \\\"hi\\\"\" \"a\\\\b\" \"\""));
        assertEquals(List.of("--name=two words"), CommandLine.split("--name=\"two words\""));
    }

    @Test
    void anUnclosedQuoteOrNothingIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> CommandLine.split("server \"open"));
        assertThrows(IllegalArgumentException.class, () -> CommandLine.split("   "));
    }
}
