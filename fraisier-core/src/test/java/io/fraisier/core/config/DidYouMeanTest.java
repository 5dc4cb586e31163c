package io.fraisier.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DidYouMeanTest {
    private static final List<String> KEYS = List.of("timeout", "lock_timeout", "image", "health_check_url", "port");

    @Test
    void closeMisspellings_areMatched_includingSwappedLetters() {
        assertThat(DidYouMean.closest("timout", KEYS)).isEqualTo("timeout");
        assertThat(DidYouMean.closest("imgae", KEYS)).isEqualTo("image");
        assertThat(DidYouMean.closest("helth_chek_url", KEYS)).isEqualTo("health_check_url");
        assertThat(DidYouMean.closest("prot", KEYS)).isEqualTo("port");
    }

    @Test
    void distantWords_getNoSuggestion() {
        assertThat(DidYouMean.closest("kubernetes", KEYS)).isNull();
        assertThat(DidYouMean.suffix("xyz", KEYS)).isEmpty();
        assertThat(DidYouMean.suffix("imag", KEYS)).isEqualTo(" (did you mean 'image'?)");
    }
}
