import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The quickstart's demo service: answers GET / with its version and GET /health with 200, or with 500
 * when the checkout holds a file named BROKEN (the quickstart's v3). Run as {@code java Service.java PORT}.
 */
public class Service {
    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(args[0]);
        String version = Files.readString(Path.of("VERSION")).trim();
        boolean broken = Files.exists(Path.of("BROKEN"));
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/health", exchange -> {
            byte[] body = (broken ? "broken\n" : "ok\n").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(broken ? 500 : 200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.createContext("/", exchange -> {
            byte[] body = ("demo service " + version + "\n").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }
}
