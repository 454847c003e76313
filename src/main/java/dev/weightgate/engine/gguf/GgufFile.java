package dev.weightgate.engine.gguf;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An open GGUF file: validated metadata and tensor table, with tensor data mapped read-only.
 *
 * <p>Tensor data is never copied: {@link #tensorData} returns slices of the mapping. {@link #close()} unmaps the
 * file; slices used afterwards fail with {@link IllegalStateException} rather than reading freed memory. The
 * mapping is shared, so slices may be read from any thread while the file is open.
 */
public final class GgufFile implements AutoCloseable {

    private final Path path;
    private final Arena arena;
    private final MemorySegment mapping;
    private final GgufParser.Parsed parsed;
    private final Map<String, GgufTensorInfo> tensorsByName;

    private GgufFile(Path path, Arena arena, MemorySegment mapping, GgufParser.Parsed parsed) {
        this.path = path;
        this.arena = arena;
        this.mapping = mapping;
        this.parsed = parsed;
        Map<String, GgufTensorInfo> byName = new LinkedHashMap<>();
        for (GgufTensorInfo tensor : parsed.tensors()) {
            byName.put(tensor.name(), tensor);
        }
        this.tensorsByName = byName;
    }

    /**
     * Maps and validates a GGUF file.
     *
     * @throws GgufException if the file is not a valid GGUF v2/v3 file Weightgate can load
     * @throws IOException   if the file cannot be opened or mapped
     */
    public static GgufFile open(Path path) throws IOException {
        Objects.requireNonNull(path, "path");
        Arena arena = Arena.ofShared();
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size == 0) {
                throw new GgufException(path + " is empty");
            }
            MemorySegment mapping = channel.map(FileChannel.MapMode.READ_ONLY, 0, size, arena);
            return new GgufFile(path, arena, mapping, parse(path, mapping));
        } catch (IOException | RuntimeException | Error e) {
            arena.close();
            throw e;
        }
    }

    /** Reads a GGUF image already in memory; closing the result leaves the segment alone. */
    static GgufFile read(MemorySegment image, Path label) {
        return new GgufFile(label, null, image, parse(label, image));
    }

    private static GgufParser.Parsed parse(Path path, MemorySegment mapping) {
        try {
            return GgufParser.parse(mapping);
        } catch (GgufException e) {
            throw new GgufException(path.getFileName() + ": " + e.getMessage(), e);
        }
    }

    public Path path() {
        return path;
    }

    /** The GGUF version, 2 or 3. */
    public int version() {
        return parsed.version();
    }

    public GgufMetadata metadata() {
        return parsed.metadata();
    }

    /** The tensor table in file order. */
    public List<GgufTensorInfo> tensors() {
        return parsed.tensors();
    }

    public Optional<GgufTensorInfo> tensor(String name) {
        return Optional.ofNullable(tensorsByName.get(name));
    }

    /** The tensor's bytes: a read-only slice of the mapping, valid until {@link #close()}. */
    public MemorySegment tensorData(GgufTensorInfo tensor) {
        if (!tensor.equals(tensorsByName.get(tensor.name()))) {
            throw new IllegalArgumentException("tensor " + tensor.name() + " does not belong to " + path);
        }
        return mapping.asSlice(parsed.dataOffset() + tensor.offset(), tensor.byteSize());
    }

    /** Absolute file offset where the tensor data section starts. */
    public long dataOffset() {
        return parsed.dataOffset();
    }

    /** The data alignment ({@code general.alignment}, default 32). */
    public int alignment() {
        return parsed.alignment();
    }

    public long fileSize() {
        return mapping.byteSize();
    }

    /** Unmaps the file. */
    @Override
    public void close() {
        if (arena != null) {
            arena.close();
        }
    }

    @Override
    public String toString() {
        return "GgufFile[" + path + ", v" + version() + ", " + metadata().size() + " keys, " + tensors().size()
                + " tensors]";
    }
}
