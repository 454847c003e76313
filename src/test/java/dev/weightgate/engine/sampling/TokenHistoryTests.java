package dev.weightgate.engine.sampling;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TokenHistoryTests {

    @Test
    void countsMatchARecountOfTheWindowAfterManyTokens() {
        SplittableRandom random = new SplittableRandom(5);
        for (int window : new int[] {1, 3, 64, 200}) {
            TokenHistory history = new TokenHistory(window);
            ArrayDeque<Integer> reference = new ArrayDeque<>();
            for (int step = 0; step < 3_000; step++) {
                // Few distinct ids, so tokens leave and re-enter the table and probe runs collide.
                int token = random.nextInt(step % 500 < 250 ? 40 : 400);
                history.accept(token);
                reference.addLast(token);
                if (reference.size() > window) {
                    reference.removeFirst();
                }
                if (step % 97 == 0) {
                    assertThat(counts(history)).isEqualTo(recount(reference));
                }
            }
            assertThat(counts(history)).isEqualTo(recount(reference));
        }
    }

    @Test
    void windowZeroKeepsNothingAndMinusOneKeepsEverything() {
        TokenHistory none = new TokenHistory(0);
        none.acceptAll(new int[] {1, 1, 2});
        assertThat(none.distinctTokens()).isZero();

        TokenHistory all = new TokenHistory(-1);
        for (int i = 0; i < 10_000; i++) {
            all.accept(i % 1_000);
        }
        assertThat(all.distinctTokens()).isEqualTo(1_000);
        assertThat(all.count(999)).isEqualTo(10);
    }

    private static Map<Integer, Integer> counts(TokenHistory history) {
        Map<Integer, Integer> counts = new HashMap<>();
        history.forEach(counts::put);
        assertThat(counts).hasSize(history.distinctTokens());
        counts.forEach((token, count) -> assertThat(history.count(token)).isEqualTo(count));
        return counts;
    }

    private static Map<Integer, Integer> recount(Iterable<Integer> tokens) {
        Map<Integer, Integer> counts = new HashMap<>();
        tokens.forEach(t -> counts.merge(t, 1, Integer::sum));
        return counts;
    }
}
