package dev.groundwork.runtime.generation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class StopStringsTest {

    @Test
    void holdsBackWhatCouldStartAStopStringAndCutsBeforeIt() {
        StopStrings stops = new StopStrings(List.of("\nUser:"));
        StringBuilder released = new StringBuilder();
        assertThat(stops.add("The answer is 42.")).isFalse();
        released.append(stops.releasable(false));
        assertThat(released).hasToString("The answer is 42.");
        assertThat(stops.add("\nUs")).isFalse();
        released.append(stops.releasable(false));
        assertThat(released).hasToString("The answer is 42."); // "\nUs" may begin the stop string
        assertThat(stops.add("er: next")).isTrue();
        released.append(stops.releasable(true));
        assertThat(released).hasToString("The answer is 42.");
        assertThat(stops.text()).isEqualTo("The answer is 42.");
    }

    @Test
    void releasesHeldTextWhenItTurnsOutNotToBeAStop() {
        StopStrings stops = new StopStrings(List.of("###"));
        stops.add("a #");
        assertThat(stops.releasable(false)).isEqualTo("a ");
        stops.add("# b");
        assertThat(stops.releasable(false)).isEqualTo("## b");
        assertThat(stops.releasable(true)).isEmpty();
    }

    @Test
    void withoutStopStringsEverythingIsReleased() {
        StopStrings stops = new StopStrings(List.of());
        assertThat(stops.add("text")).isFalse();
        assertThat(stops.releasable(false)).isEqualTo("text");
    }
}
