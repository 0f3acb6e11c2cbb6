package io.candor.common.db;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The embedded PostgreSQL's binaries are read and hashed once per archive, not on every start. */
class PostgresBinariesTest {

    @Test
    void theArchiveIsReadOnceAndThenFoundThroughItsAlias(@TempDir Path work) throws Exception {
        PostgresBinaries first = new PostgresBinaries(work);
        byte[] archive;
        try (InputStream in = first.getPgBinary("Linux", "x86_64")) {
            archive = in.readAllBytes();
        }
        assertTrue(archive.length > 1_000_000, "the first start reads the real archive");
        // what zonky does with it: unpack into PG-<MD5 of what it read>, marker last
        Path unpacked = work.resolve("PG-" + HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(archive)));
        Files.createDirectories(unpacked.resolve("bin"));
        Files.createFile(unpacked.resolve(".exists"));
        first.remember();

        PostgresBinaries second = new PostgresBinaries(work);
        byte[] description;
        try (InputStream in = second.getPgBinary("Linux", "x86_64")) {
            description = in.readAllBytes();
        }
        assertTrue(description.length < 300, "the next start reads a description of the archive, not the archive");
        Path alias = work.resolve("PG-" + HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(description)));
        assertTrue(Files.isSymbolicLink(alias));
        assertEquals(unpacked.toRealPath(), alias.toRealPath(), "the alias zonky finds is the directory it unpacked");
        second.remember(); // nothing to remember: no new link, no error
        try (var entries = Files.list(work)) {
            assertEquals(2, entries.count(), "the unpacked directory and its alias, no temporary link left behind");
        }
    }

    @Test
    void anUnfinishedUnpackingIsNotRemembered(@TempDir Path work) throws IOException {
        PostgresBinaries binaries = new PostgresBinaries(work);
        try (InputStream in = binaries.getPgBinary("Linux", "x86_64")) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        binaries.remember(); // zonky never finished: no marker, so no alias that would point at half a directory
        try (var entries = Files.list(work)) {
            assertFalse(entries.findAny().isPresent());
        }
        PostgresBinaries again = new PostgresBinaries(work);
        try (InputStream in = again.getPgBinary("Linux", "x86_64")) {
            assertTrue(in.readAllBytes().length > 1_000_000, "so the next start reads the archive again");
        }
    }
}
