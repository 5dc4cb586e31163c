package io.fraisier.webhook;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A successful answer: its status and JSON body.
 *
 * @param status 200 or 202
 * @param body fields of the JSON object, in order
 */
record Reply(int status, Map<String, Object> body) {
    Reply {
        body = Collections.unmodifiableMap(new LinkedHashMap<>(body));
    }
}
