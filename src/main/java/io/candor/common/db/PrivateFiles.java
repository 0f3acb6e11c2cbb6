package io.candor.common.db;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/** Files only Candor's user may read (0600): the embedded database's passwords and the generated webhook key. */
public final class PrivateFiles {

    private PrivateFiles() {
    }

    /** Creates {@code file} with {@code content}, readable by its owner only; fails if it exists. */
    public static void create(Path file, String content) throws IOException {
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file);
        } catch (FileAlreadyExistsException e) {
            throw new IOException(file + " exists already", e);
        }
        Files.writeString(file, content, StandardCharsets.UTF_8);
    }

    /** Writes {@code file} whole or not at all: a private temporary file beside it, then an atomic move. */
    public static void createAtomically(Path file, String content) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        create(tmp, content);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
    }
}
