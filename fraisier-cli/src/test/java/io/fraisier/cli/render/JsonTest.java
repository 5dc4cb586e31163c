package io.fraisier.cli.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class JsonTest {
    /** What --output json printed before, with jackson-databind's INDENT_OUTPUT. */
    private static final ObjectMapper DATABIND = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private static Map<String, Object> document() {
        Map<String, Object> deployment = new LinkedHashMap<>();
        deployment.put("id", 42L);
        deployment.put("fraise", "api \"quoted\" \\ back\nslash é ✓ \u0001");
        deployment.put("status", "success");
        deployment.put("error_message", null);
        deployment.put("duration_seconds", 12.5);
        deployment.put("success_rate", 0.1 + 0.2);
        deployment.put("average", 1.0e-7);
        deployment.put("big", new BigDecimal("1234567890.000000001"));
        deployment.put("huge", new BigInteger("123456789012345678901234567890"));
        deployment.put("count", 3);
        deployment.put("ratio", 2.5f);
        deployment.put("small", (short) 7);
        deployment.put("byte", (byte) -1);
        deployment.put("processed", true);
        deployment.put("unit", TimeUnit.SECONDS);
        deployment.put("ids", List.of(1L, 2L, 3L));
        deployment.put("none", List.of());
        deployment.put("empty", Map.of());
        deployment.put("steps", Arrays.asList("fetch", null, "restart"));
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("deployments", new ArrayList<>(List.of(deployment, Map.of("id", 43))));
        doc.put("nested", List.of(List.of(Map.of("a", List.of(Map.of())))));
        doc.put("negative", -0.0);
        doc.put("nan", Double.NaN);
        return doc;
    }

    @Test
    void printsWhatDatabindPrintedByteForByte() throws Exception {
        Map<String, Object> doc = document();
        assertThat(Json.write(doc)).isEqualTo(DATABIND.writeValueAsString(doc));
    }

    @Test
    void scalarsAndEmptyDocumentsAlsoMatch() throws Exception {
        for (Object value : new Object[] {
            null, "text", 1, 2L, 3.25, true, List.of(), Map.of(), new String[] {"a", "b"}, TimeUnit.DAYS
        }) {
            assertThat(Json.write(value)).as(String.valueOf(value)).isEqualTo(DATABIND.writeValueAsString(value));
        }
    }

    @Test
    void printEndsWithANewlineAndFlushes() {
        StringWriter text = new StringWriter();
        Json.print(new PrintWriter(text), Map.of("error", Map.of("code", "FRAISIER-E001")));
        assertThat(text.toString())
                .isEqualTo("{" + System.lineSeparator() + "  \"error\" : {" + System.lineSeparator()
                        + "    \"code\" : \"FRAISIER-E001\"" + System.lineSeparator() + "  }"
                        + System.lineSeparator() + "}" + System.lineSeparator());
    }
}
