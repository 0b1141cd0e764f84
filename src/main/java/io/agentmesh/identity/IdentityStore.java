package io.agentmesh.identity;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps the node's identity key across restarts (wire-v1 §1) in {@code <dataDir>/identity.key}.
 *
 * <p>File format (UTF-8 text, exactly three lines, each ended by {@code \n}):
 * <pre>
 * agentmesh-identity-v1
 * &lt;base64url (RFC 4648 §5, no padding) of the 32-byte Ed25519 private key seed&gt;
 * &lt;base64url of the 32-byte Ed25519 public key derived from it&gt;
 * </pre>
 * The public key line is a check: a file whose seed does not derive that public key is corrupt.
 *
 * <p>The file is created by the first {@link #loadOrCreate} (the data directory too, owner-only
 * {@code rwx------} on POSIX when created here), written to a temp file in the same directory with
 * owner-only {@code rw-------} permissions, forced to disk and moved into place with
 * {@code ATOMIC_MOVE}. Later calls load it. A file that is unreadable, truncated or corrupt throws
 * {@link IdentityException}; it is never replaced or overwritten.
 */
public final class IdentityStore {

    /** Name of the key file inside the data directory. */
    public static final String FILE_NAME = "identity.key";
    /** First line of the key file. */
    public static final String HEADER = "agentmesh-identity-v1";

    private static final Logger LOG = Logger.getLogger(IdentityStore.class.getName());
    private static final int MAX_FILE_SIZE = 4096;
    private static final Set<PosixFilePermission> FILE_PERMISSIONS = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> DIR_PERMISSIONS = PosixFilePermissions.fromString("rwx------");

    private final Path dataDir;
    private final Path keyFile;

    public IdentityStore(Path dataDir) {
        this.dataDir = Objects.requireNonNull(dataDir, "dataDir").toAbsolutePath();
        this.keyFile = this.dataDir.resolve(FILE_NAME);
    }

    /** The key file: {@code <dataDir>/identity.key}. */
    public Path keyFile() {
        return keyFile;
    }

    /**
     * Loads the identity from the key file, or creates a new one from {@code random} and stores it when
     * the file does not exist yet.
     *
     * @throws IdentityException when the file exists but cannot be read or parsed, or cannot be written
     */
    public NodeIdentity loadOrCreate(SecureRandom random) {
        Objects.requireNonNull(random, "random");
        try {
            AtomicFiles.removeLeftovers(keyFile);   // a copy of a seed whose creation was interrupted
        } catch (IOException e) {
            throw new IdentityException("cannot remove what an interrupted write of " + keyFile + " left: " + e, e);
        }
        if (Files.exists(keyFile, LinkOption.NOFOLLOW_LINKS)) {
            return load();
        }
        NodeIdentity identity = NodeIdentity.generate(random);
        create(identity);
        LOG.log(Level.INFO, "Created node identity {0} in {1}", new Object[] {identity.nodeId(), keyFile});
        return identity;
    }

