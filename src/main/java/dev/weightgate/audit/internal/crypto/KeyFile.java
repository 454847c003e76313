package dev.weightgate.audit.internal.crypto;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A key kept in a file only its owner can read and write, generated the first time and reused after. The log names
 * the file, never the key.
 */
final class KeyFile {

    private static final Logger log = LoggerFactory.getLogger(KeyFile.class);
    private static final Set<PosixFilePermission> OWNER_ONLY = EnumSet.of(
            PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

    private KeyFile() {
    }

    /**
     * The key stored in {@code file}, or a new one from {@code generate}, written there first.
     *
     * @param what names the key and the property that should configure it, for the log and errors
     * @param loss what losing the file would cost, for the warning when it is created
     */
    static String readOrCreate(Path file, Supplier<String> generate, String what, String loss) {
        try {
            if (Files.exists(file)) {
                return readExisting(file, what);
            }
            Path directory = file.toAbsolutePath().getParent();
            Files.createDirectories(directory);
            Path temporary = createOwnerOnly(directory);
            try {
                Files.writeString(temporary, generate.get() + System.lineSeparator());
                // A hard link appears complete or not at all and never replaces a file: of two gateways starting
                // together on one data folder, one key wins and both use it.
                Files.createLink(file, temporary);
            } catch (FileAlreadyExistsException otherProcessWon) {
                return readExisting(file, what);
            } catch (UnsupportedOperationException | IOException noHardLinks) {
                if (Files.exists(file)) {
                    return readExisting(file, what);
                }
                Files.move(temporary, file);
            } finally {
                Files.deleteIfExists(temporary);
            }
            log.warn("No {} is configured: generated one into {}, readable by its owner only. Production should "
                    + "configure the key (or a KMS) instead; {}.", what, file.toAbsolutePath(), loss);
            return Files.readString(file).strip();
        } catch (IOException e) {
            throw new IllegalStateException("Could not read or create the " + what + " file " + file.toAbsolutePath()
                    + "; configure the key instead", e);
        }
    }

    private static String readExisting(Path file, String what) throws IOException {
        log.warn("Using the {} generated earlier into {}. Production should configure the key (or a KMS) instead.",
                what, file.toAbsolutePath());
        warnIfOthersCanRead(file);
        String key = Files.readString(file).strip();
        if (key.isEmpty()) {
            throw new IllegalStateException("The " + what + " file " + file.toAbsolutePath() + " is empty");
        }
        return key;
    }

    private static Path createOwnerOnly(Path directory) throws IOException {
        try {
            return Files.createTempFile(directory, ".key-", ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } catch (UnsupportedOperationException notPosix) {
            return Files.createTempFile(directory, ".key-", ".tmp");
        }
    }

    private static void warnIfOthersCanRead(Path file) throws IOException {
        try {
            if (!OWNER_ONLY.containsAll(Files.getPosixFilePermissions(file))) {
                log.warn("{} can be read by users other than its owner: restrict it to rw------- (chmod 600)",
                        file.toAbsolutePath());
            }
        } catch (UnsupportedOperationException notPosix) {
            // Nothing to check on a file system without POSIX permissions.
        }
    }
}
