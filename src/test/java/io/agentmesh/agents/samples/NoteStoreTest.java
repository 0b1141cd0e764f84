package io.agentmesh.agents.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
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
    void aWriteKilledBeforeItsRenameLeavesATemporaryFileThatTheNextStartRemoves(@TempDir Path dir) throws Exception {
        new NoteStore(dir, clock).add("kept", "acknowledged");
        Files.writeString(dir.resolve("notes.json.4242.tmp"), "{\"next\":3,\"notes\":[");   // half of the next write
        var reopened = new NoteStore(dir, clock);
        assertEquals(List.of("kept"), reopened.list().stream().map(NoteStore.Note::title).toList());
        try (var files = Files.list(dir)) {
            assertEquals(List.of("notes.json"), files.map(p -> p.getFileName().toString()).toList());
        }
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
    void aCorruptFileIsMovedAsideWithOneWarningAndTheStoreStartsEmpty(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("notes.json"), "{not json");
        List<LogRecord> records = new ArrayList<>();
        Logger log = Logger.getLogger(NoteStore.class.getName());
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord r) {
                records.add(r);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        log.addHandler(handler);
        NoteStore store;
        try {
            store = new NoteStore(dir, clock);
        } finally {
            log.removeHandler(handler);
        }
        assertEquals(List.of(), store.list());
        Path aside = dir.resolve("notes.json.corrupt-2025-01-02T030405Z");
        assertEquals("{not json", Files.readString(aside));
        assertFalse(Files.exists(dir.resolve("notes.json")));
        assertEquals(1, records.size());
        assertEquals(Level.WARNING, records.get(0).getLevel());
        assertEquals("n1", store.add("a", "x").id());
        assertEquals("{not json", Files.readString(aside));
    }

    @Test
    void aFileOfTheWrongShapeIsMovedAsideToo(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("notes.json"), "{\"next\":\"two\",\"notes\":[]}");
        assertEquals(List.of(), new NoteStore(dir, clock).list());
        assertTrue(Files.exists(dir.resolve("notes.json.corrupt-2025-01-02T030405Z")));
    }

    @Test
    void aFailedWriteChangesNothingInMemory(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");
        var store = new NoteStore(data, clock);
        var kept = store.add("a", "first");
        Path saved = dir.resolve("saved");
        Files.move(data, saved);
        Files.writeString(data, "a file where the directory was");

        assertThrows(UncheckedIOException.class, () -> store.add("b", "second"));
        assertThrows(UncheckedIOException.class, () -> store.delete(kept.id()));
        assertEquals(List.of(kept), store.list());

        Files.delete(data);
        Files.move(saved, data);
        assertEquals("n2", store.add("b", "second").id());
        assertEquals(List.of("n1", "n2"), new NoteStore(data, clock).list().stream().map(NoteStore.Note::id).toList());
    }

    @Test
    void notesAreBoundedInSize(@TempDir Path dir) {
        var store = new NoteStore(dir, clock);
        String half = "é".repeat(NoteStore.MAX_NOTE_BYTES / 4);
        store.add(half, half);
        var tooBig = assertThrows(IllegalArgumentException.class, () -> store.add(half, half + "x"));
        assertEquals("a note may have at most 16384 bytes of title and text (UTF-8), not 16385", tooBig.getMessage());
        assertEquals(1, store.list().size());
    }

    @Test
    void notesAreBoundedInNumber(@TempDir Path dir) throws Exception {
        StringBuilder stored = new StringBuilder("{\"next\":1000,\"notes\":[");
        for (int i = 1; i < NoteStore.MAX_NOTES; i++) {
            stored.append(i > 1 ? "," : "").append("{\"id\":\"n").append(i)
                    .append("\",\"title\":\"t\",\"text\":\"x\",\"created\":\"2025-01-01T00:00:00Z\"}");
        }
        Files.writeString(dir.resolve("notes.json"), stored.append("]}"));
        var store = new NoteStore(dir, clock);
        assertEquals("n1000", store.add("t", "x").id());
        var full = assertThrows(IllegalStateException.class, () -> store.add("t", "x"));
        assertEquals("there are already 1000 notes, the most kept: delete one first", full.getMessage());
        assertEquals(NoteStore.MAX_NOTES, store.list().size());
        assertTrue(store.delete("n1"));
        assertEquals("n1001", store.add("t", "x").id());
    }
}
