package dev.weightgate.audit.internal;

import dev.weightgate.audit.AuditProperties;
import dev.weightgate.audit.AuditRecord;
import dev.weightgate.audit.internal.crypto.KeyWrapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.stereotype.Component;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The local, durable queue for records the database cannot take now: an append-only file, one encrypted record per
 * line, forced to disk after every batch. Its first line carries the file's own AES key, wrapped by the audit master
 * key, so the file alone reveals nothing. Records are replayed in the order they were spooled.
 */
@Component
class AuditSpool {

    private static final String HEADER_PREFIX = "WGSPOOL1 ";

    private final Path file;
    private final KeyWrapper wrapper;
    private final ObjectMapper json;
    private final SecureRandom random = new SecureRandom();
    private SecretKey key;

    AuditSpool(AuditProperties properties, KeyWrapper wrapper, ObjectMapper json) {
        this.file = properties.spoolFile();
        this.wrapper = wrapper;
        this.json = json;
    }

    synchronized boolean isEmpty() {
        try {
            return !Files.exists(file) || Files.lines(file).skip(1).findAny().isEmpty();
        } catch (IOException | java.io.UncheckedIOException e) {
            return false;
        }
    }

    /** Appends the records and forces them to disk; when this returns, they survive a crash. */
    synchronized void append(List<AuditRecord> records) throws IOException {
        if (records.isEmpty()) {
            return;
        }
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        StringBuilder lines = new StringBuilder();
        if (!Files.exists(file) || Files.size(file) == 0) {
            key = newKey();
            ObjectNode header = json.createObjectNode();
            header.put("masterKeyId", wrapper.keyId());
            header.put("wrappedKey", Base64.getEncoder().encodeToString(wrapper.wrap(key.getEncoded())));
            lines.append(HEADER_PREFIX).append(json.writeValueAsString(header)).append('\n');
        } else if (key == null) {
            key = readKey(Files.readAllLines(file, StandardCharsets.UTF_8).getFirst());
        }
        for (AuditRecord record : records) {
            lines.append(encrypt(json.writeValueAsBytes(record))).append('\n');
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            ByteBuffer bytes = ByteBuffer.wrap(lines.toString().getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            channel.force(false);
        }
    }

    /** Every spooled record, oldest first. A torn last line (a crash mid-write) is skipped: it was never confirmed. */
    synchronized List<AuditRecord> readAll() throws IOException {
        if (!Files.exists(file)) {
            return List.of();
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.isEmpty()) {
            return List.of();
        }
        SecretKey fileKey = readKey(lines.getFirst());
        List<AuditRecord> records = new ArrayList<>(lines.size() - 1);
        for (int i = 1; i < lines.size(); i++) {
            try {
                records.add(json.readValue(decrypt(fileKey, lines.get(i)), AuditRecord.class));
            } catch (RuntimeException | GeneralSecurityException torn) {
                if (i < lines.size() - 1) {
                    throw new IOException("audit spool " + file + " is damaged at line " + (i + 1), torn);
                }
            }
        }
        return records;
    }

    /** Empties the spool once everything in it is in the database. */
    synchronized void clear() throws IOException {
        Files.deleteIfExists(file);
        key = null;
    }

    private SecretKey readKey(String header) throws IOException {
        if (!header.startsWith(HEADER_PREFIX)) {
            throw new IOException("audit spool " + file + " has no header");
        }
        var node = json.readTree(header.substring(HEADER_PREFIX.length()));
        byte[] raw = wrapper.unwrap(node.path("masterKeyId").asString(),
                Base64.getDecoder().decode(node.path("wrappedKey").asString()));
        return new SecretKeySpec(raw, "AES");
    }

    private String encrypt(byte[] plain) {
        try {
            byte[] iv = new byte[12];
            random.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
            byte[] sealed = cipher.doFinal(plain);
            return Base64.getEncoder().encodeToString(iv) + ":" + Base64.getEncoder().encodeToString(sealed);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is part of every JDK", e);
        }
    }

    private static byte[] decrypt(SecretKey key, String line) throws GeneralSecurityException {
        int colon = line.indexOf(':');
        if (colon < 0) {
            throw new GeneralSecurityException("not a spool line");
        }
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, Base64.getDecoder().decode(line.substring(0, colon))));
        return cipher.doFinal(Base64.getDecoder().decode(line.substring(colon + 1)));
    }

    private static SecretKey newKey() {
        try {
            KeyGenerator generator = KeyGenerator.getInstance("AES");
            generator.init(256);
            return generator.generateKey();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES is part of every JDK", e);
        }
    }
}
