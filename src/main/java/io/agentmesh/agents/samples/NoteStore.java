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
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
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
 * survive restarts; a change whose write fails is not made in memory either. At most {@value #MAX_NOTES}
 * notes of at most {@value #MAX_NOTE_BYTES} bytes each (title and text in UTF-8). A file that cannot be
 * read as notes is moved aside to {@code notes.json.corrupt-<time>}, with one warning, and the store
 * starts empty. Thread-safe.
 */
public final class NoteStore {

    private static final Logger LOG = Logger.getLogger(NoteStore.class.getName());
    static final String FILE_NAME = "notes.json";
    /** Most notes kept; adding another is refused. */
    public static final int MAX_NOTES = 1000;
    /** Largest note, title and text together in UTF-8 bytes; a larger one is refused. */
    public static final int MAX_NOTE_BYTES = 16 * 1024;

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

    /**
     * Adds a note and writes the file; throws IllegalArgumentException for a note over
     * {@value #MAX_NOTE_BYTES} bytes, IllegalStateException when {@value #MAX_NOTES} notes are kept, and
     * UncheckedIOException when the file cannot be written (the note is then not added).
     */
    public synchronized Note add(String title, String text) {
        int bytes = title.getBytes(StandardCharsets.UTF_8).length + text.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_NOTE_BYTES) {
            throw new IllegalArgumentException("a note may have at most " + MAX_NOTE_BYTES
                    + " bytes of title and text (UTF-8), not " + bytes);
        }
        if (notes.size() >= MAX_NOTES) {
            throw new IllegalStateException("there are already " + MAX_NOTES + " notes, the most kept: delete one first");
        }
        Note note = new Note("n" + next, title, text, clock.instant().toString());
        List<Note> changed = new ArrayList<>(notes.values());
        changed.add(note);
        save(changed, next + 1);
        notes.put(note.id(), note);
        next++;
        return note;
    }

    /** Deletes a note and writes the file; false when there is no such note. UncheckedIOException as {@link #add}. */
    public synchronized boolean delete(String id) {
        if (!notes.containsKey(id)) {
            return false;
        }
        save(notes.values().stream().filter(n -> !n.id().equals(id)).toList(), next);
        notes.remove(id);
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
        try {
            AtomicFiles.removeLeftovers(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove what an interrupted write of " + file + " left", e);
        }
        if (!Files.exists(file)) {
            return;
        }
        try (JsonReader reader = Json.createReader(Files.newBufferedReader(file, StandardCharsets.UTF_8))) {
            JsonObject root = reader.readObject();
            long storedNext = root.getJsonNumber("next").longValue();
            Map<String, Note> stored = new LinkedHashMap<>();
            for (JsonValue v : root.getJsonArray("notes")) {
                JsonObject n = v.asJsonObject();
                stored.put(n.getString("id"), new Note(n.getString("id"), n.getString("title"), n.getString("text"),
                        n.getString("created")));
            }
            notes.putAll(stored);
            next = storedNext;
            LOG.log(Level.INFO, "loaded {0} note(s) from {1}", new Object[] {notes.size(), file});
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (RuntimeException e) {
            moveAside(e);
        }
    }

    private void moveAside(RuntimeException why) {
        String time = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString().replace(":", "");
        Path aside = file.resolveSibling(FILE_NAME + ".corrupt-" + time);
        try {
            Files.move(file, aside, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("notes file " + file + " is not valid (" + why.getMessage()
                    + ") and cannot be moved aside to " + aside, e);
        }
        LOG.log(Level.WARNING, "notes file {0} is not valid ({1}); moved it to {2} and starting with no notes",
                new Object[] {file, why.getMessage(), aside});
    }

    private void save(List<Note> content, long nextId) {
        var array = Json.createArrayBuilder();
        for (Note n : content) {
            array.add(Json.createObjectBuilder().add("id", n.id()).add("title", n.title()).add("text", n.text())
                    .add("created", n.created()));
        }
        byte[] bytes = Json.createObjectBuilder().add("next", nextId).add("notes", array).build().toString()
                .getBytes(StandardCharsets.UTF_8);
        try {
            Files.createDirectories(file.getParent());
            AtomicFiles.write(file, bytes, false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
