package dev.weightgate.engine.sampling;

import java.util.ArrayList;
import java.util.List;

/**
 * Stages applied in order to a copy of the logits, then a pick: the arg-max when greedy, otherwise a draw from the
 * softmax of what is left with the request's seeded random source ({@code llama_sampler_dist}).
 *
 * <p>{@link #from} builds llama.cpp's order ({@code common/sampling.cpp}): logit bias, penalties, top-k, top-p,
 * min-p, temperature, pick, leaving out stages at their neutral values. With temperature 0 the filters are skipped:
 * none of them can remove the arg-max, so the result is the same.
 *
 * <p>Cost per token, V the vocabulary size: O(V) to copy the logits and for min-p and the draw, O(V log k) for top-k;
 * top-p needs O(V) plus a selection of the 256 best (more only for very flat distributions). Nothing sorts V.
 */
public final class SamplerChain implements Sampler {

    private final List<SamplingStep> steps;
    private final boolean greedy;

    /**
     * @param steps  applied in order
     * @param greedy pick the arg-max of what is left instead of drawing
     */
    public SamplerChain(List<SamplingStep> steps, boolean greedy) {
        this.steps = List.copyOf(steps);
        this.greedy = greedy;
    }

    /** llama.cpp's chain for these parameters. */
    public static SamplerChain from(SamplingParams params) {
        List<SamplingStep> steps = new ArrayList<>();
        if (!params.logitBias().isEmpty()) {
            steps.add(new SamplingStep.LogitBias(params.logitBias()));
        }
        boolean penalize = params.repetitionPenalty() != 1f || params.frequencyPenalty() != 0f
                || params.presencePenalty() != 0f;
        if (params.penaltyLastN() != 0 && penalize) {
            steps.add(new SamplingStep.Penalties(params.repetitionPenalty(), params.frequencyPenalty(),
                    params.presencePenalty()));
        }
        if (params.greedy()) {
            return new SamplerChain(steps, true);
        }
        if (params.topK() > 0) {
            steps.add(new SamplingStep.TopK(params.topK()));
        }
        if (params.topP() < 1f) {
            steps.add(new SamplingStep.TopP(params.topP()));
        }
        if (params.minP() > 0f) {
            steps.add(new SamplingStep.MinP(params.minP()));
        }
        steps.add(new SamplingStep.Temperature(params.temperature()));
        return new SamplerChain(steps, false);
    }

    public List<SamplingStep> steps() {
        return steps;
    }

    public boolean greedy() {
        return greedy;
    }

    @Override
    public int sample(float[] logits, SamplingState state) {
        Candidates candidates = state.candidates;
        candidates.reset(logits);
        for (SamplingStep step : steps) {
            step.apply(candidates, state);
        }
        return greedy ? candidates.argmax() : draw(candidates, state);
    }

    /**
     * A draw from the softmax of the candidates: one uniform number, one cumulative scan. The working logits are
     * overwritten with the unnormalised probabilities, which spares a second exponential per candidate.
     */
    private static int draw(Candidates candidates, SamplingState state) {
        int size = candidates.size();
        if (size == 1) {
            return candidates.id(0);
        }
        float max = candidates.maxLogit();
        float[] work = candidates.logits;
        int[] ids = candidates.ids;
        double sum = 0;
        for (int i = 0; i < size; i++) {
            float p = (float) Math.exp(work[ids[i]] - max);
            work[ids[i]] = p;
            sum += p;
        }
        if (!(sum > 0) || Double.isInfinite(sum)) {
            throw new IllegalStateException("cannot sample: the logits are not finite numbers (max " + max + ")");
        }
        double target = state.nextUniform() * sum;
        double running = 0;
        for (int i = 0; i < size; i++) {
            running += work[ids[i]];
            if (running > target) {
                return ids[i];
            }
        }
        return ids[size - 1];
    }
}
