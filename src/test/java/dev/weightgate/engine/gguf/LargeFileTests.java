package dev.weightgate.engine.gguf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weightgate.engine.tensor.GgmlType;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files far larger than 2 GB: a tensor whose data starts past 2^31 bytes is read through the mapping like any other.
 * The file is sparse (its zero-filled tensor is a hole), so the test costs no disk space and little time.
 */
class LargeFileTests {

    /** 2.5 GB of F32 zeros before the tensor that matters. */
    private static final long BIG_ELEMENTS = 640L * 1024 * 1024;

    @TempDir
    Path dir;

    /** Writes through to the file, but turns runs of zero bytes into holes. */
    private static final class SparseOutput extends OutputStream {
        private final FileChannel channel;

        SparseOutput(FileChannel channel) {
            this.channel = channel;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            if (allZero(bytes, offset, length)) {
                channel.position(channel.position() + length);
            } else {
                ByteBuffer buffer = ByteBuffer.wrap(bytes, offset, length);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
            }
        }

        private static boolean allZero(byte[] bytes, int offset, int length) {
            for (int i = offset; i < offset + length; i++) {
                if (bytes[i] != 0) {
                    return false;
                }
            }
            return true;
        }
    }

    @Test
    void readsATensorThatStartsPastTwoGigabytes() throws IOException {
        Path file = dir.resolve("large.gguf");
        float[] tail = {1.5f, -2.25f, 3.0f, 42.0f};
        byte[] tailBytes = ByteBuffer.allocate(16).order(java.nio.ByteOrder.LITTLE_ENDIAN)
                .putFloat(tail[0]).putFloat(tail[1]).putFloat(tail[2]).putFloat(tail[3]).array();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            GgufWriter.create()
                    .putString(GgufKeys.GENERAL_ARCHITECTURE, "llama")
                    .addTensor("big", new long[] {BIG_ELEMENTS}, GgmlType.F32, out -> {
                        byte[] zeros = new byte[1 << 20];
                        for (long written = 0; written < BIG_ELEMENTS * 4; written += zeros.length) {
                            out.write(zeros);
                        }
                    })
                    .addTensor("tail", new long[] {4}, GgmlType.F32, tailBytes)
                    .writeTo(new SparseOutput(channel));
            // A trailing hole is not part of the file until a byte is written at its end.
            if (channel.size() < channel.position()) {
                channel.write(ByteBuffer.allocate(1), channel.position() - 1);
            }
        }
        assertThat(Files.size(file)).isGreaterThan(1L << 31);

        try (GgufFile gguf = GgufFile.open(file)) {
            GgufTensorInfo info = gguf.tensor("tail").orElseThrow();
            assertThat(gguf.dataOffset() + info.offset()).isGreaterThan(1L << 31);
            MemorySegment data = gguf.tensorData(info);
            for (int i = 0; i < tail.length; i++) {
                assertThat(data.get(ValueLayout.JAVA_FLOAT_UNALIGNED, i * 4L)).isEqualTo(tail[i]);
            }
            MemorySegment big = gguf.tensorData(gguf.tensor("big").orElseThrow());
            assertThat(big.byteSize()).isEqualTo(BIG_ELEMENTS * 4);
            assertThat(big.get(ValueLayout.JAVA_FLOAT_UNALIGNED, big.byteSize() - 4)).isZero();
        }
    }
}
