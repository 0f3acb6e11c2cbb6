package io.candor.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * The chart in helm/candor rendered by the Helm library (helm-java, no helm binary) and read back the
 * way Kubernetes would read it, hooks included.
 */
final class ChartRendering {

    static final Path CHART = Path.of("helm", "candor");
    static final String KUBE_VERSION = "1.30.0";
    static final String NAMESPACE = "reviews";
    static final YAMLMapper YAML = new YAMLMapper();
    private static final Map<String, String> HOOK_TEMPLATES = Map.of(
            "migration-job", "/migration-job.yaml",
            "migration-secret", "/migration-secret.yaml",
            "test-connection", "/tests/test-connection.yaml");

    private final Path work;
    private final Path renderable;

    /**
     * helm-java's template answers the release manifest without its hooks (the migration Job, its
     * Secret, the test pod). Rendering goes through a copy of the chart with one more ConfigMap that
     * holds those templates rendered with the same values, and {@link #parse} takes them back out.
     */
    ChartRendering(Path work) {
        this.work = work;
        this.renderable = copyChart("renderable");
        StringBuilder probe = new StringBuilder("""
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: hook-probe
                data:
                """);
        HOOK_TEMPLATES.forEach((key, template) -> probe.append("  ").append(key)
                .append(": {{ include (print $.Template.BasePath \"").append(template).append("\") . | quote }}\n"));
        try {
            Files.writeString(renderable.resolve("templates/zz-hook-probe.yaml"), probe.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The chart copy with the hook probe, for commands other than template. */
    Path renderable() {
        return renderable;
    }

    static Path scenarioFile(String scenario) {
        return CHART.resolve("ci").resolve(scenario + "-values.yaml");
    }

    Rendered render(String release, String scenario, Map<String, Object> sets) {
        return parse(template(release, scenario == null ? null : scenarioFile(scenario), sets));
    }

    String template(String release, Path valuesFile, Map<String, Object> sets) {
        TemplateCommand command = new Helm(renderable).template().withName(release).withNamespace(NAMESPACE).withKubeVersion(KUBE_VERSION);
        if (valuesFile != null) {
            command.withValuesFile(valuesFile.toAbsolutePath());
        }
        sets.forEach(command::set);
        return command.call();
    }

    /** A fresh copy of the chart under the work directory. */
    Path copyChart(String name) {
        Path target = work.resolve(name).resolve("candor");
        try (Stream<Path> files = Files.walk(CHART)) {
            for (Path source : files.sorted(Comparator.naturalOrder()).toList()) {
                Path destination = target.resolve(CHART.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(destination);
                } else {
                    Files.copy(source, destination);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return target;
    }

    static Rendered parse(String output) {
        List<JsonNode> manifests = new ArrayList<>();
        Map<String, JsonNode> hooks = new HashMap<>();
        for (JsonNode document : documents(output)) {
            if ("hook-probe".equals(document.at("/metadata/name").asText())) {
                document.path("data").fields().forEachRemaining(entry -> {
                    List<JsonNode> inner = documents(entry.getValue().asText());
                    if (!inner.isEmpty()) {
                        hooks.put(entry.getKey(), inner.get(0));
                    }
                });
            } else {
                manifests.add(document);
            }
        }
        return new Rendered(manifests, hooks);
    }

    private static List<JsonNode> documents(String yaml) {
        List<JsonNode> documents = new ArrayList<>();
        try (var iterator = YAML.readerFor(JsonNode.class).<JsonNode>readValues(yaml)) {
            while (iterator.hasNext()) {
                JsonNode document = iterator.next();
                if (document != null && document.isObject()) {
                    documents.add(document);
                }
            }
        } catch (IOException e) {
            throw new AssertionError("rendered output is not YAML: " + e.getMessage() + "\n" + yaml, e);
        }
        return documents;
    }

    /** What one `helm template` produced: the release's objects, plus the hook objects taken out of the probe. */
    record Rendered(List<JsonNode> manifests, Map<String, JsonNode> hooks) {

        /** Every object, hooks included. */
        List<JsonNode> all() {
            List<JsonNode> all = new ArrayList<>(manifests);
            all.addAll(hooks.values());
            return all;
        }

        List<JsonNode> ofKind(String kind) {
            return all().stream().filter(m -> kind.equals(m.path("kind").asText())).toList();
        }

        /** The release's only object of this kind (hooks aside). */
        JsonNode one(String kind) {
            List<JsonNode> found = manifests.stream().filter(m -> kind.equals(m.path("kind").asText())).toList();
            assertEquals(1, found.size(), "objects of kind " + kind);
            return found.get(0);
        }

        /** A hook object by its probe key, or null when the template rendered nothing. */
        JsonNode hook(String key) {
            return hooks.get(key);
        }

        JsonNode deployment() {
            return one("Deployment");
        }

        JsonNode server() {
            return deployment().at("/spec/template/spec/containers/0");
        }

        JsonNode job() {
            JsonNode job = hook("migration-job");
            assertNotNull(job, "the migration Job");
            assertEquals("Job", job.path("kind").asText());
            return job;
        }

        JsonNode migrate() {
            return job().at("/spec/template/spec/containers/0");
        }

        List<JsonNode> podSpecs() {
            return List.of(deployment().at("/spec/template/spec"), job().at("/spec/template/spec"),
                    hook("test-connection").path("spec"));
        }

        /** The container's plain settings as Candor sees them: the ConfigMap it loads, then its own values on top. */
        Map<String, String> settings(JsonNode container) {
            Map<String, String> settings = new LinkedHashMap<>();
            for (JsonNode source : container.path("envFrom")) {
                String configMap = source.at("/configMapRef/name").asText();
                JsonNode data = ofKind("ConfigMap").stream()
                        .filter(m -> configMap.equals(m.at("/metadata/name").asText())).findFirst().orElseThrow().path("data");
                data.fields().forEachRemaining(e -> settings.put(e.getKey(), e.getValue().asText()));
            }
            for (JsonNode variable : container.path("env")) {
                if (variable.has("value")) {
                    settings.put(variable.path("name").asText(), variable.path("value").asText());
                }
            }
            return settings;
        }

        /**
         * The container's whole environment, as the kubelet would give it: {@link #settings} plus every
         * secretKeyRef read from the Secrets this release renders. An optional key that no Secret holds is
         * left out, as Kubernetes leaves it out.
         */
        Map<String, String> environment(JsonNode container) {
            Map<String, String> environment = settings(container);
            for (JsonNode variable : container.path("env")) {
                JsonNode ref = variable.at("/valueFrom/secretKeyRef");
                if (ref.isMissingNode()) {
                    continue;
                }
                String name = ref.path("name").asText();
                String key = ref.path("key").asText();
                JsonNode secret = ofKind("Secret").stream().filter(s -> name.equals(s.at("/metadata/name").asText())).findFirst()
                        .orElseThrow(() -> new AssertionError("no rendered Secret " + name + " for " + variable.path("name").asText()));
                JsonNode value = secret.path("data").path(key);
                if (value.isMissingNode()) {
                    if (ref.path("optional").asBoolean(false)) {
                        continue;
                    }
                    throw new AssertionError("Secret " + name + " has no key " + key);
                }
                environment.put(variable.path("name").asText(),
                        new String(Base64.getDecoder().decode(value.asText()), StandardCharsets.UTF_8));
            }
            return environment;
        }

        /** Every variable name the container is given, whatever its source. */
        List<String> variableNames(JsonNode container) {
            List<String> names = new ArrayList<>(settings(container).keySet());
            container.path("env").forEach(v -> {
                if (!names.contains(v.path("name").asText())) {
                    names.add(v.path("name").asText());
                }
            });
            return names;
        }
    }

    static JsonNode envVar(JsonNode container, String name) {
        for (JsonNode variable : container.path("env")) {
            if (name.equals(variable.path("name").asText())) {
                return variable;
            }
        }
        return null;
    }
}
