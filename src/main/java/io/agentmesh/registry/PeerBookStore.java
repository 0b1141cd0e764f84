package io.agentmesh.registry;

import io.agentmesh.identity.AtomicFiles;
import io.agentmesh.identity.NodeId;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import jakarta.json.JsonWriter;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps the peer book in one file, {@code peers.json}, under the node's data directory
 * (docs/registry.md §4.1). Writes are atomic: a temporary file in the same directory, written, forced
 * to disk, then moved over the old one with {@code ATOMIC_MOVE}; file and a directory created here are
 * owner-only on POSIX file systems. A file that cannot be read as a peer book is logged, moved aside
 * as {@code peers.json.corrupt-<epoch ms>}, and the node starts with an empty book: peers are
 * learned again, unlike the identity.
 *
 * <p>Format: {@code {"v": 1, "saved_at_ms": n, "peers": [{"node_id", "identity"?, "addrs": [...],
 * "last_seen_ms", "health", "failures", "next_dial_ms", "origin", "source"?}]}}: {@code origin} is
 * {@code direct}, {@code advert} or {@code hearsay} ({@link PeerRecord.Origin}), {@code source} the
 * relaying peer of hearsay. A record saved before origins were kept counts as {@code advert} when it has an
 * identity key; one without a key is dropped (it may be hearsay of the kind now refused).
 */
public final class PeerBookStore {

    private static final Logger LOG = Logger.getLogger(PeerBookStore.class.getName());

    public static final String FILE_NAME = "peers.json";
    static final int VERSION = 1;
    /** A peer book file larger than this is refused as corrupt. */
    static final long MAX_FILE_BYTES = 64L * 1024 * 1024;

    private static final Set<PosixFilePermission> FILE_PERMS = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> DIR_PERMS = PosixFilePermissions.fromString("rwx------");

    private final Path dir;
    private final Clock clock;
    private final boolean posix;

    public PeerBookStore(Path dataDir, Clock clock) {
        this.dir = Objects.requireNonNull(dataDir, "dataDir");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }

    public Path file() {
        return dir.resolve(FILE_NAME);
    }

    /**
     * Reads the saved peers. No file: an empty list. A file that is not a valid peer book: logged at
     * SEVERE, moved aside, an empty list.
     */
    public List<PeerRecord> load() {
        Path file = file();
        byte[] bytes;
        try {
            AtomicFiles.removeLeftovers(file);
            if (Files.size(file) > MAX_FILE_BYTES) {
                return corrupt(file, "larger than " + MAX_FILE_BYTES + " bytes");
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            return corrupt(file, "unreadable: " + e);
        }
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
            JsonObject json;
            try (JsonReader r = Jsons.PROVIDER.createReader(new StringReader(text))) {
                json = r.readObject();
            }
            List<PeerRecord> records = parse(json);
            LOG.log(Level.INFO, () -> "peer book loaded: " + records.size() + " peer(s) from " + file);
            return records;
        } catch (CharacterCodingException e) {
            return corrupt(file, "not UTF-8");
        } catch (JsonException | IllegalStateException e) {
            return corrupt(file, "not a JSON object: " + e.getMessage());
        } catch (IllegalArgumentException | NullPointerException | ClassCastException e) {
            return corrupt(file, e.getMessage());
        }
    }

    /** Writes the peers atomically, replacing the previous file. */
    public void save(List<PeerRecord> peers) throws IOException {
        ensureDir();
        byte[] bytes = render(peers).getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(file(), bytes, true);
        LOG.log(Level.FINE, () -> "peer book saved: " + peers.size() + " peer(s)");
    }

    /** Saves the book when it changed since the last save. Returns true when it wrote. */
    public boolean saveIfDirty(PeerBook book) throws IOException {
        if (!book.isDirty()) {
            return false;
        }
        book.markClean();
        try {
            save(book.peers());
        } catch (IOException e) {
            book.markDirty();
            throw e;
        }
        return true;
    }

