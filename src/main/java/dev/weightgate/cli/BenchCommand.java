package dev.weightgate.cli;

import dev.weightgate.engine.arch.Hyperparameters;
import dev.weightgate.engine.gguf.GgufKeys;
import dev.weightgate.engine.kernel.VectorKernels;
import dev.weightgate.engine.model.Model;
import dev.weightgate.engine.model.Session;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Measures the engine's prefill and decode speed on a model, as llama.cpp's {@code llama-bench} does
 * ({@code pp} = prompt tokens as one batch, {@code tg} = tokens generated one at a time), and prints one JSON line.
 * Token ids are random (seeded); no tokenizer or sampling is involved: decode feeds back the argmax.
 */
@Command(name = "bench",
        mixinStandardHelpOptions = true,
        description = "Measure prefill and decode tokens/s of the embedded engine on a GGUF model; prints one JSON line.")
public final class BenchCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "FILE.gguf", description = "The model to run.")
    private Path model;

    @Option(names = "--threads", defaultValue = "0", paramLabel = "N",
            description = "Compute threads (default: available processors).")
    private int threads;

    @Option(names = "--prompt-tokens", defaultValue = "128", paramLabel = "P",
            description = "Tokens prefilled as one batch (default: ${DEFAULT-VALUE}).")
    private int promptTokens;

    @Option(names = "--gen-tokens", defaultValue = "64", paramLabel = "G",
            description = "Tokens decoded one at a time after the prompt (default: ${DEFAULT-VALUE}).")
    private int genTokens;

    @Option(names = "--repetitions", defaultValue = "5", paramLabel = "R",
            description = "Measured runs; the median is reported (default: ${DEFAULT-VALUE}).")
    private int repetitions;

    @Option(names = "--warmup", defaultValue = "1", paramLabel = "W",
            description = "Unmeasured runs first, for the JIT (default: ${DEFAULT-VALUE}).")
    private int warmup;

    @Option(names = "--context", defaultValue = "0", paramLabel = "C",
            description = "KV cache positions per session (default: prompt + generated tokens).")
    private int context;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "N", description = "Seed of the random prompt.")
    private long seed;

    @Override
    public Integer call() {
        validate();
        int nThreads = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        int ctx = context > 0 ? context : promptTokens + genTokens;
        try (Model m = Model.open(model, nThreads)) {
            Hyperparameters hp = m.hyperparameters();
            int[] prompt = new SplittableRandom(seed).ints(promptTokens, 0, hp.vocabSize()).toArray();
            for (int i = 0; i < warmup; i++) {
                run(m, ctx, prompt);
            }
            resetPeaks();
            double[] prefill = new double[repetitions];
            double[] decode = new double[repetitions];
            for (int i = 0; i < repetitions; i++) {
                double[] speeds = run(m, ctx, prompt);
                prefill[i] = speeds[0];
                decode[i] = speeds[1];
            }
            spec.commandLine().getOut().println(json(m, nThreads, ctx, prefill, decode));
            return 0;
        } catch (IOException | RuntimeException e) {
            spec.commandLine().getErr().println("bench: " + e);
            return 1;
        }
    }

    private void validate() {
        if (promptTokens <= 0 || genTokens <= 0 || repetitions <= 0 || warmup < 0 || threads < 0 || context < 0) {
            throw new ParameterException(spec.commandLine(),
                    "--prompt-tokens, --gen-tokens and --repetitions must be positive; --warmup, --threads and "
                            + "--context not negative");
        }
        if (context > 0 && context < promptTokens + genTokens) {
            throw new ParameterException(spec.commandLine(), "--context " + context + " is smaller than the "
                    + (promptTokens + genTokens) + " prompt and generated tokens");
        }
    }

    /** One prefill of the prompt and {@code genTokens} decode steps in a fresh session: tokens/s of each. */
    private double[] run(Model m, int ctx, int[] prompt) {
        try (Session session = m.newSession(ctx)) {
            long t0 = System.nanoTime();
            float[] logits = session.forward(prompt, 0);
            long t1 = System.nanoTime();
            for (int i = 0; i < genTokens; i++) {
                logits = session.next(argmax(logits));
            }
            long t2 = System.nanoTime();
            return new double[] {prompt.length / ((t1 - t0) / 1e9), genTokens / ((t2 - t1) / 1e9)};
        }
    }

    private static int argmax(float[] logits) {
        int best = 0;
        for (int i = 1; i < logits.length; i++) {
            if (logits[i] > logits[best]) {
                best = i;
            }
        }
        return best;
    }

    private static void resetPeaks() {
        System.gc();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
    }

    private static long peakHeap() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }

    private String json(Model m, int nThreads, int ctx, double[] prefill, double[] decode) {
        Hyperparameters hp = m.hyperparameters();
        return String.format(Locale.ROOT, "{\"model\":\"%s\",\"architecture\":\"%s\",\"type\":\"%s\","
                        + "\"layers\":%d,\"dim\":%d,\"threads\":%d,\"prompt_tokens\":%d,\"gen_tokens\":%d,"
                        + "\"repetitions\":%d,\"context\":%d,\"prefill_tokens_per_s\":%.2f,"
                        + "\"decode_tokens_per_s\":%.2f,\"prefill_runs\":%s,\"decode_runs\":%s,"
                        + "\"peak_heap_bytes\":%d,\"kv_cache_bytes\":%d,\"max_heap_bytes\":%d,\"vector_bits\":%d}",
                escape(model.toString()), hp.architecture(), escape(typeLabel(m)), hp.blockCount(),
                hp.embeddingLength(), nThreads, promptTokens, genTokens, repetitions, ctx, median(prefill),
                median(decode), list(prefill), list(decode), peakHeap(), m.kvCacheBytes(ctx),
                Runtime.getRuntime().maxMemory(), VectorKernels.vectorBits());
    }

    /** The file type llama.cpp reports ({@code general.file_type}), or the most common matrix type. */
    private static String typeLabel(Model m) {
        long fileType = m.metadata().findLong(GgufKeys.GENERAL_FILE_TYPE).orElse(-1L);
        return switch ((int) fileType) {
            case 0 -> "F32";
            case 1 -> "F16";
            case 2 -> "Q4_0";
            case 3 -> "Q4_1";
            case 7 -> "Q8_0";
            case 8 -> "Q5_0";
            case 9 -> "Q5_1";
            case 10 -> "Q2_K";
            case 12 -> "Q3_K_M";
            case 14 -> "Q4_K_S";
            case 15 -> "Q4_K_M";
            case 16 -> "Q5_K_S";
            case 17 -> "Q5_K_M";
            case 18 -> "Q6_K";
            case 32 -> "BF16";
            case 38 -> "MXFP4_MOE";
            default -> mostCommonType(m);
        };
    }

    /** A dense layer's gate type, or a mixture-of-experts layer's expert type (it has no dense gate). */
    private static String mostCommonType(Model m) {
        var layer = m.weights().layers().getFirst();
        return (layer.experts() != null ? layer.experts().gate()[0] : layer.gate()).type().name();
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static String list(double[] values) {
        return Arrays.stream(values).mapToObj(v -> String.format(Locale.ROOT, "%.2f", v))
                .collect(Collectors.joining(",", "[", "]"));
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
