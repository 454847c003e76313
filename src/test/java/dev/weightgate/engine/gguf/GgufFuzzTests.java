package dev.weightgate.engine.gguf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.weightgate.engine.tensor.GgmlType;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded mutations of valid files: every outcome must be either a file that opens and can be read completely, or a
 * GgufException with a message. Anything else (an index error leaking out, an OutOfMemoryError, a NullPointer)
 * fails the test with the seed file and mutation number needed to replay it.
 */
class GgufFuzzTests {

    private static final int MUTATIONS_PER_SEED = 1000;
    private static final long[] HUGE = {Long.MAX_VALUE, -1L, 1L << 32, 1L << 40, 1L << 62, Integer.MAX_VALUE + 1L,
            0x7FFF_FFFF_FFFF_FFF0L};

    @TempDir
    Path dir;

    private static List<byte[]> seeds() {
        return List.of(
                GgufSamples.everyValueType().toByteArray(),
                GgufSamples.withTensors(5, GgmlType.F32, GgmlType.F16, GgmlType.Q8_0, GgmlType.Q4_K, GgmlType.MXFP4)
                        .toByteArray(),
                GgufSamples.withTensors(6, GgmlType.Q6_K, GgmlType.BF16, GgmlType.Q5_1).alignment(64).toByteArray(),
                GgufSamples.vocabulary(40).toByteArray());
    }

    @Test
    void mutatedFilesOpenCompletelyOrFailWithAGgufException() {
        int opened = 0;
        int rejected = 0;
        List<byte[]> seeds = seeds();
        for (int s = 0; s < seeds.size(); s++) {
            SplittableRandom random = new SplittableRandom(1000L + s);
            for (int m = 0; m < MUTATIONS_PER_SEED; m++) {
                byte[] mutant = mutate(seeds.get(s), random);
                String where = "seed file " + s + ", mutation " + m;
                if (readFully(mutant, where)) {
                    opened++;
                } else {
                    rejected++;
                }
            }
        }
        // both outcomes must actually occur, or the mutations are not exercising the reader
        assertThat(opened).isGreaterThan(100);
        assertThat(rejected).isGreaterThan(1000);
    }

    @Test
    void mutatedFilesOnDiskGoThroughTheMappedPath() throws IOException {
        SplittableRandom random = new SplittableRandom(77);
        List<byte[]> seeds = seeds();
        for (int m = 0; m < 200; m++) {
            byte[] mutant = mutate(seeds.get(m % seeds.size()), random);
            Path path = dir.resolve("mutant" + m + ".gguf");
            Files.write(path, mutant);
            try (GgufFile file = GgufFile.open(path)) {
                readAll(file);
            } catch (GgufException e) {
                assertThat(e.getMessage()).as("mutation %d", m).isNotBlank();
            } catch (RuntimeException | Error e) {
                fail("mutation %d on disk threw %s", m, e, e);
            }
        }
    }

    private static boolean readFully(byte[] mutant, String where) {
        try (GgufFile file = GgufSamples.read(mutant)) {
            readAll(file);
            return true;
        } catch (GgufException e) {
            assertThat(e.getMessage()).as(where).isNotBlank();
            return false;
        } catch (RuntimeException | Error e) {
            throw new AssertionError(where + " threw " + e, e);
        }
    }

    /** Touches everything a loader would: every value, every tensor's bytes decoded. */
    private static void readAll(GgufFile file) {
        GgufMetadata metadata = file.metadata();
        for (String key : metadata.keys()) {
            metadata.display(key);
            if (metadata.get(key) instanceof GgufArray array) {
                array.values().forEach(String::valueOf);
            }
        }
        for (GgufTensorInfo tensor : file.tensors()) {
            MemorySegment data = file.tensorData(tensor);
            int elements = Math.toIntExact(tensor.elementCount());
            float[] values = new float[elements];
            tensor.type().dequantize(data, 0, values, 0, elements);
            data.get(ValueLayout.JAVA_BYTE, data.byteSize() - 1);
        }
    }

    private static byte[] mutate(byte[] seed, SplittableRandom random) {
        byte[] bytes = seed.clone();
        int kind = random.nextInt(6);
        switch (kind) {
            case 0 -> { // flip a few bytes
                int flips = 1 + random.nextInt(4);
                for (int i = 0; i < flips; i++) {
                    bytes[random.nextInt(bytes.length)] ^= (byte) (1 + random.nextInt(255));
                }
            }
            case 1 -> bytes = Arrays.copyOf(bytes, random.nextInt(bytes.length)); // truncate
            case 2 -> { // insert bytes
                int at = random.nextInt(bytes.length + 1);
                byte[] inserted = new byte[1 + random.nextInt(16)];
                random.nextBytes(inserted);
                byte[] grown = new byte[bytes.length + inserted.length];
                System.arraycopy(bytes, 0, grown, 0, at);
                System.arraycopy(inserted, 0, grown, at, inserted.length);
                System.arraycopy(bytes, at, grown, at + inserted.length, bytes.length - at);
                bytes = grown;
            }
            case 3 -> { // delete a range
                int at = random.nextInt(bytes.length);
                int length = Math.min(bytes.length - at, 1 + random.nextInt(16));
                byte[] shrunk = new byte[bytes.length - length];
                System.arraycopy(bytes, 0, shrunk, 0, at);
                System.arraycopy(bytes, at + length, shrunk, at, bytes.length - at - length);
                bytes = shrunk;
            }
            case 4 -> { // a huge value where a u64 length or count may be
                int at = random.nextInt(Math.max(1, bytes.length - 8));
                GgufSamples.putU64(bytes, Math.min(at, bytes.length - 8), HUGE[random.nextInt(HUGE.length)]);
            }
            default -> { // a small plausible number (type id, dimension count, length) in a u32
                int at = random.nextInt(Math.max(1, bytes.length - 4));
                GgufSamples.putU32(bytes, Math.min(at, bytes.length - 4), random.nextInt(48));
            }
        }
        return bytes;
    }
}
