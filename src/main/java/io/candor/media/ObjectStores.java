package io.candor.media;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.nio.file.Path;

/** Makes the configured {@link ObjectStore}: {@code CANDOR_PHOTOS_STORE=filesystem} (default) or {@code s3}. */
@ApplicationScoped
public class ObjectStores {

    private static final Logger LOG = Logger.getLogger(ObjectStores.class);

    @Produces
    @ApplicationScoped
    ObjectStore store(MediaConfig config, @ConfigProperty(name = "candor.data-dir", defaultValue = ".candor") String dataDir) {
        return switch (config.store()) {
            case "filesystem" -> {
                Path root = Path.of(config.directory().filter(d -> !d.isBlank()).orElse(dataDir + "/photos"));
                LOG.debugf("photos are stored under %s", root.toAbsolutePath());
                yield new FileObjectStore(root);
            }
            case "s3" -> new S3ObjectStore(MediaConfig.S3.of(config));
            default -> throw new IllegalStateException("CANDOR_PHOTOS_STORE must be filesystem or s3, not " + config.store());
        };
    }

    void close(@Disposes ObjectStore store) throws Exception {
        if (store instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }
}
