package dev.weightgate.backend.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weightgate.backend.BackendProperties;
import dev.weightgate.backend.EngineProperties;
import dev.weightgate.backend.ModelVetting;
import dev.weightgate.engine.kernel.ComputePool;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

class EmbeddedModelsTests {

    @TempDir
    Path modelsDir;

    private EmbeddedModels demoModels() {
        EngineProperties engine = new EngineProperties(modelsDir, 1, 256, 1, 4, Duration.ofSeconds(5), true, null,
                Duration.ofMinutes(1));
        return new EmbeddedModels(engine, new BackendProperties(List.of()),
                new StaticListableBeanFactory().getBeanProvider(ModelVetting.class));
    }

    @Test
    void aModelLoadedWhileTheGatewayRunsGoesIntoService() throws Exception {
        EmbeddedModels models = demoModels();
        models.start();
        try {
            EmbeddedBackend backend = models.find(EmbeddedModels.DEMO_MODEL_ID).orElseThrow();
            assertThat(backend.awaitLoaded(Duration.ofSeconds(30))).isTrue();
            assertThat(backend.model()).isPresent();
        } finally {
            models.stop();
        }
    }

    @Test
    void aModelThatFinishesLoadingAfterShutdownBeganIsClosedAndNeverServed() throws Exception {
        // what the loader thread does when stop() gave up waiting for it: the load completes after stop()
        EmbeddedModels models = demoModels();
        models.stop();
        EmbeddedBackend backend = models.find(EmbeddedModels.DEMO_MODEL_ID).orElseThrow();
        try (ComputePool pool = ComputePool.singleThreaded()) {
            models.load(backend, pool);
        }
        assertThat(backend.awaitLoaded(Duration.ofSeconds(1))).isFalse();
        assertThat(backend.model()).isEmpty();
    }
}
