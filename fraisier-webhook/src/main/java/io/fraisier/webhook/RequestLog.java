package io.fraisier.webhook;

import org.jspecify.annotations.Nullable;

/**
 * What one request was about, gathered while it is handled and written as its one log line. Values a
 * sender controls (event name, delivery id) are cut short and stripped of control characters so that
 * a request cannot forge log lines. Used by one request thread only.
 */
final class RequestLog {
    private static final int MAX = 80;

    private String host = "-";
    private String event = "-";
    private String delivery = "-";
    private String outcome = "-";
    private String client = "-";

    void host(String value) {
        host = clean(value);
    }

    void event(@Nullable String value) {
        event = clean(value);
    }

    void delivery(@Nullable String value) {
        delivery = clean(value);
    }

    void outcome(String value) {
        outcome = clean(value);
    }

    void client(String value) {
        client = clean(value);
    }

    String host() {
        return host;
    }

    String outcome() {
        return outcome;
    }

    String line(int status, float millis) {
        return "webhook host=" + host + " event=" + event + " delivery=" + delivery + " outcome=" + outcome + " status="
                + status + " client=" + client + " ms=" + Math.round(millis);
    }

    private static String clean(@Nullable String value) {
        if (value == null || value.isBlank()) {
            return "-";
        }
        int length = Math.min(value.length(), MAX);
        StringBuilder cleaned = null;
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c) || Character.isWhitespace(c) || Character.isSpaceChar(c) || c == '"') {
                if (cleaned == null) {
                    cleaned = new StringBuilder(value.substring(0, length));
                }
                cleaned.setCharAt(i, '_');
            }
        }
        String kept = cleaned != null ? cleaned.toString() : value.substring(0, length);
        return value.length() > MAX ? kept + "…" : kept;
    }
}
