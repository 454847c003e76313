package dev.weightgate.engine.generate;

import dev.weightgate.engine.sampling.Logprobs;

/**
 * One sampled token.
 *
 * @param id       its vocabulary id
 * @param bytes    the bytes it stands for (possibly part of a UTF-8 character), empty for control tokens
 * @param logprobs its log-probability and the alternatives, or {@code null} when not asked for
 */
public record GeneratedToken(int id, byte[] bytes, Logprobs.Result logprobs) {
}
