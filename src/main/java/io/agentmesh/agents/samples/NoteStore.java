package io.agentmesh.agents.samples;

import io.agentmesh.identity.AtomicFiles;
import io.agentmesh.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The notes of the {@code notes} agent, kept in one JSON file ({@code notes.json} under the data
 * directory): {@code {"next": n, "notes": [{"id", "title", "text", "created"}]}}. Every change is written
 * atomically (a temporary file, fsync, then an atomic rename), so the file is always whole and notes
 * survive restarts. Thread-safe.
 */
public final class NoteStore {

    private static final Logger LOG = Logger.getLogger(NoteStore.class.getName());
    static final String FILE_NAME = "notes.json";

    /** One note; its id is {@code n<number>}. */
    public record Note(String id, String title, String text, String created) {
    }

    private final Path file;
    private final Clock clock;
    private final Map<String, Note> notes = new LinkedHashMap<>();
    private long next = 1;

    public NoteStore(Path dataDir, Clock clock) {
        this.file = dataDir.resolve(FILE_NAME);
        this.clock = clock;
        load();
    }

    public synchronized Note add(String title, String text) {
        Note note = new Note("n" + next, title, text, clock.instant().toString());
        notes.put(note.id(), note);
        next++;
        save();
        return note;
    }

    public synchronized boolean delete(String id) {
        if (notes.remove(id) == null) {
            return false;
        }
        save();
        return true;
    }

    public synchronized Optional<Note> get(String id) {
        return Optional.ofNullable(notes.get(id));
    }

    public synchronized List<Note> list() {
        return new ArrayList<>(notes.values());
    }

    Path file() {
        return file;
    }

    private void load() {
        if (!Files.exists(file)) {
            return;
        }
        try (JsonReader reader = Json.createReader(Files.newBufferedReader(file, StandardCharsets.UTF_8))) {
            JsonObject root = reader.readObject();
            next = root.getJsonNumber("next").longValue();
            for (JsonValue v : root.getJsonArray("notes")) {
                JsonObject n = v.asJsonObject();
                notes.put(n.getString("id"), new Note(n.getString("id"), n.getString("title"), n.getString("text"),
                        n.getString("created")));
            }
            LOG.log(Level.INFO, "loaded {0} note(s) from {1}", new Object[] {notes.size(), file});
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (RuntimeException e) {
            throw new IllegalStateException("notes file " + file + " is not valid: " + e.getMessage(), e);
        }
    }

    private void save() {
        var array = Json.createArrayBuilder();
        for (Note n : notes.values()) {
            array.add(Json.createObjectBuilder().add("id", n.id()).add("title", n.title()).add("text", n.text())
                    .add("created", n.created()));
        }
        byte[] bytes = Json.createObjectBuilder().add("next", next).add("notes", array).build().toString()
                .getBytes(StandardCharsets.UTF_8);
        try {
            Files.createDirectories(file.getParent());
            AtomicFiles.write(file, bytes, false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