    private NodeIdentity load() {
        if (!Files.isRegularFile(keyFile)) {
            throw new IdentityException("identity key file " + keyFile + " is not a regular file");
        }
        byte[] bytes;
        try {
            long size = Files.size(keyFile);
            if (size > MAX_FILE_SIZE) {
                throw new IdentityException("identity key file " + keyFile + " is corrupt: " + size
                        + " bytes, more than " + MAX_FILE_SIZE);
            }
            bytes = Files.readAllBytes(keyFile);
        } catch (AccessDeniedException e) {
            throw new IdentityException("identity key file " + keyFile + " is unreadable: permission denied", e);
        } catch (NoSuchFileException e) {
            throw new IdentityException("identity key file " + keyFile + " vanished while being read", e);
        } catch (IOException e) {
            throw new IdentityException("identity key file " + keyFile + " is unreadable: " + e, e);
        }
        try {
            NodeIdentity identity = parse(bytes);
            warnIfOpen();
            LOG.log(Level.FINE, "Loaded node identity {0} from {1}", new Object[] {identity.nodeId(), keyFile});
            return identity;
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    private NodeIdentity parse(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.US_ASCII);
        if (!text.endsWith("\n")) {
            throw corrupt("truncated (no final newline)");
        }
        String[] lines = text.substring(0, text.length() - 1).split("\n", -1);
        if (lines.length != 3) {
            throw corrupt("expected 3 lines, found " + lines.length);
        }
        if (!HEADER.equals(lines[0])) {
            throw corrupt("first line is not '" + HEADER + "'");
        }
        byte[] seed;
        byte[] publicKey;
        try {
            seed = Base64Url.decode(lines[1]);
            publicKey = Base64Url.decode(lines[2]);
        } catch (IllegalArgumentException e) {
            throw corrupt("bad base64url (" + e.getMessage() + ")");
        }
        try {
            if (seed.length != NodeIdentity.SEED_LENGTH) {
                throw corrupt("private key has " + seed.length + " bytes, not 32");
            }
            NodeIdentity identity = NodeIdentity.fromPrivateKey(seed);
            if (!Arrays.equals(identity.publicKey(), publicKey)) {
                throw corrupt("the private key does not match the stored public key");
            }
            return identity;
        } finally {
            Arrays.fill(seed, (byte) 0);
        }
    }

    private IdentityException corrupt(String problem) {
        return new IdentityException("identity key file " + keyFile + " is corrupt: " + problem);
    }

    private void warnIfOpen() {
        try {
            if (isPosix()) {
                Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(keyFile);
                if (!FILE_PERMISSIONS.containsAll(permissions)) {
                    LOG.log(Level.WARNING, "Identity key file {0} is accessible to others ({1}); expected rw-------",
                            new Object[] {keyFile, PosixFilePermissions.toString(permissions)});
                }
            }
        } catch (IOException e) {
            LOG.log(Level.FINE, "Could not read the permissions of " + keyFile, e);
        }
    }

    private void create(NodeIdentity identity) {
        byte[] seed = identity.seed();
        byte[] content = (HEADER + "\n" + Base64Url.encode(seed) + "\n" + identity.publicKeyBase64Url() + "\n")
                .getBytes(StandardCharsets.US_ASCII);
        Arrays.fill(seed, (byte) 0);
        Path temp = null;
        try {
            createDataDir();
            temp = isPosix()
                    ? Files.createTempFile(dataDir, FILE_NAME + ".", ".tmp", PosixFilePermissions.asFileAttribute(FILE_PERMISSIONS))
                    : Files.createTempFile(dataDir, FILE_NAME + ".", ".tmp");
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            if (Files.exists(keyFile, LinkOption.NOFOLLOW_LINKS)) {
                throw new IdentityException("identity key file " + keyFile + " appeared while a new one was being created");
            }
            Files.move(temp, keyFile, StandardCopyOption.ATOMIC_MOVE);
            temp = null;
            syncDirectory();
        } catch (IOException e) {
            throw new IdentityException("cannot create identity key file " + keyFile + ": " + e, e);
        } finally {
            Arrays.fill(content, (byte) 0);
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException e) {
                    LOG.log(Level.WARNING, "Could not delete temporary file " + temp, e);
                }
            }
        }
    }

    private void createDataDir() throws IOException {
        if (Files.isDirectory(dataDir)) {
            return;
        }
        if (Files.exists(dataDir, LinkOption.NOFOLLOW_LINKS)) {
            throw new IdentityException("data directory " + dataDir + " of identity key file " + keyFile
                    + " is not a directory");
        }
        try {
            if (isPosix()) {
                FileAttribute<Set<PosixFilePermission>> attribute = PosixFilePermissions.asFileAttribute(DIR_PERMISSIONS);
                Files.createDirectories(dataDir, attribute);
                // createDirectories honours the umask: set the bits explicitly on the directory we made
                Files.setPosixFilePermissions(dataDir, DIR_PERMISSIONS);
            } else {
                Files.createDirectories(dataDir);
            }
        } catch (FileAlreadyExistsException e) {
            throw new IdentityException("data directory " + dataDir + " of identity key file " + keyFile
                    + " is not a directory", e);
        }
    }

    private void syncDirectory() {
        try (FileChannel dir = FileChannel.open(dataDir, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            LOG.log(Level.FINE, "Could not sync directory " + dataDir, e);
        }
    }

    private boolean isPosix() {
        return dataDir.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}
