/**
 * Choosing the next token, in llama.cpp's order and with its formulas: a {@link
 * dev.weightgate.engine.sampling.SamplingParams} (validated, immutable) builds a {@link
 * dev.weightgate.engine.sampling.Sampler} (a {@link dev.weightgate.engine.sampling.SamplerChain} of {@link
 * dev.weightgate.engine.sampling.SamplingStep}s: logit bias, penalties, top-k, top-p, min-p, temperature, then a
 * seeded draw or the arg-max), shared between requests; each request keeps its random source, penalty history and
 * scratch buffers in a {@link dev.weightgate.engine.sampling.SamplingState}. {@link
 * dev.weightgate.engine.sampling.Logprobs} gives OpenAI's {@code logprobs} and {@code top_logprobs}.
 */
package dev.weightgate.engine.sampling;
