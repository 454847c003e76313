package dev.weightgate.engine.generate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class StopStringsTests {

    @Test
    void releasesTextThatCannotStartAStopString() {
        StopStrings stops = new StopStrings(List.of("END"));
        assertThat(stops.append("hello ")).isEqualTo("hello ");
        assertThat(stops.stopped()).isFalse();
    }

    @Test
    void holdsAPossibleBeginningUntilItIsDecided() {
        StopStrings stops = new StopStrings(List.of("END"));
        assertThat(stops.append("abc E")).isEqualTo("abc ");
        assertThat(stops.append("N")).isEmpty();
        assertThat(stops.append("x")).isEqualTo("ENx");
        assertThat(stops.stopped()).isFalse();
    }

    @Test
    void stopsAtAStringSplitAcrossPiecesAndDropsWhatFollows() {
        StopStrings stops = new StopStrings(List.of("END"));
        assertThat(stops.append("one E")).isEqualTo("one ");
        assertThat(stops.append("ND two")).isEmpty();
        assertThat(stops.stopped()).isTrue();
    }

    @Test
    void theEarliestOfSeveralStopsWins() {
        StopStrings stops = new StopStrings(List.of("zz", "b"));
        assertThat(stops.append("aabzz")).isEqualTo("aa");
        assertThat(stops.stopped()).isTrue();
    }

    @Test
    void flushReleasesWhatWasHeldWhenTheGenerationEndsOtherwise() {
        StopStrings stops = new StopStrings(List.of("</end>"));
        assertThat(stops.append("text </e")).isEqualTo("text ");
        assertThat(stops.flush()).isEqualTo("</e");
    }

    @Test
    void withoutStopStringsEverythingPassesAtOnce() {
        StopStrings stops = new StopStrings(List.of());
        assertThat(stops.append("anything")).isEqualTo("anything");
        assertThat(stops.flush()).isEmpty();
    }
}
