package io.candor.common.db;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import io.zonky.test.db.postgres.embedded.PgBinaryResolver;
import org.jboss.logging.Logger;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URL;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.jar.JarEntry;

/**
 * Finds the unpacked PostgreSQL binaries without reading the whole archive on every start.
 *
 * <p>zonky names the directory it unpacks PostgreSQL into after the MD5 of the binaries archive, so on every start
 * it reads, inflates and hashes the archive (15 MB): about a second of one core, measured in the start-up profile,
 * spent while Quarkus boots on the other. This resolver describes the archive by what its jar's directory already
 * says about it (name, size, CRC-32 and time of the entry) and hands zonky that short description instead, whose
 * MD5 names an alias of the real directory. On the first start for an archive, or when anything about it cannot be
 * read, zonky gets the real archive as before; its MD5, computed on the way through, names the directory that zonky
 * unpacked, and {@link #remember()} adds the alias (a symbolic link beside it) for the next start.
 *
 * <p>The alias lives in zonky's own working directory and points at zonky's own directory, so it trusts exactly
 * what zonky already trusts.
 */
final class PostgresBinaries implements PgBinaryResolver {

    private static final Logger LOG = Logger.getLogger(PostgresBinaries.class);

    private final Path workingDirectory;
    private volatile Path alias;
    private volatile MessageDigest archiveDigest;

    PostgresBinaries(Path workingDirectory) {
        this.workingDirectory = workingDirectory;
    }

    /** zonky's default working directory: {@code ot.epg.working-dir}, else {@code embedded-pg} in the temporary directory. */
    static Path defaultWorkingDirectory() {
        String configured = System.getProperty("ot.epg.working-dir");
        return configured != null ? Path.of(configured) : Path.of(System.getProperty("java.io.tmpdir"), "embedded-pg");
    }

    @Override
    public InputStream getPgBinary(String system, String machineHardware) throws IOException {
        String name = ("postgres-" + system + "-" + machineHardware + ".txz").toLowerCase(Locale.ROOT);
        Optional<byte[]> description = describe(name);
        if (description.isPresent()) {
            Path dir = workingDirectory.resolve("PG-" + HexFormat.of().formatHex(md5().digest(description.get())));
            if (ready(dir)) {
                return new ByteArrayInputStream(description.get());
            }
            alias = dir;
        }
        InputStream archive = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(system, machineHardware);
        MessageDigest digest = md5();
        archiveDigest = digest;
        return new DigestInputStream(archive, digest);
    }

    /** After a start that read the real archive: links the alias to the directory zonky unpacked it into. */
    void remember() {
        Path link = alias;
        MessageDigest digest = archiveDigest;
        alias = null;
        archiveDigest = null;
        if (link == null || digest == null) {
            return;
        }
        String target = "PG-" + HexFormat.of().formatHex(digest.digest());
        if (!ready(workingDirectory.resolve(target))) {
            return;
        }
        Path temporary = workingDirectory.resolve(link.getFileName() + ".link-" + ProcessHandle.current().pid());
        try {
            Files.deleteIfExists(temporary);
            Files.createSymbolicLink(temporary, Path.of(target));
            Files.move(temporary, link, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (FileAlreadyExistsException e) {
            // another process linked it first
        } catch (IOException | UnsupportedOperationException e) {
            LOG.debugf("could not remember the unpacked PostgreSQL binaries (%s): the next start reads the archive again", e.toString());
        } finally {
            try {
                Files.deleteIfExists(temporary);
            } catch (IOException ignored) {
                // a dangling temporary link in zonky's directory is harmless
            }
        }
    }

    /** The archive's entry as its jar describes it, or nothing when it is not in a jar or cannot be read. */
    private static Optional<byte[]> describe(String name) {
        ClassLoader loader = Optional.ofNullable(Thread.currentThread().getContextClassLoader()).orElse(PostgresBinaries.class.getClassLoader());
        URL url = loader.getResource(name);
        if (url == null) {
            return Optional.empty();
        }
        try {
            URLConnection connection = url.openConnection();
            if (!(connection instanceof JarURLConnection jar)) {
                return Optional.empty();
            }
            JarEntry entry = jar.getJarEntry();
            if (entry == null || entry.getCrc() < 0 || entry.getSize() < 0) {
                return Optional.empty();
            }
            String text = "candor embedded PostgreSQL binaries v1\n" + name + "\n" + entry.getSize() + "\n"
                    + Long.toHexString(entry.getCrc()) + "\n" + entry.getTime() + "\n";
            return Optional.of(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** zonky's own test of an unpacked directory: its marker file, written after everything else. */
    private static boolean ready(Path dir) {
        return Files.isRegularFile(dir.resolve(".exists")) && Files.isDirectory(dir.resolve("bin"));
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
