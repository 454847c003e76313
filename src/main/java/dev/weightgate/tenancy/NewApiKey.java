package dev.weightgate.tenancy;

/**
 * A key just created: the only moment the key itself exists outside its owner's hands.
 *
 * @param key the key, to hand to its owner now; it cannot be shown again
 * @param view what is stored about it
 */
public record NewApiKey(String key, ApiKeyView view) {

    @Override
    public String toString() {
        // Records print their fields; this one must never put the key in a log line.
        return "NewApiKey[view=" + view + "]";
    }
}
