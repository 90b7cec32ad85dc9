package dev.tollgate.router.journal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

final class Folders {

    private Folders() {
    }

    /** Makes a folder's entries (files created, renamed, deleted) durable: on Linux a file's fsync does not cover its name. */
    static void force(Path folder) throws IOException {
        try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
