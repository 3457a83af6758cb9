package io.fnpulse.runtime.trigger;

import static org.assertj.core.api.Assertions.assertThat;

import io.fnpulse.service.text.Digest;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class DigestsAheadTest {

    @Test
    void eachDigestIsTheTextsWhoeverMakesIt() {
        List<String> texts = new ArrayList<>();
        List<Supplier<String>> digests = new ArrayList<>();
        try (DigestsAhead ahead = new DigestsAhead()) {
            for (int i = 0; i < 2_000; i++) {
                String text = "{\"n\":" + i + ",\"pad\":\"" + "x".repeat(i % 300) + "\"}";
                texts.add(text);
                digests.add(ahead.of(text));
            }
            for (int i = 0; i < texts.size(); i++) {
                assertThat(digests.get(i).get()).as("entry %d", i).isEqualTo(Digest.ofText(texts.get(i)));
            }
        }
    }

    @Test
    void onceClosedTheDigestIsMadeWhenAskedFor() {
        DigestsAhead ahead = new DigestsAhead();
        ahead.close();

        assertThat(ahead.of("{\"late\":true}").get()).isEqualTo(Digest.ofText("{\"late\":true}"));
    }

    @Test
    void anInterruptedAskerStillGetsTheDigestAndKeepsItsInterrupt() {
        try (DigestsAhead ahead = new DigestsAhead()) {
            Supplier<String> digest = ahead.of("{\"a\":1}");
            Thread.currentThread().interrupt();
            try {
                assertThat(digest.get()).isEqualTo(Digest.ofText("{\"a\":1}"));
                assertThat(Thread.currentThread().isInterrupted()).isTrue();
            } finally {
                Thread.interrupted();
            }
        }
    }
}
