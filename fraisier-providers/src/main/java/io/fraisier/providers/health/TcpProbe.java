package io.fraisier.providers.health;

import io.fraisier.core.model.ProbeResult;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;

/**
 * Healthy when a TCP connection to {@code host:port} opens within the timeout.
 *
 * <p>Thread-safe (stateless).
 */
public final class TcpProbe {
    public ProbeResult probe(HostPort address, Duration timeout) {
        long start = System.nanoTime();
        InetSocketAddress socketAddress = new InetSocketAddress(address.host(), address.port());
        if (socketAddress.isUnresolved()) {
            return ProbeResult.unhealthy("tcp " + address + ": unknown host", since(start));
        }
        try (Socket socket = new Socket()) {
            socket.connect(socketAddress, (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis())));
            return ProbeResult.healthy("tcp " + address + " open", since(start));
        } catch (SocketTimeoutException e) {
            return ProbeResult.unhealthy(
                    "tcp " + address + ": timed out after " + Durations.human(timeout), since(start));
        } catch (ConnectException e) {
            return ProbeResult.unhealthy("tcp " + address + ": connection refused", since(start));
        } catch (IOException e) {
            return ProbeResult.unhealthy("tcp " + address + ": " + e.getMessage(), since(start));
        }
    }

    static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }
}
