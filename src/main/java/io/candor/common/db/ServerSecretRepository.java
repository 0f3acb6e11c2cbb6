package io.candor.common.db;

import io.candor.common.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/** The server_secret table: secrets the whole deployment shares, each created once by whichever instance gets there first. */
@ApplicationScoped
public class ServerSecretRepository {

    private final Jdbc jdbc;

    public ServerSecretRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** The secret stored under {@code name}; {@code candidate} becomes it if none is stored yet. */
    public byte[] getOrCreate(String name, byte[] candidate) {
        jdbc.update("INSERT INTO server_secret (name, secret) VALUES (?, ?) ON CONFLICT (name) DO NOTHING", List.of(name, candidate));
        return jdbc.query("SELECT secret FROM server_secret WHERE name = ?", List.of(name), rs -> rs.getBytes(1)).get(0);
    }
}
