package io.fraisier.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RequestLogTest {

    @Test
    void line_namesEveryPart_andDashesWhatIsUnknown() {
        RequestLog log = new RequestLog();
        log.host("github");
        log.client("203.0.113.7");
        log.outcome("deployed");

        assertThat(log.line(202, 3.4f))
                .isEqualTo(
                        "webhook host=github event=- delivery=- outcome=deployed status=202 client=203.0.113.7 ms=3");
    }

    @Test
    void senderValues_cannotForgeALogLine_orAField() {
        RequestLog log = new RequestLog();
        log.event("push\n2026-01-01 INFO forged line");
        log.delivery("id outcome=\"deployed\"\ttab\u2028sep");

        String line = log.line(200, 1f);

        assertThat(line).doesNotContain("\n", "\t", "\"", "\u2028");
        assertThat(line).contains("event=push_2026-01-01_INFO_forged_line ");
        assertThat(line).contains("delivery=id_outcome=_deployed__tab_sep ");
    }

    @Test
    void longValues_areCutAt80Characters_andMarked() {
        RequestLog log = new RequestLog();
        log.delivery("d".repeat(200));

        assertThat(log.line(200, 1f)).contains("delivery=" + "d".repeat(80) + "… ");
    }

    @Test
    void blankOrMissingValues_areADash() {
        RequestLog log = new RequestLog();
        log.event(null);
        log.delivery("  ");

        assertThat(log.line(400, 0f)).startsWith("webhook host=- event=- delivery=- ");
    }
}