    private List<PeerRecord> corrupt(Path file, String problem) {
        Path aside = file.resolveSibling(FILE_NAME + ".corrupt-" + clock.millis());
        try {
            Files.move(file, aside, StandardCopyOption.ATOMIC_MOVE);
            LOG.log(Level.SEVERE, "peer book " + file + " is corrupt (" + problem + "); moved to " + aside
                    + "; starting with an empty peer book");
        } catch (IOException e) {
            LOG.log(Level.SEVERE, "peer book " + file + " is corrupt (" + problem + ") and could not be moved to "
                    + aside + " (" + e + "); starting with an empty peer book");
        }
        return List.of();
    }

    private void ensureDir() throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        if (posix) {
            FileAttribute<Set<PosixFilePermission>> attr = PosixFilePermissions.asFileAttribute(DIR_PERMS);
            Files.createDirectories(dir, attr);
        } else {
            Files.createDirectories(dir);
        }
    }

    String render(List<PeerRecord> peers) {
        var array = Jsons.PROVIDER.createArrayBuilder();
        for (PeerRecord p : peers) {
            var b = Jsons.PROVIDER.createObjectBuilder().add("node_id", p.nodeId().value());
            if (p.identity() != null) {
                b.add("identity", p.identity());
            }
            b.add("addrs", Jsons.stringArray(p.addrs()))
                    .add("last_seen_ms", p.lastSeen().toEpochMilli())
                    .add("health", p.health())
                    .add("failures", p.consecutiveFailures())
                    .add("next_dial_ms", p.nextDialAt().toEpochMilli())
                    .add("origin", p.origin().name().toLowerCase(Locale.ROOT));
            if (p.source() != null) {
                b.add("source", p.source().value());
            }
            array.add(b);
        }
        JsonObject json = Jsons.PROVIDER.createObjectBuilder()
                .add("v", VERSION)
                .add("saved_at_ms", clock.millis())
                .add("peers", array)
                .build();
        StringWriter out = new StringWriter();
        try (JsonWriter w = Jsons.PROVIDER.createWriter(out)) {
            w.writeObject(json);
        }
        return out.toString();
    }

    static List<PeerRecord> parse(JsonObject json) {
        long v = Jsons.integer(json, "v", Long.MIN_VALUE, Long.MAX_VALUE);
        if (v != VERSION) {
            throw new IllegalArgumentException("unsupported version " + v);
        }
        List<PeerRecord> out = new ArrayList<>();
        for (JsonValue value : Jsons.array(json, "peers")) {
            JsonObject p = Jsons.object(value, "a peer");
            String id = Jsons.string(p, "node_id");
            if (!NodeId.isNodeId(id)) {
                throw new IllegalArgumentException("node_id is not a node id");
            }
            if (!(p.get("health") instanceof jakarta.json.JsonNumber health)) {
                throw new IllegalArgumentException("health must be a number");
            }
            String identity = Jsons.optionalString(p, "identity");
            if (identity != null && !PeerRecord.identityMatches(NodeId.of(id), identity)) {
                throw new IllegalArgumentException("identity of " + id + " does not derive its node id");
            }
            String originName = Jsons.optionalString(p, "origin");
            boolean legacy = originName == null;
            PeerRecord.Origin origin = legacy ? (identity == null ? PeerRecord.Origin.DIRECT : PeerRecord.Origin.ADVERT)
                    : PeerRecord.Origin.valueOf(originName.toUpperCase(Locale.ROOT));
            String source = Jsons.optionalString(p, "source");
            if (source != null && !NodeId.isNodeId(source)) {
                throw new IllegalArgumentException("source is not a node id");
            }
            PeerRecord record = new PeerRecord(
                    NodeId.of(id),
                    identity,
                    PeerAddrs.validate(Jsons.strings(Jsons.optionalArray(p, "addrs"), "addrs", PeerAddrs.MAX_ADDRS)),
                    Instant.ofEpochMilli(Jsons.integer(p, "last_seen_ms", 0, Jsons.MAX_SAFE_INTEGER)),
                    health.doubleValue(),
                    (int) Jsons.integer(p, "failures", 0, Integer.MAX_VALUE),
                    Instant.ofEpochMilli(Jsons.integer(p, "next_dial_ms", 0, Jsons.MAX_SAFE_INTEGER)),
                    origin, source == null ? null : NodeId.of(source));
            if (!(legacy && identity == null)) {   // saved before origins were kept, without a key: not kept
                out.add(record);
            }
        }
        return out;
    }
}
