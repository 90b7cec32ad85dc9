package dev.tollgate.router.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * How one entry is laid out in a segment file:
 * {@code int length | int crc32c | short keyLength | key | value}, where {@code length} counts the bytes
 * after the CRC and the CRC covers the length field and everything after it. A torn write (a crash in
 * the middle of an append) shows up as a short read, an impossible length or a CRC mismatch.
 *
 * <p>An entry with headers (the request's W3C trace context, sent on as Kafka record headers) starts its
 * body with the marker {@code short -1}, then {@code short headersLength | headers | short keyLength | key |
 * value}, the headers being UTF-8 lines {@code name=value}. Entries without headers keep the first layout,
 * so journals written before headers existed are read as they are.
 */
final class EntryFormat {

    static final int HEADER_BYTES = Integer.BYTES + Integer.BYTES;
    /** Far above any usage record (a few hundred bytes); a larger length can only be garbage. */
    static final int MAX_BODY_BYTES = 1 << 20;
    /** In place of a key length: headers follow. */
    private static final short WITH_HEADERS = -1;

    private EntryFormat() {
    }

    static ByteBuffer encode(byte[] key, byte[] value) {
        return encode(key, value, Map.of());
    }

    static ByteBuffer encode(byte[] key, byte[] value, Map<String, String> headers) {
        if (key.length > Short.MAX_VALUE) {
            throw new IllegalArgumentException("key too long: " + key.length + " bytes");
        }
        byte[] headerBytes = headers.isEmpty() ? null : encodeHeaders(headers);
        int headersPart = headerBytes == null ? 0 : Short.BYTES + Short.BYTES + headerBytes.length;
        int bodyLength = headersPart + Short.BYTES + key.length + value.length;
        if (bodyLength > MAX_BODY_BYTES) {
            throw new IllegalArgumentException("entry too long: " + bodyLength + " bytes");
        }
        ByteBuffer buffer = ByteBuffer.allocate(HEADER_BYTES + bodyLength);
        buffer.putInt(bodyLength).putInt(0);
        if (headerBytes != null) {
            buffer.putShort(WITH_HEADERS).putShort((short) headerBytes.length).put(headerBytes);
        }
        buffer.putShort((short) key.length).put(key).put(value);
        buffer.putInt(Integer.BYTES, crc(buffer.array(), bodyLength));
        return buffer.flip();
    }

    private static byte[] encodeHeaders(Map<String, String> headers) {
        StringBuilder lines = new StringBuilder();
        headers.forEach((name, value) -> {
            if (name.isEmpty() || name.indexOf('=') >= 0 || name.indexOf('\n') >= 0 || value.indexOf('\n') >= 0) {
                throw new IllegalArgumentException("header " + name + " cannot be journalled");
            }
            lines.append(name).append('=').append(value).append('\n');
        });
        byte[] bytes = lines.toString().getBytes(StandardCharsets.UTF_8);
        if (bytes.length > Short.MAX_VALUE) {
            throw new IllegalArgumentException("headers too long: " + bytes.length + " bytes");
        }
        return bytes;
    }

    private static Map<String, String> decodeHeaders(byte[] bytes) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line : new String(bytes, StandardCharsets.UTF_8).split("\n")) {
            int equals = line.indexOf('=');
            if (equals > 0) {
                headers.put(line.substring(0, equals), line.substring(equals + 1));
            }
        }
        return headers;
    }

    /**
     * Reads the entry starting at {@code offset}, or returns null if no whole, valid entry starts there
     * (end of the written data, torn tail or corruption).
     */
    static Decoded read(FileChannel channel, long offset, long fileSize, long position) throws IOException {
        if (offset + HEADER_BYTES > fileSize) {
            return null;
        }
        ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
        readFully(channel, header, offset);
        int bodyLength = header.getInt(0);
        int storedCrc = header.getInt(Integer.BYTES);
        if (bodyLength < Short.BYTES || bodyLength > MAX_BODY_BYTES || offset + HEADER_BYTES + bodyLength > fileSize) {
            return null;
        }
        ByteBuffer whole = ByteBuffer.allocate(HEADER_BYTES + bodyLength);
        whole.put(header.array());
        readFully(channel, whole, offset + HEADER_BYTES);
        byte[] bytes = whole.array();
        if (crc(bytes, bodyLength) != storedCrc) {
            return null;
        }
        ByteBuffer body = ByteBuffer.wrap(bytes, HEADER_BYTES, bodyLength);
        Map<String, String> headers = Map.of();
        int keyLength = body.getShort();
        if (keyLength == WITH_HEADERS) {
            if (body.remaining() < Short.BYTES) {
                return null;
            }
            int headersLength = body.getShort();
            if (headersLength < 0 || headersLength > body.remaining() - Short.BYTES) {
                return null;
            }
            byte[] headerBytes = new byte[headersLength];
            body.get(headerBytes);
            headers = decodeHeaders(headerBytes);
            keyLength = body.getShort();
        }
        if (keyLength < 0 || keyLength > body.remaining()) {
            return null;
        }
        byte[] key = new byte[keyLength];
        body.get(key);
        byte[] value = new byte[body.remaining()];
        body.get(value);
        return new Decoded(new JournalEntry(position, key, value, headers), HEADER_BYTES + bodyLength);
    }

    /** The length of the entry at {@code offset} without checking it (to skip entries already known to be whole). */
    static int sizeAt(FileChannel channel, long offset) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(Integer.BYTES);
        readFully(channel, header, offset);
        return HEADER_BYTES + header.getInt(0);
    }

    record Decoded(JournalEntry entry, int sizeBytes) {
    }

    private static int crc(byte[] entry, int bodyLength) {
        CRC32C crc = new CRC32C();
        crc.update(entry, 0, Integer.BYTES);
        crc.update(entry, HEADER_BYTES, bodyLength);
        return (int) crc.getValue();
    }

    private static void readFully(FileChannel channel, ByteBuffer buffer, long offset) throws IOException {
        long at = offset;
        while (buffer.hasRemaining()) {
            int read = channel.read(buffer, at);
            if (read < 0) {
                throw new IOException("unexpected end of segment at " + at);
            }
            at += read;
        }
    }
}
