package io.fraisier.core.model;

import java.util.Locale;

/** What started a deployment. Stored as {@link #dbValue()}. */
public enum Trigger {
    CLI,
    WEBHOOK,
    API,
    ROLLBACK;

    public String dbValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Trigger parse(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
