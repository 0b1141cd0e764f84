package io.agentmesh.agents.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NoteStoreTest {

    private final Clock clock = Clock.fixed(Instant.parse("2025-01-02T03:04:05Z"), ZoneOffset.UTC);

    @Test
    void notesSurviveARestart(@TempDir Path dir) {
        var store = new NoteStore(dir, clock);
        var a = store.add("a", "first");
        store.add("b", "second");
        assertTrue(store.delete(a.id()));
        var reopened = new NoteStore(dir, clock);
        assertEquals(List.of(new NoteStore.Note("n2", "b", "second", "2025-01-02T03:04:05Z")), reopened.list());
        assertEquals("n3", reopened.add("c", "third").id());
    }

    @Test
    void writesLeaveOnlyTheFile(@TempDir Path dir) throws Exception {
        var store = new NoteStore(dir.resolve("sub"), clock);
        store.add("a", "x");
        try (var files = Files.list(dir.resolve("sub"))) {
            assertEquals(List.of("notes.json"), files.map(p -> p.getFileName().toString()).toList());
        }
        assertFalse(store.delete("n9"));
    }

    @Test
    void aCorruptFileIsReportedNotOverwritten(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("notes.json"), "{not json");
        var e = assertThrows(IllegalStateException.class, () -> new NoteStore(dir, clock));
        assertTrue(e.getMessage().startsWith("notes file " + dir.resolve("notes.json") + " is not valid"));
        assertEquals("{not json", Files.readString(dir.resolve("notes.json")));
    }
}
