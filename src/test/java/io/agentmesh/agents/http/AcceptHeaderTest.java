package io.agentmesh.agents.http;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class AcceptHeaderTest {

    private static boolean post(String header) {
        return AcceptHeader.parse(Optional.ofNullable(header)).acceptsJsonAndEventStream();
    }

    @Test
    void bothTypesListedPass() {
        assertTrue(post("application/json, text/event-stream"));
        assertTrue(post("text/event-stream;q=0.9,application/json"));
        assertTrue(post("APPLICATION/JSON; charset=utf-8, Text/Event-Stream"));
    }

    @Test
    void rangesOfOnlySemicolonsAreSkipped() {   // found by fuzzing /mcp: ";" split to nothing and failed
        assertFalse(post(";"));
        assertFalse(post(";;;,;"));
        assertTrue(post(";, application/json, ;;, text/event-stream"));
    }

    @Test
    void wildcardsCoverTypes() {
        assertTrue(post("*/*"));
        assertTrue(post("application/*, text/*"));
        assertTrue(post("application/json, text/*"));
    }

    @Test
    void missingOrPartialHeadersFail() {
        assertFalse(post(null));
        assertFalse(post(""));
        assertFalse(post("application/json"));
        assertFalse(post("text/event-stream"));
        assertFalse(post("text/html, garbage"));
    }

    @Test
    void qZeroExcludesEvenUnderAWildcard() {
        assertFalse(post("*/*, text/event-stream;q=0"));
        assertFalse(post("application/json;q=0.0, text/event-stream"));
        assertTrue(post("*/*;q=0.1"));
    }

    @Test
    void getNeedsEventStream() {
        assertTrue(AcceptHeader.parse(Optional.of("text/event-stream")).accepts(AcceptHeader.EVENT_STREAM));
        assertFalse(AcceptHeader.parse(Optional.of("application/json")).accepts(AcceptHeader.EVENT_STREAM));
    }
}
