package io.candor.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.InstallCommand;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import io.candor.deploy.ChartRendering.Rendered;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static io.candor.deploy.ChartRendering.CHART;
import static io.candor.deploy.ChartRendering.KUBE_VERSION;
import static io.candor.deploy.ChartRendering.NAMESPACE;
import static io.candor.deploy.ChartRendering.YAML;
import static io.candor.deploy.ChartRendering.envVar;
import static io.candor.deploy.ChartRendering.scenarioFile;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The chart in helm/candor, linted and rendered by the Helm library (helm-java, no helm binary) and read
 * back the way Kubernetes would read it, for the defaults and each scenario in helm/candor/ci.
 */
class HelmChartTest {

    private static final List<String> SCENARIOS = List.of("minimal", "production", "existing-secrets");

    @TempDir
    static Path work;
    private static ChartRendering chart;

    @BeforeAll
    static void copyChartWithHookProbe() {
        chart = new ChartRendering(work);
    }

    // --- lint ---------------------------------------------------------------------------------

    @Test
    void lintPassesWithTheDefaults() {
        assertLintClean(new Helm(CHART).lint().strict().call());
    }

    @ParameterizedTest
    @MethodSource("scenarios")
    void lintPassesWithEachScenario(String scenario) throws IOException {
        assertLintClean(new Helm(chartWithValuesMerged(scenario, scenarioValues(scenario))).lint().strict().call());
    }

    // --- what every scenario must hold ----------------------------------------------------------

