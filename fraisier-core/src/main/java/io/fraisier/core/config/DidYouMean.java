package io.fraisier.core.config;

import java.util.Collection;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** Suggests the known word closest to a misspelt one (optimal string alignment distance). */
public final class DidYouMean {
    private DidYouMean() {}

    /** {@code " (did you mean 'x'?)"} when a candidate is close enough, else the empty string. */
    public static String suffix(String word, Collection<String> candidates) {
        String best = closest(word, candidates);
        return best == null ? "" : " (did you mean '" + best + "'?)";
    }

    /** The closest candidate within a small distance (1 for short words, 2 from 5 characters, 3 from 12), or null. */
    public static @Nullable String closest(String word, Collection<String> candidates) {
        String w = word.toLowerCase(Locale.ROOT);
        int limit = w.length() < 5 ? 1 : w.length() < 12 ? 2 : 3;
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            // the distance is at least the difference in length: skip the matrix (a huge value is no typo)
            if (Math.abs(w.length() - candidate.length()) > limit) {
                continue;
            }
            int d = distance(w, candidate.toLowerCase(Locale.ROOT));
            if (d <= limit && d < bestDistance && !candidate.equals(word)) {
                best = candidate;
                bestDistance = d;
            }
        }
        return best;
    }

    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
