package dev.weightgate.backend;

/**
 * Whether a backend answered a health probe.
 *
 * @param up true when it answered
 * @param target what was probed, e.g. the upstream's base URL
 * @param problem why it is down; {@code null} when up
 */
public record Reachability(boolean up, String target, String problem) {

    public static Reachability up(String target) {
        return new Reachability(true, target, null);
    }

    public static Reachability down(String target, String problem) {
        return new Reachability(false, target, problem);
    }
}