    @ParameterizedTest
    @MethodSource("scenarios")
    void everyContainerHasResourcesAndRunsLockedDown(String scenario) {
        Rendered rendered = render("candor", scenario, Map.of());

        List<JsonNode> podSpecs = rendered.podSpecs();
        assertEquals(3, podSpecs.size(), "Deployment, migration Job and test pod");
        for (JsonNode pod : podSpecs) {
            assertTrue(pod.at("/securityContext/runAsNonRoot").asBoolean(), "pod runAsNonRoot");
            assertEquals(185, pod.at("/securityContext/runAsUser").asInt());
            assertEquals("RuntimeDefault", pod.at("/securityContext/seccompProfile/type").asText());
            assertFalse(pod.at("/automountServiceAccountToken").asBoolean(true), "no API token in the pod");
            List<JsonNode> containers = new ArrayList<>();
            pod.path("initContainers").forEach(containers::add);
            pod.path("containers").forEach(containers::add);
            assertFalse(containers.isEmpty());
            for (JsonNode c : containers) {
                String name = c.path("name").asText();
                for (String quantity : List.of("/resources/requests/cpu", "/resources/requests/memory",
                        "/resources/limits/cpu", "/resources/limits/memory")) {
                    assertFalse(c.at(quantity).asText().isBlank(), name + " " + quantity);
                }
                assertTrue(c.at("/securityContext/runAsNonRoot").asBoolean(), name + " runAsNonRoot");
                assertTrue(c.at("/securityContext/readOnlyRootFilesystem").asBoolean(), name + " readOnlyRootFilesystem");
                assertFalse(c.at("/securityContext/allowPrivilegeEscalation").asBoolean(true), name + " allowPrivilegeEscalation");
                assertTrue(texts(c.at("/securityContext/capabilities/drop")).contains("ALL"), name + " drops ALL");
                assertTrue(Set.of("IfNotPresent", "Never").contains(c.path("imagePullPolicy").asText()), name + " pull policy");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("scenarios")
    void theServerProbesItsHealthEndpointsAndHasAWritableTmp(String scenario) {
        Rendered rendered = render("candor", scenario, Map.of());
        JsonNode pod = rendered.deployment().at("/spec/template/spec");
        JsonNode server = pod.at("/containers/0");

        assertEquals("http", server.at("/ports/0/name").asText());
        assertEquals(8080, server.at("/ports/0/containerPort").asInt());
        assertEquals("management", server.at("/ports/1/name").asText());
        assertEquals(9000, server.at("/ports/1/containerPort").asInt());
        assertEquals("/q/health/live", server.at("/livenessProbe/httpGet/path").asText());
        assertEquals("/q/health/ready", server.at("/readinessProbe/httpGet/path").asText());
        assertEquals("/q/health/started", server.at("/startupProbe/httpGet/path").asText());
        for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
            // Health lives on the management interface only; the public port does not answer it.
            assertEquals("management", server.at("/" + probe + "/httpGet/port").asText(), probe);
        }
        assertEquals("/tmp", server.at("/volumeMounts/0/mountPath").asText());
        assertTrue(pod.at("/volumes/0/emptyDir").isObject());
        assertFalse(texts(pod.path("topologySpreadConstraints"), "topologyKey").isEmpty());
        String javaOpts = rendered.settings(server).get("JAVA_OPTS_APPEND");
        assertTrue(javaOpts.contains("-XX:MaxRAMPercentage=75") && javaOpts.contains("-XX:+ExitOnOutOfMemoryError"), javaOpts);
        // the collector is named, not left to the base image's default, and only there
        assertEquals("-XX:+UseG1GC", rendered.settings(server).get("GC_CONTAINER_OPTIONS"));
        assertFalse(javaOpts.matches(".*-XX:\\+Use\\w*GC.*"), javaOpts);
    }

    @ParameterizedTest
    @MethodSource("scenarios")
    void podsValidateTheSchemaWhileTheHookJobMigratesIt(String scenario) {
        Rendered rendered = render("candor", scenario, Map.of());
        JsonNode server = rendered.deployment().at("/spec/template/spec/containers/0");
        JsonNode job = rendered.job();
        JsonNode migrate = job.at("/spec/template/spec/containers/0");

        Map<String, String> serverSettings = rendered.settings(server);
        assertEquals("false", serverSettings.get("QUARKUS_FLYWAY_MIGRATE_AT_START"));
        assertEquals("none", serverSettings.get("QUARKUS_HIBERNATE_ORM_SCHEMA_MANAGEMENT_STRATEGY"), "the Job validated the tables");
        assertEquals("false", serverSettings.get("CANDOR_DEMO"));
        assertFalse(serverSettings.containsKey("QUARKUS_INIT_AND_EXIT"));
        assertEquals("false", serverSettings.get("QUARKUS_FLYWAY_VALIDATE_AT_START"), "SchemaCheck refuses a schema with pending migrations in one query");
        assertEquals("true", serverSettings.get("QUARKUS_FLYWAY_IGNORE_FUTURE_MIGRATIONS"), "but not one a later release migrated (rollback)");
        Map<String, String> jobSettings = rendered.settings(migrate);
        assertEquals("true", jobSettings.get("QUARKUS_FLYWAY_MIGRATE_AT_START"));
        assertEquals("true", jobSettings.get("QUARKUS_INIT_AND_EXIT"));
        assertNotEquals("true", jobSettings.get("QUARKUS_FLYWAY_VALIDATE_AT_START"), "validating first would refuse the pending migrations");
        assertEquals("validate", jobSettings.get("QUARKUS_HIBERNATE_ORM_SCHEMA_MANAGEMENT_STRATEGY"), "the Job checks what it migrated");
        assertEquals(serverSettings.get("QUARKUS_DATASOURCE_JDBC_URL"), jobSettings.get("QUARKUS_DATASOURCE_JDBC_URL"));
        assertEquals(server.path("image").asText(), migrate.path("image").asText());
        assertTrue(annotation(job, "helm.sh/hook").contains("pre-upgrade"));
        assertEquals("before-hook-creation,hook-succeeded", annotation(job, "helm.sh/hook-delete-policy"));
        assertEquals("Never", job.at("/spec/template/spec/restartPolicy").asText());
    }

    @Test
    void withAnExternalDatabaseTheMigrationRunsBeforeInstallFromASecretThatExistsByThen() {
        Rendered rendered = render("candor", "minimal", Map.of());
        JsonNode job = rendered.job();
        JsonNode hookSecret = rendered.hook("migration-secret");
        JsonNode migrate = job.at("/spec/template/spec/containers/0");

        assertEquals("pre-install,pre-upgrade", annotation(job, "helm.sh/hook"));
        assertEquals("pre-install,pre-upgrade", annotation(hookSecret, "helm.sh/hook"));
        assertTrue(Integer.parseInt(annotation(hookSecret, "helm.sh/hook-weight"))
                < Integer.parseInt(annotation(job, "helm.sh/hook-weight")), "the Secret is created before the Job");
        JsonNode password = envVar(migrate, "QUARKUS_DATASOURCE_PASSWORD");
        assertEquals(hookSecret.at("/metadata/name").asText(), password.at("/valueFrom/secretKeyRef/name").asText());
        assertTrue(hookSecret.path("data").has(password.at("/valueFrom/secretKeyRef/key").asText()));
        assertEquals(rendered.one("Secret").path("data"), hookSecret.path("data"));
        assertNull(envVar(migrate, "CANDOR_ADMIN_TOKEN"), "the Job serves no requests, so it gets no admin token");
    }

    // --- version and settings ------------------------------------------------------------------

    @Test
    void theChartDeploysTheServiceVersionThatJibTagsTheImageWith() throws IOException {
        String pom = Files.readString(Path.of("pom.xml"));
        Matcher project = Pattern.compile("<artifactId>candor</artifactId>\\s*<version>([^<]+)</version>").matcher(pom);
        assertTrue(project.find(), "the project's version in pom.xml");
        String version = project.group(1);
        JsonNode chartYaml = YAML.readTree(CHART.resolve("Chart.yaml").toFile());

        assertEquals(version, chartYaml.path("appVersion").asText(), "Chart.yaml appVersion is pom.xml's version");
        String properties = Files.readString(Path.of("src/main/resources/application.properties"));
        assertFalse(properties.contains("quarkus.container-image.tag"), "Jib tags the image with the project version, as the chart expects");
        Rendered rendered = render("candor", "minimal", Map.of());
        assertEquals("registry.example.com/candor/candor:" + version, rendered.server().path("image").asText());
        assertEquals(version, rendered.deployment().at("/metadata/labels").path("app.kubernetes.io/version").asText());
    }

    @Test
    void theImageJibAndTheChartNameTheSameCollector() throws IOException {
        Matcher docker = Pattern.compile("(?m)^ENV GC_CONTAINER_OPTIONS=\"([^\"]+)\"$")
                .matcher(Files.readString(Path.of("src/main/docker/Dockerfile.jvm")));
        assertTrue(docker.find(), "Dockerfile.jvm names the collector");
        Matcher jib = Pattern.compile("(?m)^quarkus\\.jib\\.environment-variables\\.\"GC_CONTAINER_OPTIONS\"=(.+)$")
                .matcher(Files.readString(Path.of("src/main/resources/application.properties")));
        assertTrue(jib.find(), "the Jib image names the collector");
        Rendered rendered = render("candor", "minimal", Map.of());
        assertEquals(docker.group(1), jib.group(1));
        assertEquals(docker.group(1), rendered.settings(rendered.server()).get("GC_CONTAINER_OPTIONS"));
        Rendered serial = render("candor", "minimal", Map.of("jvm.collector", "serial"));
        assertEquals("-XX:+UseSerialGC", serial.settings(serial.server()).get("GC_CONTAINER_OPTIONS"));
    }

    /** The variable names the chart sets and refuses in config.extraEnv. */
    private static Set<String> ownedVariables() throws IOException {
        JsonNode schema = YAML.readTree(CHART.resolve("values.schema.json").toFile());
        return Set.copyOf(texts(schema.at("/properties/config/properties/extraEnv/propertyNames/not/enum")));
    }

    /** Every variable any scenario gives the serving pods or the migration Job. */
    private static Set<String> variablesTheChartSets() {
        Set<String> names = new TreeSet<>();
        for (String scenario : SCENARIOS) {
            Rendered rendered = render("candor", scenario, Map.of());
            names.addAll(rendered.variableNames(rendered.server()));
            names.addAll(rendered.variableNames(rendered.migrate()));
        }
        return names;
    }

    @Test
    void extraEnvCannotOverrideAnyVariableTheChartSets() throws IOException {
        assertEquals(new TreeSet<>(ownedVariables()), variablesTheChartSets(),
                "config.extraEnv refuses exactly the variables the chart sets itself");
    }

    @Test
    void theOperationsManualDescribesEveryVariableTheChartSets() throws IOException {
        String manual = Files.readString(Path.of("docs", "operations.md"));
        List<String> missing = variablesTheChartSets().stream()
                .filter(name -> !manual.contains("`" + name + "`"))
                .toList();
        assertEquals(List.of(), missing, "variables the chart sets that docs/operations.md does not describe");
    }

    @Test
    void behindAProxyClientAddressesComeFromItsForwardedHeadersOnly() {
        Rendered rendered = render("candor", "production", Map.of());
        Map<String, String> production = rendered.settings(rendered.server());
        assertEquals("true", production.get("QUARKUS_HTTP_PROXY_PROXY_ADDRESS_FORWARDING"));
        assertEquals("true", production.get("QUARKUS_HTTP_PROXY_ALLOW_X_FORWARDED"));
        assertEquals("10.244.0.0/16", production.get("QUARKUS_HTTP_PROXY_TRUSTED_PROXIES"));

        Rendered twoProxies = render("candor", "minimal", Map.of("config.forwardedHeaders.enabled", true,
                "config.forwardedHeaders.trustedProxies[0]", "10.0.0.0/8", "config.forwardedHeaders.trustedProxies[1]", "192.0.2.7"));
        assertEquals("10.0.0.0/8,192.0.2.7", twoProxies.settings(twoProxies.server()).get("QUARKUS_HTTP_PROXY_TRUSTED_PROXIES"));

        Rendered direct = render("candor", "minimal", Map.of());
        assertFalse(direct.settings(direct.server()).containsKey("QUARKUS_HTTP_PROXY_PROXY_ADDRESS_FORWARDING"),
                "without a proxy no client can claim another address");
    }

    /**
     * Objects inside affinity are Kubernetes' own structures, passed through and validated by the API server;
     * every other object in the schema is closed, or a map whose values are typed.
     */
    private static final Set<String> PASSED_THROUGH = Set.of("/properties/affinity/properties/nodeAffinity",
            "/properties/affinity/properties/podAffinity", "/properties/affinity/properties/podAntiAffinity");

    @Test
    void theSchemaIsClosedAndTypedAtEveryLevel() throws IOException {
        JsonNode schema = YAML.readTree(CHART.resolve("values.schema.json").toFile());
        List<String> open = new ArrayList<>();
        List<String> untyped = new ArrayList<>();
        walkSchema(schema, "", open, untyped);

        assertEquals(List.of(), open, "objects that accept unknown keys");
        assertEquals(List.of(), untyped, "values without a type");
        assertFalse(schema.path("additionalProperties").asBoolean(true));
    }

    private static void walkSchema(JsonNode node, String pointer, List<String> open, List<String> untyped) {
        boolean object = texts(node.path("type")).contains("object") || "object".equals(node.path("type").asText());
        if (object && !PASSED_THROUGH.contains(pointer)) {
            JsonNode additional = node.path("additionalProperties");
            boolean closed = additional.isBoolean() && !additional.asBoolean();
            boolean typedMap = additional.isObject() && (additional.has("type") || additional.has("$ref"));
            if (!closed && !typedMap) {
                open.add(pointer);
            }
        }
        node.path("properties").fields().forEachRemaining(e -> {
            JsonNode property = e.getValue();
            String at = pointer + "/properties/" + e.getKey();
            if (!(property.has("type") || property.has("$ref") || property.has("const") || property.has("oneOf"))) {
                untyped.add(at);
            }
            walkSchema(property, at, open, untyped);
        });
        node.path("definitions").fields().forEachRemaining(e -> walkSchema(e.getValue(), pointer + "/definitions/" + e.getKey(), open, untyped));
        for (String child : List.of("items", "additionalProperties")) {
            if (node.path(child).isObject()) {
                walkSchema(node.path(child), pointer + "/" + child, open, untyped);
            }
        }
    }

    // --- wiring ---------------------------------------------------------------------------------

    @Test
    void serviceBudgetAndAutoscalerPointAtTheServingPodsOnly() {
        Rendered rendered = render("candor", "production", Map.of());
        JsonNode deployment = rendered.deployment();
        JsonNode podLabels = deployment.at("/spec/template/metadata/labels");
        JsonNode service = rendered.one("Service");
        JsonNode selector = service.at("/spec/selector");

        assertTrue(selects(selector, podLabels), "the Service selects the Deployment's pods");
        assertFalse(selects(selector, rendered.job().at("/spec/template/metadata/labels")), "nor the migration pod");
        assertFalse(selects(selector, rendered.hook("test-connection").at("/metadata/labels")), "nor the test pod");
        assertEquals(selector, deployment.at("/spec/selector/matchLabels"));
        assertEquals("http", service.at("/spec/ports/0/targetPort").asText());
        assertTrue(selects(rendered.one("PodDisruptionBudget").at("/spec/selector/matchLabels"), podLabels));
        assertTrue(selects(rendered.one("ServiceMonitor").at("/spec/selector/matchLabels"), service.at("/metadata/labels")));
        assertEquals("/q/metrics", rendered.one("ServiceMonitor").at("/spec/endpoints/0/path").asText());

        JsonNode hpa = rendered.one("HorizontalPodAutoscaler");
        assertEquals("autoscaling/v2", hpa.path("apiVersion").asText());
        assertEquals("apps/v1", hpa.at("/spec/scaleTargetRef/apiVersion").asText());
        assertEquals("Deployment", hpa.at("/spec/scaleTargetRef/kind").asText());
        assertEquals(deployment.at("/metadata/name").asText(), hpa.at("/spec/scaleTargetRef/name").asText());
        assertEquals("cpu", hpa.at("/spec/metrics/0/resource/name").asText());
        assertFalse(deployment.path("spec").has("replicas"), "the autoscaler owns the replica count");

        JsonNode ingress = rendered.one("Ingress");
        assertEquals("reviews.example.com", ingress.at("/spec/tls/0/hosts/0").asText());
        assertEquals(service.at("/metadata/name").asText(), ingress.at("/spec/rules/0/http/paths/0/backend/service/name").asText());
    }

    @Test
    void aChangedSettingOrSecretRollsThePods() {
        JsonNode before = podAnnotations(Map.of());
        JsonNode otherSetting = podAnnotations(Map.of("config.logJson", false));
        JsonNode otherSecret = podAnnotations(Map.of("postgresql.external.password", "another-password"));

        assertEquals(64, before.path("checksum/config").asText().length());
        assertNotEquals(before.path("checksum/config"), otherSetting.path("checksum/config"));
        assertEquals(before.path("checksum/secret"), otherSetting.path("checksum/secret"));
        assertNotEquals(before.path("checksum/secret"), otherSecret.path("checksum/secret"));
    }

    @Test
    void cloudNativePgRendersAClusterWithBackupsAndWiresTheAppToIt() {
        Rendered rendered = render("candor", "production", Map.of());
        JsonNode cluster = rendered.one("Cluster");
        String name = cluster.at("/metadata/name").asText();
        JsonNode server = rendered.deployment().at("/spec/template/spec/containers/0");

        assertEquals("postgresql.cnpg.io/v1", cluster.path("apiVersion").asText());
        assertEquals(3, cluster.at("/spec/instances").asInt());
        assertEquals("50Gi", cluster.at("/spec/storage/size").asText());
        assertEquals("fast-ssd", cluster.at("/spec/storage/storageClass").asText());
        assertFalse(cluster.at("/spec/resources/limits/memory").asText().isBlank());
        assertEquals("30d", cluster.at("/spec/backup/retentionPolicy").asText());
        assertEquals("s3://candor-backups/production", cluster.at("/spec/backup/barmanObjectStore/destinationPath").asText());
        assertEquals("candor-backup-s3", cluster.at("/spec/backup/barmanObjectStore/s3Credentials/accessKeyId/name").asText());
        assertEquals("ACCESS_SECRET_KEY", cluster.at("/spec/backup/barmanObjectStore/s3Credentials/secretAccessKey/key").asText());
        assertEquals(name, rendered.one("ScheduledBackup").at("/spec/cluster/name").asText());

        Map<String, String> settings = rendered.settings(server);
        assertEquals("jdbc:postgresql://" + name + "-rw:5432/candor", settings.get("QUARKUS_DATASOURCE_JDBC_URL"));
        assertEquals("jdbc:postgresql://" + name + "-ro:5432/candor", settings.get("QUARKUS_DATASOURCE_REPLICA_JDBC_URL"));
        for (String variable : List.of("QUARKUS_DATASOURCE_USERNAME", "QUARKUS_DATASOURCE_PASSWORD",
                "QUARKUS_DATASOURCE_REPLICA_USERNAME", "QUARKUS_DATASOURCE_REPLICA_PASSWORD")) {
            assertEquals(name + "-app", envVar(server, variable).at("/valueFrom/secretKeyRef/name").asText(), variable);
        }
        assertEquals("post-install,pre-upgrade", annotation(rendered.job(), "helm.sh/hook"),
                "the Cluster is part of the release, so the first migration can only run after it exists");
        assertFalse(rendered.one("Secret").path("data").has("database-password"));
    }

    @Test
    void aReadReplicaNeedsAStandbyToReadFrom() {
        Exception refused = assertThrows(Exception.class,
                () -> render("candor", "production", Map.of("postgresql.cloudnativepg.instances", 1)));
        assertTrue(refused.getMessage().contains("instances >= 2"), refused.getMessage());
    }

    @Test
    void withAnExistingSecretTheChartRendersNoSecretAndReadsTheGivenKeys() {
        Rendered rendered = render("candor", "existing-secrets", Map.of());
        JsonNode server = rendered.deployment().at("/spec/template/spec/containers/0");
        JsonNode migrate = rendered.job().at("/spec/template/spec/containers/0");

        assertTrue(rendered.ofKind("Secret").isEmpty(), "no Secret, not even the migration hook's");
        Map<String, String> expected = Map.of("QUARKUS_DATASOURCE_PASSWORD", "PGPASSWORD",
                "QUARKUS_DATASOURCE_REPLICA_PASSWORD", "PGPASSWORD",
                "CANDOR_ADMIN_TOKEN", "ADMIN_TOKEN",
                "CANDOR_WEBHOOK_ENCRYPTION_KEY", "WEBHOOK_KEY");
        expected.forEach((variable, key) -> {
            assertEquals("candor-credentials", envVar(server, variable).at("/valueFrom/secretKeyRef/name").asText(), variable);
            assertEquals(key, envVar(server, variable).at("/valueFrom/secretKeyRef/key").asText(), variable);
        });
        assertEquals("candor-credentials", envVar(migrate, "QUARKUS_DATASOURCE_PASSWORD").at("/valueFrom/secretKeyRef/name").asText());
        Map<String, String> settings = rendered.settings(server);
        assertEquals("candor_app", settings.get("QUARKUS_DATASOURCE_USERNAME"));
        assertEquals("jdbc:postgresql://candor.cluster-abc.eu-west-1.rds.example.com:5432/candor?sslmode=require",
                settings.get("QUARKUS_DATASOURCE_JDBC_URL"));
        assertTrue(settings.get("QUARKUS_DATASOURCE_REPLICA_JDBC_URL").startsWith("jdbc:postgresql://candor-ro."));
        assertTrue(server.path("image").asText().endsWith("@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"));
    }

    @Test
    void theNetworkPolicyAllowsDnsTheDatabaseAndWebhooksOnly() {
        JsonNode policy = render("candor", "production", Map.of()).one("NetworkPolicy");
        JsonNode egress = policy.at("/spec/egress");

        assertEquals("http", policy.at("/spec/ingress/0/ports/0/port").asText());
        assertEquals(List.of("ingress-nginx", "monitoring"), policy.at("/spec/ingress/0/from").findValuesAsText("kubernetes.io/metadata.name"));
        assertEquals(Set.of("53"), Set.copyOf(egress.at("/0/ports").findValuesAsText("port")));
        assertEquals(5432, egress.at("/1/ports/0/port").asInt());
        assertTrue(egress.at("/1/to/0/podSelector/matchLabels/cnpg.io~1cluster").asText().endsWith("-db"));
        assertEquals(443, egress.at("/2/ports/0/port").asInt());
        assertEquals("0.0.0.0/0", egress.at("/2/to/0/ipBlock/cidr").asText());
        assertTrue(texts(egress.at("/2/to/0/ipBlock/except")).containsAll(List.of("10.0.0.0/8", "169.254.0.0/16")));

        JsonNode external = render("candor", "minimal", Map.of("networkPolicy.enabled", true,
                "networkPolicy.egress.databaseCidrs[0]", "10.20.0.0/16",
                "networkPolicy.egress.webhooks.allowAllHttps", false,
                "networkPolicy.egress.webhooks.cidrs[0]", "203.0.113.0/24")).one("NetworkPolicy").at("/spec/egress");
        assertEquals("10.20.0.0/16", external.at("/1/to/0/ipBlock/cidr").asText());
        assertEquals(1, external.at("/2/to").size());
        assertEquals("203.0.113.0/24", external.at("/2/to/0/ipBlock/cidr").asText());
    }

    // --- names ------------------------------------------------------------------------------------

    @Test
    void namesAndLabelsStayWithin63CharactersAndDistinctEvenForTheLongestReleaseName() {
        String release = "a-marketplace-review-service-release-with-a-long-name";
        assertEquals(53, release.length(), "Helm's own limit for release names");
        Rendered rendered = render(release, "production", Map.of());

        Set<String> kindAndName = new HashSet<>();
        for (JsonNode manifest : rendered.all()) {
            String kind = manifest.path("kind").asText();
            String name = manifest.at("/metadata/name").asText();
            assertTrue(name.length() <= 63 && !name.endsWith("-"), kind + " " + name);
            assertTrue(kindAndName.add(kind + "/" + name), "duplicate " + kind + " " + name);
            manifest.at("/metadata/labels").forEach(value -> assertTrue(value.asText().length() <= 63, value.asText()));
        }
        assertTrue(rendered.one("Cluster").at("/metadata/name").asText().length() <= 50, "room for CNPG's suffixes");
        assertTrue(rendered.job().at("/metadata/name").asText().endsWith("-migrate"));
        assertNotEquals(rendered.one("Secret").at("/metadata/name"), rendered.hook("migration-secret").at("/metadata/name"));
    }

    // --- refusals ---------------------------------------------------------------------------------

    static Stream<Arguments> wrongValues() {
        return Stream.of(
                Arguments.of("replicaCount", "two", "/replicaCount"),
                Arguments.of("replicas", 3, "replicas"),
                Arguments.of("image.pullpolicy", "IfNotPresent", "pullpolicy"),
                Arguments.of("image.pullPolicy", "Always", "/image/pullPolicy"),
                Arguments.of("service.type", "ExternalName", "/service/type"),
                Arguments.of("secret.adminToken", "short", "/secret/adminToken"),
                Arguments.of("secret.webhookEncryptionKey", "not-32-bytes", "/secret/webhookEncryptionKey"),
                Arguments.of("podSecurityContext.runAsNonRoot", false, "/podSecurityContext/runAsNonRoot"),
                Arguments.of("config.extraEnv.CANDOR_DEMO", "on", "CANDOR_DEMO"),
                Arguments.of("config.extraEnv.QUARKUS_FLYWAY_VALIDATE_AT_START", "false", "QUARKUS_FLYWAY_VALIDATE_AT_START"),
                Arguments.of("config.forwardedHeaders.enabled", true, "trustedProxies"),
                Arguments.of("autoscaling.minReplicas", 0, "/autoscaling/minReplicas"),
                Arguments.of("affinity.nodeAffinty", Map.of(), "nodeAffinty"),
                Arguments.of("postgresql.cloudnativepg.backup.s3Credentials.region", "eu-west-1", "region"),
                Arguments.of("postgresql.cloudnativepg.instances", 0, "/postgresql/cloudnativepg/instances"),
                Arguments.of("jvm.collector", "zgc", "/jvm/collector"),
                // run-java.sh already puts the chart's collector on the command line: a second one stops the JVM
                Arguments.of("jvm.extraOptions", "-Xss512k -XX:+UseG1GC", "/jvm/extraOptions"));
    }

    @ParameterizedTest
    @MethodSource("wrongValues")
    void theSchemaRefusesAWrongValueInTemplateAndLint(String key, Object value, String where) throws IOException {
        Exception refused = assertThrows(Exception.class, () -> render("candor", "minimal", Map.of(key, value)));
        assertTrue(refused.getMessage().contains("values don't meet the specifications of the schema"), refused.getMessage());
        assertTrue(refused.getMessage().contains(where), refused.getMessage());

        ObjectNode values = scenarioValues("minimal");
        setPath(values, key, value);
        LintResult lint = new Helm(chartWithValuesMerged("wrong-" + key.replace('.', '-'), values)).lint().call();
        assertTrue(lint.isFailed(), String.join("\n", lint.getMessages()));
        assertTrue(String.join("\n", lint.getMessages()).contains("schema"), String.join("\n", lint.getMessages()));
    }

    static final String KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";

    @Test
    void aReleaseWithoutImageOrDatabaseIsRefusedNamingWhatIsMissing() {
        Exception noImage = assertThrows(Exception.class,
                () -> template("candor", null, Map.of("postgresql.external.host", "db", "postgresql.external.password", "x",
                        "secret.webhookEncryptionKey", KEY, "photos.s3.bucket", "candor-photos")));
        assertTrue(noImage.getMessage().contains("image.repository is required"), noImage.getMessage());
        Exception noDatabase = assertThrows(Exception.class,
                () -> template("candor", null, Map.of("image.repository", "registry.example.com/candor", "postgresql.external.password", "x",
                        "secret.webhookEncryptionKey", KEY, "photos.s3.bucket", "candor-photos")));
        assertTrue(noDatabase.getMessage().contains("postgresql.external.host is required"), noDatabase.getMessage());
        // Candor refuses to start on an external database without the key; the chart says so before anything is installed.
        Exception noKey = assertThrows(Exception.class,
                () -> template("candor", null, Map.of("image.repository", "registry.example.com/candor", "postgresql.external.host", "db",
                        "postgresql.external.password", "x", "photos.s3.bucket", "candor-photos")));
        assertTrue(noKey.getMessage().contains("secret.webhookEncryptionKey is required"), noKey.getMessage());
        // pods keep no files: photos need a bucket
        Exception noBucket = assertThrows(Exception.class,
                () -> template("candor", null, Map.of("image.repository", "registry.example.com/candor", "postgresql.external.host", "db",
                        "postgresql.external.password", "x", "secret.webhookEncryptionKey", KEY)));
        assertTrue(noBucket.getMessage().contains("photos.s3.bucket is required"), noBucket.getMessage());
    }

    @Test
    void clustersOlderThanKubernetes125AreRefused() {
        TemplateCommand command = new Helm(chart.renderable()).template().withName("candor").withKubeVersion("1.24.9")
                .withValuesFile(scenarioFile("minimal").toAbsolutePath());
        Exception refused = assertThrows(Exception.class, command::call);
        assertTrue(refused.getMessage().contains("kubeVersion"), refused.getMessage());
    }

    // --- documentation ------------------------------------------------------------------------------

    @Test
    void everyValueIsCommentedAndTheFileNamesItsSchema() throws IOException {
        List<String> lines = Files.readAllLines(CHART.resolve("values.yaml"));
        assertEquals("# yaml-language-server: $schema=values.schema.json", lines.get(0));

        List<String> undocumented = new ArrayList<>();
        int listIndent = -1;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            String stripped = line.strip();
            if (stripped.isEmpty() || stripped.startsWith("#")) {
                continue;
            }
            int indent = line.length() - line.stripLeading().length();
            if (listIndent >= 0 && indent > listIndent) {
                continue;
            }
            listIndent = -1;
            if (stripped.startsWith("- ")) {
                listIndent = indent;
            } else if (!lines.get(i - 1).strip().startsWith("#")) {
                undocumented.add((i + 1) + ": " + stripped);
            }
        }
        assertEquals(List.of(), undocumented, "keys without a comment line above them");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ingress", "LoadBalancer", "NodePort", "ClusterIP"})
    void theNotesTellHowToReachCandorForEachAccessMode(String mode) {
        Map<String, Object> sets = new LinkedHashMap<>();
        String expected;
        switch (mode) {
            case "ingress" -> {
                sets.put("ingress.enabled", true);
                sets.put("ingress.tls[0].secretName", "candor-tls");
                sets.put("ingress.tls[0].hosts[0]", "candor.example.com");
                expected = "https://candor.example.com/";
            }
            case "LoadBalancer" -> {
                sets.put("service.type", mode);
                expected = "status.loadBalancer.ingress";
            }
            case "NodePort" -> {
                sets.put("service.type", mode);
                expected = "spec.ports[0].nodePort";
            }
            default -> {
                sets.put("service.type", mode);
                expected = "kubectl port-forward service/candor --namespace " + NAMESPACE + " 8080:80";
            }
        }
        InstallCommand install = new Helm(chart.renderable()).install().withName("candor").withNamespace(NAMESPACE)
                .withKubeVersion(KUBE_VERSION).clientOnly().dryRun().withValuesFile(scenarioFile("minimal").toAbsolutePath());
        sets.forEach(install::set);
        String notes = install.call().getOutput();

        assertTrue(notes.contains(expected), notes);
        assertTrue(notes.contains("helm test candor"), notes);
    }

    // --- helpers -----------------------------------------------------------------------------------

    private static Rendered render(String release, String scenario, Map<String, Object> sets) {
        return chart.render(release, scenario, sets);
    }

    private static String template(String release, Path valuesFile, Map<String, Object> sets) {
        return chart.template(release, valuesFile, sets);
    }

    private static String annotation(JsonNode object, String name) {
        return object.at("/metadata/annotations").path(name).asText();
    }

    private static JsonNode podAnnotations(Map<String, Object> sets) {
        return render("candor", "minimal", sets).deployment().at("/spec/template/metadata/annotations");
    }

    private static void assertLintClean(LintResult result) {
        String messages = String.join("\n", result.getMessages());
        assertFalse(result.isFailed(), messages);
        assertFalse(messages.contains("[ERROR]") || messages.contains("[WARNING]"), messages);
    }

    private static boolean selects(JsonNode selector, JsonNode labels) {
        Iterator<Map.Entry<String, JsonNode>> entries = selector.fields();
        while (entries.hasNext()) {
            Map.Entry<String, JsonNode> entry = entries.next();
            if (!entry.getValue().asText().equals(labels.path(entry.getKey()).asText(null))) {
                return false;
            }
        }
        return selector.size() > 0;
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(n -> texts.add(n.asText()));
        return texts;
    }

    private static List<String> texts(JsonNode array, String field) {
        List<String> texts = new ArrayList<>();
        array.forEach(n -> texts.add(n.path(field).asText()));
        return texts;
    }

    // --- chart copies -------------------------------------------------------------------------------

    static Stream<String> scenarios() {
        return SCENARIOS.stream();
    }

    private static ObjectNode scenarioValues(String scenario) throws IOException {
        return (ObjectNode) YAML.readTree(scenarioFile(scenario).toFile());
    }

    /**
     * A copy of the chart whose values.yaml is the chart's merged with these values, as {@code helm lint -f}
     * would merge them: helm-java's lint takes no values file.
     */
    private static Path chartWithValuesMerged(String name, ObjectNode values) throws IOException {
        Path copy = chart.copyChart(name);
        ObjectNode merged = (ObjectNode) YAML.readTree(copy.resolve("values.yaml").toFile());
        merge(merged, values);
        YAML.writeValue(copy.resolve("values.yaml").toFile(), merged);
        return copy;
    }

    private static void merge(ObjectNode into, ObjectNode from) {
        from.fields().forEachRemaining(entry -> {
            JsonNode existing = into.get(entry.getKey());
            if (entry.getValue().isNull()) {
                into.remove(entry.getKey());
            } else if (existing instanceof ObjectNode target && entry.getValue() instanceof ObjectNode source) {
                merge(target, source);
            } else {
                into.set(entry.getKey(), entry.getValue());
            }
        });
    }

    private static void setPath(ObjectNode values, String dottedKey, Object value) {
        String[] parts = dottedKey.split("\\.");
        ObjectNode node = values;
        for (int i = 0; i < parts.length - 1; i++) {
            node = node.has(parts[i]) ? (ObjectNode) node.get(parts[i]) : node.putObject(parts[i]);
        }
        node.set(parts[parts.length - 1], YAML.valueToTree(value));
    }
}
