package dev.weightgate.backend.internal;

import dev.weightgate.backend.BackendProperties;
import dev.weightgate.backend.EngineProperties;
import dev.weightgate.backend.ModelDefinition;
import dev.weightgate.backend.ModelVetting;
import dev.weightgate.engine.gguf.GgufFile;
import dev.weightgate.engine.gguf.RandomModelSpec;
import dev.weightgate.engine.gguf.RandomModelWriter;
import dev.weightgate.engine.generate.LoadedModel;
import dev.weightgate.engine.kernel.ComputePool;
import dev.weightgate.engine.tensor.GgmlType;
import dev.weightgate.engine.vocab.DemoVocabulary;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The models the embedded engine serves: files listed under {@code weightgate.models[]} with {@code embedded.path},
 * then every GGUF file in {@code weightgate.engine.models-dir}. All share one pool of compute threads. Loading runs
 * in the background once the application starts, one model after another; each file's SHA-256 is computed and the
 * {@link ModelVetting} checks (the license catalog's) decide whether it goes into service.
 */
@Component
public class EmbeddedModels implements SmartLifecycle {

    /** The id of the model written for the quick start when nothing else is configured. */
    public static final String DEMO_MODEL_ID = "demo-random-weights";

    private static final Logger log = LoggerFactory.getLogger(EmbeddedModels.class);

    private final EngineProperties engine;
    private final ObjectProvider<ModelVetting> vetting;
    private final Map<String, EmbeddedBackend> backends = new LinkedHashMap<>();
    private ComputePool pool;
    private Thread loader;
    private volatile boolean running;
    /** Orders handing a loaded model to its backend against {@link #stop()}, which closes the handed ones. */
    private final Object lifecycle = new Object();

    EmbeddedModels(EngineProperties engine, BackendProperties configured, ObjectProvider<ModelVetting> vetting) {
        this.engine = engine;
        this.vetting = vetting;
        for (ModelDefinition definition : configured.models()) {
            if (definition.embedded() != null) {
                add(definition.id(), definition.embedded());
            }
        }
        List<Path> files = ggufFiles(engine.modelsDir());
        if (files.isEmpty() && configured.models().isEmpty() && engine.demoModel()) {
            files = List.of(writeDemoModel(engine.modelsDir()));
        }
        for (Path file : files) {
            String id = file.getFileName().toString().replaceFirst("(?i)\\.gguf$", "");
            boolean alreadyServed = backends.values().stream().anyMatch(b -> sameFile(b.path(), file));
            if (!backends.containsKey(id) && !alreadyServed) {
                add(id, new ModelDefinition.Embedded(file, null, null, null, null));
            }
        }
    }

    /** The embedded model with this id, if one is configured or found in the directory. */
    public Optional<EmbeddedBackend> find(String id) {
        return Optional.ofNullable(backends.get(id));
    }

    /**
     * A Spring AI chat model answering with the embedded model {@code id} (the application's {@code ChatModel} bean
     * answers with {@code weightgate.engine.spring-ai-model}).
     */
    public EmbeddedChatModel chatModel(String id) {
        find(id).orElseThrow(() -> new IllegalArgumentException("no embedded model '" + id + "'"));
        return new EmbeddedChatModel(this, id);
    }

    /** Every embedded model, configured ones first, then the directory's in file-name order. */
    public List<EmbeddedBackend> all() {
        return List.copyOf(backends.values());
    }

    private void add(String id, ModelDefinition.Embedded definition) {
        if (definition.path() == null) {
            throw new IllegalStateException("model '" + id + "' needs embedded.path");
        }
        if (backends.containsKey(id)) {
            throw new IllegalStateException("weightgate.models[] names model '" + id + "' twice");
        }
        LoadedModel.Options options = new LoadedModel.Options(
                orDefault(definition.contextLength(), engine.contextLength()),
                orDefault(definition.slots(), engine.slots()),
                orDefault(definition.maxQueued(), engine.maxQueued()));
        Duration maxGenerationTime = definition.maxGenerationTime() != null ? definition.maxGenerationTime()
                : engine.maxGenerationTime();
        backends.put(id, new EmbeddedBackend(id, definition.path(), options, engine.queueTimeout(),
                maxGenerationTime));
    }

    private static int orDefault(Integer value, int fallback) {
        return value != null ? value : fallback;
    }

    private static List<Path> ggufFiles(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(p -> p.getFileName().toString().toLowerCase().endsWith(".gguf"))
                    .filter(Files::isRegularFile)
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the models directory " + dir, e);
        }
    }

    private static boolean sameFile(Path a, Path b) {
        try {
            return Files.exists(a) && Files.isSameFile(a, b);
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * A small Llama-shaped model with random weights and a byte-level vocabulary: it runs anywhere in well under a
     * second per answer, and what it writes is noise (the README says so and shows how to add a real model).
     */
    private static Path writeDemoModel(Path dir) {
        Path file = dir.resolve(DEMO_MODEL_ID + ".gguf");
        try {
            Files.createDirectories(dir);
            RandomModelSpec spec = new RandomModelSpec("llama", 256, 4, 4, 2, 768, 4096, GgmlType.Q8_0, 42);
            Path partial = dir.resolve(DEMO_MODEL_ID + ".gguf.partial");
            RandomModelWriter.write(spec, DemoVocabulary.metadata(), partial);
            Files.move(partial, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            log.warn("No models configured: wrote the demo model {} (random weights, its output is noise). Put a "
                    + "real GGUF file into {} to chat with a real model.", file, dir.toAbsolutePath());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the demo model to " + file, e);
        }
    }

    @Override
    public void start() {
        running = true;
        if (backends.isEmpty()) {
            return;
        }
        pool = engine.threads() > 0 ? ComputePool.create(engine.threads()) : ComputePool.ofAvailableProcessors();
        List<EmbeddedBackend> toLoad = new ArrayList<>(backends.values());
        loader = Thread.ofPlatform().name("weightgate-model-loader").daemon().start(() -> {
            for (EmbeddedBackend backend : toLoad) {
                load(backend, pool);
            }
        });
    }

    /** Vets and loads one file and puts it in service, unless {@link #stop()} began meanwhile. */
    void load(EmbeddedBackend backend, ComputePool pool) {
        long start = System.nanoTime();
        try {
            String sha256 = sha256(backend.path());
            Map<String, String> general = generalMetadata(backend.path());
            for (ModelVetting check : vetting) {
                Optional<String> refusal = check.refusal(backend.id(), general, sha256);
                if (refusal.isPresent()) {
                    log.error("Model '{}' ({}) is kept out of service: {}", backend.id(), backend.path(),
                            refusal.get());
                    backend.failed(refusal.get());
                    return;
                }
            }
            LoadedModel model = LoadedModel.open(backend.path(), pool, backend.options());
            model.template().warning().ifPresent(w -> log.warn("Model '{}': {}", backend.id(), w));
            synchronized (lifecycle) {
                if (!running) {
                    // stop() gave up waiting for the loader and has closed the models it saw: this one would leak
                    model.close();
                    backend.failed("the gateway is shutting down");
                    log.info("Model '{}' finished loading after shutdown began; closed", backend.id());
                    return;
                }
                backend.loaded(model, sha256);
            }
            log.info("Model '{}' in service: {} ({}), context {}, {} slots, sha256 {}, loaded in {} ms", backend.id(),
                    backend.path(), model.model(), model.contextLength(), model.slots().size(), sha256,
                    (System.nanoTime() - start) / 1_000_000);
        } catch (IOException | RuntimeException e) {
            log.error("Model '{}' ({}) could not be loaded", backend.id(), backend.path(), e);
            backend.failed("the file could not be loaded: " + e.getMessage());
        }
    }

    private static Map<String, String> generalMetadata(Path path) throws IOException {
        Map<String, String> general = new LinkedHashMap<>();
        try (GgufFile file = GgufFile.open(path)) {
            for (String key : file.metadata().keys()) {
                if (key.startsWith("general.")) {
                    general.put(key, String.valueOf(file.metadata().get(key)));
                }
            }
        }
        return general;
    }

    static String sha256(Path path) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 20);
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            while (channel.read(buffer) >= 0) {
                buffer.flip();
                digest.update(buffer);
                buffer.clear();
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    @Override
    public void stop() {
        synchronized (lifecycle) {
            running = false;
        }
        if (loader != null) {
            loader.interrupt();
            try {
                loader.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (EmbeddedBackend backend : backends.values()) {
            backend.model().ifPresent(LoadedModel::close);
        }
        if (pool != null) {
            pool.close();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        // Stopped after the web server (which drains running requests first), so no generation loses its model.
        return SmartLifecycle.DEFAULT_PHASE - 4096;
    }
}
