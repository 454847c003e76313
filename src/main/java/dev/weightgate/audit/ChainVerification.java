package dev.weightgate.audit;

import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * The result of recomputing part of the chain.
 *
 * @param fromSeq first record checked
 * @param toSeq last record checked
 * @param recordsChecked how many records were recomputed
 * @param checkpointsChecked how many signed checkpoints in the range were checked
 * @param intact true when every link and checkpoint held
 * @param brokenAtSeq the first record whose link failed; {@code null} when intact
 * @param problem what was wrong there
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ChainVerification(long fromSeq, long toSeq, long recordsChecked, long checkpointsChecked, boolean intact,
                                Long brokenAtSeq, String problem) {
}
