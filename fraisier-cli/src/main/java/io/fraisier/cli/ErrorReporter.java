package io.fraisier.cli;

import io.fraisier.cli.render.Json;
import io.fraisier.core.error.ErrorCode;
import io.fraisier.core.error.FraisierException;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The one place where failures become output and exit codes.
 *
 * <ul>
 *   <li>{@link FraisierException}: {@code error: <message>} and {@code hint: <hint>} on stderr, exit
 *       {@code code.exitCode()};
 *   <li>a usage error: one line and {@code Try 'fraisier <cmd> --help'.}, exit 2;
 *   <li>anything else: {@code error: internal error: <message>}, exit 1, the stack trace only with -v.
 * </ul>
 *
 * With {@code --output json} the same error is one JSON document on stdout,
 * {@code {"error": {"code", "message", "hint"}}}, so a script reads one stream whatever happens; the
 * exit codes are the same.
 */
final class ErrorReporter implements IExecutionExceptionHandler, IParameterExceptionHandler {
    private final FraisierCommand root;

    ErrorReporter(FraisierCommand root) {
        this.root = root;
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine commandLine, ParseResult parseResult) {
        PrintWriter err = commandLine.getErr();
        if (ex instanceof FraisierException fe) {
            report(commandLine, fe.code().id(), fe.getMessage(), fe.hint());
            if (root.verbosity() > 0 && fe.getCause() != null) {
                fe.getCause().printStackTrace(err);
            }
            return fe.code().exitCode();
        }
        if (ex instanceof InterruptedException) {
            report(commandLine, ErrorCode.INTERRUPTED.id(), "interrupted", null);
            return ErrorCode.INTERRUPTED.exitCode();
        }
        String detail = ex.getMessage() == null ? ex.getClass().getName() : ex.getMessage();
        report(
                commandLine,
                ErrorCode.INTERNAL.id(),
                "internal error: " + detail,
                root.verbosity() > 0 ? null : "Run again with -v to see the stack trace, and report it.");
        if (root.verbosity() > 0) {
            ex.printStackTrace(err);
        }
        err.flush();
        return ErrorCode.INTERNAL.exitCode();
    }

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine commandLine = ex.getCommandLine();
        String message = firstLine(ex.getMessage());
        if (ex instanceof UnmatchedArgumentException unmatched) {
            List<String> suggestions = closest(unmatched.getUnmatched(), unmatched.getSuggestions());
            if (!suggestions.isEmpty()) {
                message += " (did you mean " + String.join(" or ", suggestions) + "?)";
            }
        }
        String hint = "Try '" + commandLine.getCommandSpec().qualifiedName() + " --help'.";
        if (root.json()) {
            printJson(commandLine, ErrorCode.USAGE.id(), message, hint);
        } else {
            PrintWriter err = commandLine.getErr();
            err.println("error: " + message);
            err.println(hint);
            err.flush();
        }
        return ErrorCode.USAGE.exitCode();
    }

    private void report(CommandLine commandLine, String code, String rawMessage, @Nullable String rawHint) {
        // also scrubbed here, whatever writer a caller installed: an error may quote a command's output
        String message = root.scrubber().scrub(rawMessage);
        String hint = root.scrubber().scrub(rawHint);
        if (root.json()) {
            printJson(commandLine, code, message, hint);
            return;
        }
        PrintWriter err = commandLine.getErr();
        err.println("error: " + message);
        if (hint != null && !hint.isBlank()) {
            err.println("hint: " + hint);
        }
        err.flush();
    }

    private static void printJson(CommandLine commandLine, String code, String message, @Nullable String hint) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code);
        error.put("message", message);
        error.put("hint", hint);
        Json.print(commandLine.getOut(), Map.of("error", error));
    }

    // picocli's suggestions, nearest first (its own order put 'help' before 'deploy' for 'delpoy')
    static List<String> closest(List<String> unmatched, List<String> suggestions) {
        if (unmatched.isEmpty() || suggestions.size() < 2) {
            return suggestions;
        }
        String typed = unmatched.getFirst();
        int best = suggestions.stream().mapToInt(s -> distance(typed, s)).min().orElse(0);
        return suggestions.stream().filter(s -> distance(typed, s) == best).toList();
    }

    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    private static String firstLine(@Nullable String message) {
        if (message == null) {
            return "invalid command line";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
