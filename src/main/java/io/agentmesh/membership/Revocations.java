package io.agentmesh.membership;

import io.agentmesh.identity.AtomicFiles;
import io.agentmesh.identity.Base64Url;
import io.agentmesh.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The configured authorities and, for each, the newest revocation list this node holds
 * (docs/protocol.md, "Revocation lists"). A list is taken when its issuer is an authority, its
 * signature verifies and its {@code seq} is above the one held; it replaces the held one, is written to
 * the file atomically (so it survives a restart) and listeners hear of it. Thread-safe.
 */
public final class Revocations {

    /** What became of an offered list; {@link #code} is the documented error code of a refusal. */
    public enum Outcome {
        ACCEPTED("accepted"), STALE("revocations_stale"), UNKNOWN_AUTHORITY("revocations_unknown_authority"),
        BAD_SIGNATURE("revocations_bad_signature"), MALFORMED("revocations_malformed");

        private final String code;

        Outcome(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    private final Set<String> authorities;
    private final Path file;
    private final Map<String, SignedRevocationList> newest = new TreeMap<>();
    private final List<Consumer<SignedRevocationList>> listeners = new CopyOnWriteArrayList<>();

    private Revocations(Set<String> authorities, Path file) {
        this.authorities = Set.copyOf(authorities);
        this.file = Objects.requireNonNull(file, "file");
    }

    /**
     * The revocations of {@code authorities} (raw 32-byte keys) kept in {@code file}: the lists found
     * there are loaded (those of an authority no longer configured, or not verifying, are left out).
     *
     * @throws UncheckedIOException when the file exists and cannot be read, or is not a list file
     */
    public static Revocations load(Collection<byte[]> authorities, Path file) {
        Revocations revocations = new Revocations(
                authorities.stream().map(Base64Url::encode).collect(Collectors.toSet()), file);
        try {
            AtomicFiles.removeLeftovers(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove what an interrupted write of " + file + " left", e);
        }
        if (Files.exists(file)) {
            try {
                JsonObject root = Json.readStrictObject(Files.readAllBytes(file));
                if (!(root.get("lists") instanceof JsonArray lists)) {
                    throw new IOException("no member lists");
                }
                for (JsonValue list : lists) {
                    revocations.take(list);   // a list that no longer passes is left out
                }
            } catch (IOException | IllegalArgumentException e) {
                throw new UncheckedIOException(new IOException("revocation file " + file + " is unreadable: "
                        + e.getMessage(), e));
            }
        }
        return revocations;
    }

    /** True when {@code key} (raw 32 bytes) is a configured authority. */
    public boolean isAuthority(byte[] key) {
        return key != null && authorities.contains(Base64Url.encode(key));
    }

    /** The configured authorities, base64url. */
    public Set<String> authorities() {
        return authorities;
    }

    /** True when the newest list of {@code certificate}'s issuer names its serial. */
    public synchronized boolean isRevoked(Certificate certificate) {
        SignedRevocationList list = newest.get(Base64Url.encode(certificate.issuer()));
        return list != null && list.list().serials().contains(certificate.serial());
    }

    /** The newest list of each issuer. */
    public synchronized List<SignedRevocationList> lists() {
        return List.copyOf(newest.values());
    }

    /** The seq of {@code issuer}'s newest list, or -1. */
    public synchronized long seq(byte[] issuer) {
        SignedRevocationList list = newest.get(Base64Url.encode(issuer));
        return list == null ? -1 : list.list().seq();
    }

    /** Runs {@code listener} with each list taken from now on (after the file is written). */
    public void addListener(Consumer<SignedRevocationList> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /**
     * Offers a list in its envelope (from the admin API or a peer): taken when newer, else refused.
     *
     * @throws UncheckedIOException when the file cannot be written (the list is not taken)
     */
    public Outcome offer(JsonValue envelope) {
        SignedRevocationList taken;
        Outcome outcome;
        synchronized (this) {
            Map<String, SignedRevocationList> before = new TreeMap<>(newest);
            Taken result = take(envelope);
            outcome = result.outcome();
            if (outcome != Outcome.ACCEPTED) {
                return outcome;
            }
            taken = result.list();
            try {
                save();
            } catch (IOException e) {
                newest.clear();
                newest.putAll(before);
                throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
            }
        }
        listeners.forEach(listener -> listener.accept(taken));
        return outcome;
    }

    /** What {@link #take} did, and the list it took. */
    private record Taken(Outcome outcome, SignedRevocationList list) {
    }

    private Taken take(JsonValue envelope) {
        SignedRevocationList signed;
        try {
            signed = SignedRevocationList.open(envelope);
        } catch (MembershipException e) {
            return new Taken(Outcome.MALFORMED, null);
        }
        String issuer = signed.list().issuerText();
        if (!authorities.contains(issuer)) {
            return new Taken(Outcome.UNKNOWN_AUTHORITY, null);
        }
        if (!signed.signatureValid()) {
            return new Taken(Outcome.BAD_SIGNATURE, null);
        }
        SignedRevocationList held = newest.get(issuer);
        if (held != null && held.list().seq() >= signed.list().seq()) {
            return new Taken(Outcome.STALE, null);
        }
        newest.put(issuer, signed);
        return new Taken(Outcome.ACCEPTED, signed);
    }

    private void save() throws IOException {
        JsonArrayBuilder lists = Json.createArrayBuilder();
        newest.values().forEach(l -> lists.add(l.toJson()));
        String text = Json.createObjectBuilder().add("lists", lists).build().toString() + "\n";
        AtomicFiles.write(file, text.getBytes(StandardCharsets.UTF_8), false);
    }
}
