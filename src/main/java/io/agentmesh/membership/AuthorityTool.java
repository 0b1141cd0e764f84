package io.agentmesh.membership;

import io.agentmesh.identity.AtomicFiles;
import io.agentmesh.identity.Base64Url;
import io.agentmesh.identity.IdentityException;
import io.agentmesh.identity.IdentityStore;
import io.agentmesh.identity.NodeIdentity;
import io.agentmesh.json.Json;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The mesh authority's command-line tool, run by {@code liberty/mesh-authority.sh} (README, "Certified
 * mesh"; docs/operations.md). The authority directory holds the authority key ({@value #KEY_FILE}, in
 * the node key format of docs/protocol.md §1, owner-only), its public key ({@value #PUBLIC_FILE}) and
 * the authority's current revocation list ({@value #REVOCATIONS_FILE}).
 *
 * <pre>
 * init DIR                                                   a new authority; last line: its public key
 * provision DIR --groups a,b --days N --out DATA_DIR         a node data dir: fresh identity.key and membership.cert
 * issue DIR --identity KEY_FILE|PUBLIC_KEY --groups a,b --days N --out FILE
 * revoke DIR --serial S [--serial S ...]                     the next signed revocation list (seq + 1)
 * </pre>
 */
public final class AuthorityTool {

    /** The authority key in its directory. */
    public static final String KEY_FILE = IdentityStore.FILE_NAME;
    /** The authority's public key (base64url and a newline). */
    public static final String PUBLIC_FILE = "authority.pub";
    /** The authority's newest revocation list, as the envelope to post to a node. */
    public static final String REVOCATIONS_FILE = "revocation-list.json";
    /** A node's certificate in its data directory. */
    public static final String CERTIFICATE_FILE = "membership.cert";

    private final PrintStream out;
    private final Clock clock;
    private final SecureRandom random;

    public AuthorityTool(PrintStream out, Clock clock, SecureRandom random) {
        this.out = out;
        this.clock = clock;
        this.random = random;
    }

    public static void main(String[] args) {
        try {
            new AuthorityTool(System.out, Clock.systemUTC(), new SecureRandom()).run(args);
        } catch (IllegalArgumentException | IllegalStateException | IdentityException e) {
            System.err.println("mesh-authority: " + e.getMessage());
            System.exit(e instanceof IllegalArgumentException ? 2 : 1);
        }
    }

    /**
     * Runs one command.
     *
     * @throws IllegalArgumentException for a bad command line (usage)
     * @throws IllegalStateException    for a command that cannot be done (a file exists, cannot be written)
     */
    public void run(String... args) {
        if (args.length < 2) {
            throw new IllegalArgumentException("usage: init DIR | provision DIR --groups a,b --days N --out DATA_DIR"
                    + " | issue DIR --identity KEY --groups a,b --days N --out FILE | revoke DIR --serial S [--serial S ...]");
        }
        Path dir = Path.of(args[1]).toAbsolutePath();
        Map<String, List<String>> options = options(args);
        switch (args[0]) {
            case "init" -> init(dir);
            case "provision" -> provision(dir, options);
            case "issue" -> issue(dir, options);
            case "revoke" -> revoke(dir, options);
            default -> throw new IllegalArgumentException("unknown command " + args[0]
                    + ": expected init, provision, issue or revoke");
        }
    }

    private void init(Path dir) {
        if (Files.exists(dir.resolve(KEY_FILE))) {
            throw new IllegalStateException(dir.resolve(KEY_FILE) + " exists: this directory already holds an authority");
        }
        NodeIdentity authority = new IdentityStore(dir).loadOrCreate(random);
        String key = authority.publicKeyBase64Url();
        write(dir.resolve(PUBLIC_FILE), key + "\n");
        out.println("authority key: " + dir.resolve(KEY_FILE) + " (owner-only; keep this directory offline)");
        out.println("set on every node: mesh.trust.mode=certified and mesh.trust.authorities=" + key);
        out.println(key);
    }

    private void provision(Path dir, Map<String, List<String>> options) {
        NodeIdentity authority = authority(dir);
        Path dataDir = Path.of(single(options, "--out")).toAbsolutePath();
        Grant grant = Grant.of(options);
        if (Files.exists(dataDir.resolve(IdentityStore.FILE_NAME))) {
            throw new IllegalStateException(dataDir.resolve(IdentityStore.FILE_NAME)
                    + " exists: provision makes a new node; use issue for an existing one");
        }
        NodeIdentity node = new IdentityStore(dataDir).loadOrCreate(random);
        Certificate certificate = certify(authority, node.publicKey(), grant, dataDir.resolve(CERTIFICATE_FILE));
        out.println("node " + node.nodeId() + ": " + dataDir.resolve(IdentityStore.FILE_NAME) + ", "
                + dataDir.resolve(CERTIFICATE_FILE));
        out.println("serial " + certificate.serial());
    }

    private void issue(Path dir, Map<String, List<String>> options) {
        NodeIdentity authority = authority(dir);
        String identity = single(options, "--identity");
        Path file = Path.of(single(options, "--out")).toAbsolutePath();
        Certificate certificate = certify(authority, identityKey(identity), Grant.of(options), file);
        out.println("node " + certificate.nodeId() + ": " + file);
        out.println("serial " + certificate.serial());
    }

    private void revoke(Path dir, Map<String, List<String>> options) {
        NodeIdentity authority = authority(dir);
        List<String> serials = options.getOrDefault("--serial", List.of());
        if (serials.isEmpty()) {
            throw new IllegalArgumentException("revoke needs --serial S (one or more)");
        }
        Path file = dir.resolve(REVOCATIONS_FILE);
        long seq = 1;
        Set<String> revoked = new LinkedHashSet<>();
        if (Files.exists(file)) {
            try {
                RevocationList previous = SignedRevocationList.open(Json.readStrictObject(Files.readAllBytes(file))).list();
                seq = previous.seq() + 1;
                revoked.addAll(previous.serials());
            } catch (IOException | IllegalArgumentException | MembershipException e) {
                throw new IllegalStateException("cannot read the previous list " + file + ": " + e.getMessage(), e);
            }
        }
        revoked.addAll(serials);
        RevocationList list;
        try {
            list = new RevocationList(authority.publicKey(), seq, clock.instant().getEpochSecond(), revoked);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad --serial: " + e.getMessage(), e);
        }
        write(file, SignedRevocationList.issue(authority, list).toJson().toString() + "\n");
        out.println("revocation list seq " + seq + " (" + revoked.size() + " serials): " + file);
        out.println("post it to any node: curl -k -u admin:<password> -H 'Content-Type: application/json'"
                + " --data-binary @" + file + " https://<node>:<https.port>/api/v1/admin/revocations");
    }

    /** What a certificate grants, from {@code --groups} and {@code --days}, checked before anything is written. */
    private record Grant(List<String> groups, long days) {

        static Grant of(Map<String, List<String>> options) {
            List<String> groups = new ArrayList<>();
            for (String group : single(options, "--groups").split(",", -1)) {
                if (!group.isBlank()) {
                    try {
                        Certificate.requireGroup(group.strip());
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException("--groups: " + e.getMessage(), e);
                    }
                    groups.add(group.strip());
                }
            }
            if (groups.size() > Certificate.MAX_GROUPS || new LinkedHashSet<>(groups).size() != groups.size()) {
                throw new IllegalArgumentException("--groups: at most " + Certificate.MAX_GROUPS + " unique names");
            }
            long days;
            try {
                days = Long.parseLong(single(options, "--days"));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--days must be a whole number");
            }
            if (days < 1 || days > 36_500) {
                throw new IllegalArgumentException("--days must be from 1 to 36500");
            }
            return new Grant(groups, days);
        }
    }

    private Certificate certify(NodeIdentity authority, byte[] identityKey, Grant grant, Path file) {
        byte[] serial = new byte[16];
        random.nextBytes(serial);
        Instant now = clock.instant();
        Certificate certificate = new Certificate(HexFormat.of().formatHex(serial), identityKey, grant.groups(),
                now.getEpochSecond(), now.plus(Duration.ofDays(grant.days())).getEpochSecond(), authority.publicKey());
        write(file, SignedCertificate.issue(authority, certificate).toJson().toString() + "\n");
        return certificate;
    }

    private static NodeIdentity authority(Path dir) {
        if (!Files.isRegularFile(dir.resolve(KEY_FILE))) {
            throw new IllegalStateException("no authority in " + dir + " (" + KEY_FILE + " missing): run init first");
        }
        return new IdentityStore(dir).loadOrCreate(new SecureRandom());
    }

    /** A base64url public key, or a node's identity key file (its public key line). */
    private static byte[] identityKey(String identity) {
        Path file = Path.of(identity);
        if (Files.isRegularFile(file)) {
            return new IdentityStore(file.toAbsolutePath().getParent()).loadOrCreate(new SecureRandom()).publicKey();
        }
        try {
            byte[] key = Base64Url.decode(identity);
            if (key.length == 32) {
                return key;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw new IllegalArgumentException("--identity must be an identity.key file or a base64url public key (43 characters)");
    }

    private static Map<String, List<String>> options(String[] args) {
        Map<String, List<String>> options = new LinkedHashMap<>();
        for (int i = 2; i < args.length; i += 2) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --option value, found " + args[i]);
            }
            options.computeIfAbsent(args[i], k -> new ArrayList<>()).add(args[i + 1]);
        }
        return options;
    }

    private static String single(Map<String, List<String>> options, String name) {
        List<String> values = options.get(name);
        if (values == null || values.size() != 1) {
            throw new IllegalArgumentException("expected " + name + " once");
        }
        return values.get(0);
    }

    private static void write(Path file, String text) {
        try {
            Path parent = file.getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            AtomicFiles.write(file, text.getBytes(StandardCharsets.UTF_8), false);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
