package io.fnpulse.runtime.trigger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fnpulse.service.text.Digest;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class WorkAheadTest {

    @Test
    void eachResultIsItsWorksWhoeverMakesIt() {
        List<String> texts = new ArrayList<>();
        List<Supplier<String>> digests = new ArrayList<>();
        try (WorkAhead ahead = new WorkAhead()) {
            for (int i = 0; i < 2_000; i++) {
                String text = "{\"n\":" + i + ",\"pad\":\"" + "x".repeat(i % 300) + "\"}";
                texts.add(text);
                digests.add(ahead.start(() -> Digest.ofText(text)));
            }
            for (int i = 0; i < texts.size(); i++) {
                assertThat(digests.get(i).get()).as("entry %d", i).isEqualTo(Digest.ofText(texts.get(i)));
            }
        }
    }

    @Test
    void onceClosedTheResultIsMadeWhenAskedFor() {
        WorkAhead ahead = new WorkAhead();
        ahead.close();

        assertThat(ahead.start(() -> Digest.ofText("{\"late\":true}")).get())
                .isEqualTo(Digest.ofText("{\"late\":true}"));
    }

    @Test
    void anInterruptedAskerStillGetsTheResultAndKeepsItsInterrupt() {
        try (WorkAhead ahead = new WorkAhead()) {
            Supplier<String> digest = ahead.start(() -> Digest.ofText("{\"a\":1}"));
            Thread.currentThread().interrupt();
            try {
                assertThat(digest.get()).isEqualTo(Digest.ofText("{\"a\":1}"));
                assertThat(Thread.currentThread().isInterrupted()).isTrue();
            } finally {
                Thread.interrupted();
            }
        }
    }

    @Test
    void whatTheWorkThrowsReachesTheAskerAsItWas() {
        try (WorkAhead ahead = new WorkAhead()) {
            IllegalArgumentException thrown = new IllegalArgumentException("bad entry");
            Supplier<String> failing = ahead.start(() -> {
                throw thrown;
            });

            assertThatThrownBy(failing::get).isSameAs(thrown);
        }
    }
}
