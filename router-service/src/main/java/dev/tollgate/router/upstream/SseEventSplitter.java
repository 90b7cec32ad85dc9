package dev.tollgate.router.upstream;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a server-sent event stream, arriving in arbitrary network chunks, into the {@code data} of each
 * event. Works on bytes and decodes whole lines only, so a UTF-8 character split between two network
 * chunks is never broken ({@code \n} never occurs inside a multi-byte character). Lines end with LF or
 * CRLF; an event ends at a blank line; its {@code data:} lines are joined with a newline (the SSE rule).
 * Comments and other fields ({@code event:}, {@code id:}, {@code retry:}) are dropped: OpenAI streams
 * carry everything in {@code data}. Not thread-safe: one per stream, fed in order.
 */
public final class SseEventSplitter {

    private final ByteArrayOutputStream pendingLine = new ByteArrayOutputStream();
    private final StringBuilder data = new StringBuilder();
    private boolean hasData;

    /** Takes the next piece of the stream and returns the data of every event it completed. */
    public List<String> feed(byte[] chunk) {
        List<String> events = new ArrayList<>();
        int lineStart = 0;
        for (int i = 0; i < chunk.length; i++) {
            if (chunk[i] == '\n') {
                pendingLine.write(chunk, lineStart, i - lineStart);
                acceptLine(takeLine(), events);
                lineStart = i + 1;
            }
        }
        pendingLine.write(chunk, lineStart, chunk.length - lineStart);
        return events;
    }

    /** The data of an event the stream ended without a blank line after, if any. */
    public List<String> finish() {
        List<String> events = new ArrayList<>();
        if (pendingLine.size() > 0) {
            acceptLine(takeLine(), events);
        }
        acceptLine("", events);
        return events;
    }

    private String takeLine() {
        String line = pendingLine.toString(StandardCharsets.UTF_8);
        pendingLine.reset();
        return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    }

    private void acceptLine(String line, List<String> events) {
        if (line.isEmpty()) {
            if (hasData) {
                events.add(data.toString());
            }
            data.setLength(0);
            hasData = false;
            return;
        }
        if (!line.startsWith("data:")) {
            return;
        }
        String value = line.substring(5);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        if (hasData) {
            data.append('\n');
        }
        data.append(value);
        hasData = true;
    }
}
