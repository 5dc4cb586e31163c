package io.fraisier.providers.ssh;

/**
 * Who connects where: shown as {@code user@host:port} in every SSH message.
 *
 * @param user the remote account
 * @param host name or address
 * @param port TCP port (22 by default)
 */
public record SshEndpoint(String user, String host, int port) {
    @Override
    public String toString() {
        return user + "@" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    /** How {@code ssh-keyscan} and {@code known_hosts} name this host: {@code host}, or {@code [host]:port}. */
    public String knownHostsName() {
        return port == 22 ? host : "[" + host + "]:" + port;
    }
}
