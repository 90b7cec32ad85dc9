package dev.tollgate.router.journal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * The position up to which Kafka has acknowledged the journal (every entry below it is safe), kept
 * in one small file. It is replaced atomically (write a temporary file, force it, rename, force the
 * folder), so after a crash it holds either the old or the new position, never a mix.
 */
final class JournalCheckpoint {

    private static final String FILE = "checkpoint";
    private static final String TEMPORARY = "checkpoint.tmp";

    private final Path folder;

    JournalCheckpoint(Path folder) {
        this.folder = folder;
    }

    /** The acknowledged position, 0 when nothing was ever acknowledged. */
    long read() {
        try {
            Files.deleteIfExists(folder.resolve(TEMPORARY));
            Path file = folder.resolve(FILE);
            if (!Files.exists(file)) {
                return 0;
            }
            return Long.parseLong(Files.readString(file, StandardCharsets.US_ASCII).trim());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the journal checkpoint in " + folder, e);
        } catch (NumberFormatException e) {
            throw new IllegalStateException("the journal checkpoint in " + folder + " is not a position", e);
        }
    }

    void write(long acknowledged) throws IOException {
        Path temporary = folder.resolve(TEMPORARY);
        try (var channel = java.nio.channels.FileChannel.open(temporary, StandardOpenOption.CREATE,
                StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            channel.write(java.nio.ByteBuffer.wrap((acknowledged + "\n").getBytes(StandardCharsets.US_ASCII)));
            channel.force(true);
        }
        Files.move(temporary, folder.resolve(FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        Folders.force(folder);
    }
}
