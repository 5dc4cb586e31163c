package io.fraisier.core.config;

import java.util.Locale;

/** Dotted key paths ({@code fraises.my_api.environments.prod.timeout}) and which of them hold secrets. */
public final class KeyPaths {
    private KeyPaths() {}

    public static String child(String parent, String key) {
        return parent.isEmpty() ? key : parent + "." + key;
    }

    public static String item(String parent, int index) {
        return parent + "[" + index + "]";
    }

    /**
     * Whether the value at {@code keyPath} is a secret: {@code database.url}, and any key named
     * {@code password} or ending in {@code _token}, {@code _secret}, {@code _secrets} or {@code password}
     * (which covers {@code database.password}, {@code api_token} and {@code git.*.webhook_secret(s)}).
     */
    public static boolean isSecret(String keyPath) {
        if (keyPath.equals("database.url")) {
            return true;
        }
        return isSecretKey(lastKey(keyPath));
    }

    /** Whether a key name alone marks a secret (see {@link #isSecret}). */
    public static boolean isSecretKey(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return k.endsWith("_token")
                || k.endsWith("_secret")
                || k.endsWith("_secrets")
                || k.endsWith("password")
                || k.equals("token")
                || k.equals("secret");
    }

    private static String lastKey(String keyPath) {
        String p = keyPath;
        while (p.endsWith("]") && p.lastIndexOf('[') > 0) {
            p = p.substring(0, p.lastIndexOf('['));
        }
        int dot = p.lastIndexOf('.');
        return dot < 0 ? p : p.substring(dot + 1);
    }
}
