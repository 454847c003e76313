package dev.weightgate.policy.bench;

import dev.weightgate.policy.Decision;
import dev.weightgate.policy.PolicyFixtures;
import dev.weightgate.policy.PolicyRequest;
import dev.weightgate.policy.internal.PolicyEngine;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * What deciding costs with the shipped catalog and 50 organisation rules: {@code cached} is the steady state (a
 * tenant, model and purpose seen before at this policy version), {@code uncached} works every decision out afresh
 * (the first request after any change). Sample-time mode reports percentiles, p0.99 included.
 *
 * <pre>
 * ./mvnw -q test-compile
 * ./mvnw -q dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
 * java -cp target/test-classes:target/classes:$(cat target/test-classpath.txt) dev.weightgate.policy.bench.PolicyBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.SampleTime, Mode.AverageTime})
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class PolicyBenchmark {

    private PolicyEngine engine;
    private PolicyRequest[] requests;
    private int next;

    @Setup
    public void setUp() {
        PolicyFixtures.Tenant eu = PolicyFixtures.tenant().in("DE").accepted("llama-3.1-community", "llama-4-community",
                "gemma-terms-of-use", "deepseek-license-1.0");
        PolicyFixtures.Tenant us = PolicyFixtures.tenant().users(800_000_000L).accepted("llama-3.1-community");
        PolicyFixtures.Tenant research = PolicyFixtures.tenant().nonCommercial().purposes("research");
        engine = PolicyFixtures.engine(PolicyFixtures.settings(), PolicyFixtures.fiftyRules(eu.id()), eu, us, research);
        String[] models = {"meta-llama/Llama-3.1-8B-Instruct", "llama-4-scout-17b-16e-instruct", "gemma-3-27b-it",
                "gpt-oss-20b", "Qwen/Qwen2.5-3B-Instruct", "deepseek-v3", "mistral-large-instruct-2411", "acme-finetune"};
        String[] purposes = {null, "customer-support", "medical-advice", "model-training"};
        PolicyFixtures.Tenant[] tenants = {eu, us, research};
        requests = new PolicyRequest[models.length * purposes.length * tenants.length];
        int i = 0;
        for (PolicyFixtures.Tenant tenant : tenants) {
            for (String model : models) {
                for (String purpose : purposes) {
                    requests[i++] = new PolicyRequest(tenant.id(), model, purpose);
                }
            }
        }
    }

    @Benchmark
    public Decision cached() {
        PolicyRequest request = requests[next++ % requests.length];
        return engine.decide(request);
    }

    @Benchmark
    public Decision uncached() {
        PolicyRequest request = requests[next++ % requests.length];
        return engine.evaluate(request);
    }

    public static void main(String[] args) throws RunnerException {
        new Runner(new OptionsBuilder().include(PolicyBenchmark.class.getName()).build()).run();
    }
}
