{{/*
Names and labels. Kubernetes caps names and label values at 63 characters; every name below
stays within that, and a suffixed name shortens the base rather than the suffix so that two
objects of the same kind can never collide after truncation.
*/}}

{{/* The chart's name, or nameOverride. */}}
{{- define "candor.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* The release's base name: fullnameOverride, or "<release>-<chart>" unless the release already holds the chart name. */}}
{{- define "candor.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/*
"<fullname>-<suffix>" within `max` characters (default 63). Call with
(dict "ctx" $ "suffix" "migration") or (dict "ctx" $ "suffix" "db" "max" 50).
*/}}
{{- define "candor.suffixedName" -}}
{{- $max := int (default 63 .max) }}
{{- $base := include "candor.fullname" .ctx | trunc (int (sub $max (add1 (len .suffix)))) | trimSuffix "-" }}
{{- printf "%s-%s" $base .suffix }}
{{- end }}

{{/* Chart name and version, for the helm.sh/chart label. */}}
{{- define "candor.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Labels every object carries. */}}
{{- define "candor.labels" -}}
helm.sh/chart: {{ include "candor.chart" . }}
{{ include "candor.selectorLabels" . }}
app.kubernetes.io/version: {{ .Values.image.tag | default .Chart.AppVersion | trunc 63 | trimSuffix "-" | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: candor
{{- end }}

{{/* Labels that identify this release's objects; the base of every selector. */}}
{{- define "candor.selectorLabels" -}}
app.kubernetes.io/name: {{ include "candor.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/*
Labels that select the serving pods only. The component keeps the Service, the PDB and the
NetworkPolicy away from the migration Job's pod and the test pod, which share the release labels.
*/}}
{{- define "candor.serverSelectorLabels" -}}
{{ include "candor.selectorLabels" . }}
app.kubernetes.io/component: server
{{- end }}

{{/* The ServiceAccount the serving pods run as. */}}
{{- define "candor.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "candor.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* The image reference: a digest pins it exactly, otherwise the tag (default: the chart's appVersion). */}}
{{- define "candor.image" -}}
{{- $repository := required "image.repository is required: the registry path of the Candor image (see src/main/docker/Dockerfile.jvm)" .Values.image.repository }}
{{- if .Values.image.digest }}
{{- printf "%s@%s" $repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" $repository (.Values.image.tag | default .Chart.AppVersion) }}
{{- end }}
{{- end }}

{{/* The Secret holding the admin token, the webhook key and (external database) the database password. */}}
{{- define "candor.secretName" -}}
{{- if .Values.secret.existingSecret }}
{{- .Values.secret.existingSecret }}
{{- else }}
{{- include "candor.fullname" . }}
{{- end }}
{{- end }}

{{/*
The copy of the chart-managed Secret that the migration hook reads. Hooks run before the
release's own objects exist (pre-install) or are updated (pre-upgrade), so the Job cannot rely
on the release Secret; this hook Secret is created just before the Job and deleted after it.
*/}}
{{- define "candor.migrationSecretName" -}}
{{- if .Values.secret.existingSecret }}
{{- .Values.secret.existingSecret }}
{{- else }}
{{- include "candor.suffixedName" (dict "ctx" . "suffix" "migration") }}
{{- end }}
{{- end }}

{{/* The CloudNativePG cluster's name; 50 characters leave room for the suffixes CNPG appends (-rw, -app, -replication). */}}
{{- define "candor.cnpgClusterName" -}}
{{- if .Values.postgresql.cloudnativepg.clusterName }}
{{- .Values.postgresql.cloudnativepg.clusterName }}
{{- else }}
{{- include "candor.suffixedName" (dict "ctx" . "suffix" "db" "max" 50) }}
{{- end }}
{{- end }}

{{/* The JDBC URL of the primary: CNPG's read-write Service, or the external server. */}}
{{- define "candor.jdbcUrl" -}}
{{- $pg := .Values.postgresql }}
{{- $url := "" }}
{{- if $pg.cloudnativepg.enabled }}
{{- $url = printf "jdbc:postgresql://%s-rw:5432/%s" (include "candor.cnpgClusterName" .) $pg.database }}
{{- else }}
{{- $host := required "postgresql.external.host is required unless postgresql.cloudnativepg.enabled is true" $pg.external.host }}
{{- $url = printf "jdbc:postgresql://%s:%d/%s" $host (int $pg.external.port) $pg.database }}
{{- end }}
{{- if $pg.jdbcParameters }}
{{- $url = printf "%s?%s" $url $pg.jdbcParameters }}
{{- end }}
{{- $url }}
{{- end }}

{{/* The JDBC URL of the read replica for public reads, or nothing. */}}
{{- define "candor.replicaJdbcUrl" -}}
{{- $pg := .Values.postgresql }}
{{- if $pg.readReplica.url }}
{{- $pg.readReplica.url }}
{{- else if and $pg.cloudnativepg.enabled $pg.cloudnativepg.readReplica }}
{{- if lt (int $pg.cloudnativepg.instances) 2 }}
{{- fail "postgresql.cloudnativepg.readReplica needs postgresql.cloudnativepg.instances >= 2: the -ro Service has no endpoints without a standby" }}
{{- end }}
{{- $url := printf "jdbc:postgresql://%s-ro:5432/%s" (include "candor.cnpgClusterName" .) $pg.database }}
{{- if $pg.jdbcParameters }}
{{- $url = printf "%s?%s" $url $pg.jdbcParameters }}
{{- end }}
{{- $url }}
{{- end }}
{{- end }}

{{/*
Non-secret settings as environment variables, shared by the ConfigMap (serving pods) and the
migration Job (which runs before the ConfigMap exists on a first install).
*/}}
{{- define "candor.settings" -}}
{{- $pg := .Values.postgresql -}}
QUARKUS_DATASOURCE_JDBC_URL: {{ include "candor.jdbcUrl" . | quote }}
{{- if not $pg.cloudnativepg.enabled }}
QUARKUS_DATASOURCE_USERNAME: {{ $pg.external.username | quote }}
{{- end }}
{{- with include "candor.replicaJdbcUrl" . }}
QUARKUS_DATASOURCE_REPLICA_JDBC_URL: {{ . | quote }}
{{- end }}
QUARKUS_HIBERNATE_ORM_SCHEMA_MANAGEMENT_STRATEGY: "validate"
{{- /* After a rollback the schema holds migrations of the later release; compatible by rule (expand, then contract), so they are no reason to refuse to start. */}}
QUARKUS_FLYWAY_IGNORE_FUTURE_MIGRATIONS: "true"
QUARKUS_DATASOURCE_JDBC_MAX_SIZE: {{ .Values.config.datasourceMaxPoolSize | quote }}
CANDOR_DEMO: "false"
CANDOR_LOG_JSON: {{ .Values.config.logJson | quote }}
CANDOR_SUMMARY_RECOMPUTE_CRON: {{ .Values.config.summaryRecomputeCron | quote }}
{{- with .Values.config.forwardedHeaders }}
{{- if .enabled }}
QUARKUS_HTTP_PROXY_PROXY_ADDRESS_FORWARDING: "true"
QUARKUS_HTTP_PROXY_ALLOW_X_FORWARDED: "true"
QUARKUS_HTTP_PROXY_TRUSTED_PROXIES: {{ required "config.forwardedHeaders.trustedProxies must name the proxies whose X-Forwarded headers count" (join "," .trustedProxies) | quote }}
{{- end }}
{{- end }}
CANDOR_PHOTOS_STORE: "s3"
CANDOR_PHOTOS_S3_BUCKET: {{ required "photos.s3.bucket is required: photos in reviews are kept in an S3-compatible object store" .Values.photos.s3.bucket | quote }}
{{- with .Values.photos.s3.endpoint }}
CANDOR_PHOTOS_S3_ENDPOINT: {{ . | quote }}
{{- end }}
CANDOR_PHOTOS_S3_REGION: {{ .Values.photos.s3.region | quote }}
CANDOR_PHOTOS_S3_PATH_STYLE: {{ .Values.photos.s3.pathStyle | quote }}
CANDOR_PHOTOS_MAX_UPLOAD_BYTES: {{ .Values.photos.maxUploadBytes | int64 | quote }}
GC_CONTAINER_OPTIONS: {{ get (dict "parallel" "-XX:+UseParallelGC" "serial" "-XX:+UseSerialGC" "g1" "-XX:+UseG1GC") .Values.jvm.collector | quote }}
JAVA_OPTS_APPEND: {{ include "candor.javaOpts" . | quote }}
{{- range $name, $value := .Values.config.extraEnv }}
{{ $name }}: {{ $value | quote }}
{{- end }}
{{- end }}

{{/* JVM flags for a container: heap as a share of the memory limit, and exit (to be restarted) rather than limp on after an OutOfMemoryError. */}}
{{- define "candor.javaOpts" -}}
{{- $opts := list (printf "-XX:MaxRAMPercentage=%v" .Values.jvm.maxRamPercentage) "-XX:+ExitOnOutOfMemoryError" "-Djava.io.tmpdir=/tmp" "-Djava.util.logging.manager=org.jboss.logmanager.LogManager" }}
{{- if .Values.jvm.extraOptions }}
{{- $opts = append $opts .Values.jvm.extraOptions }}
{{- end }}
{{- join " " $opts }}
{{- end }}

{{/*
Environment variables read from Secrets. Call with (dict "ctx" $ "secretName" <name> "adminToken" <bool>).
The migration Job passes adminToken=false: it never answers requests, so it never needs the token.
*/}}
{{- define "candor.secretEnv" -}}
{{- $ctx := .ctx }}
{{- $keys := $ctx.Values.secret.keys }}
{{- $pg := $ctx.Values.postgresql }}
{{- if $pg.cloudnativepg.enabled }}
{{- $app := printf "%s-app" (include "candor.cnpgClusterName" $ctx) }}
- name: QUARKUS_DATASOURCE_USERNAME
  valueFrom:
    secretKeyRef:
      name: {{ $app }}
      key: username
- name: QUARKUS_DATASOURCE_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ $app }}
      key: password
{{- else }}
- name: QUARKUS_DATASOURCE_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ .secretName }}
      key: {{ $keys.databasePassword }}
{{- end }}
{{- if include "candor.replicaJdbcUrl" $ctx }}
- name: QUARKUS_DATASOURCE_REPLICA_USERNAME
  {{- if $pg.cloudnativepg.enabled }}
  valueFrom:
    secretKeyRef:
      name: {{ printf "%s-app" (include "candor.cnpgClusterName" $ctx) }}
      key: username
  {{- else }}
  value: {{ $pg.external.username | quote }}
  {{- end }}
- name: QUARKUS_DATASOURCE_REPLICA_PASSWORD
  valueFrom:
    secretKeyRef:
      {{- if $pg.cloudnativepg.enabled }}
      name: {{ printf "%s-app" (include "candor.cnpgClusterName" $ctx) }}
      key: password
      {{- else }}
      name: {{ .secretName }}
      key: {{ $keys.databasePassword }}
      {{- end }}
{{- end }}
{{- if .adminToken }}
- name: CANDOR_ADMIN_TOKEN
  valueFrom:
    secretKeyRef:
      name: {{ .secretName }}
      key: {{ $keys.adminToken }}
      optional: true
- name: CANDOR_PHOTOS_S3_ACCESS_KEY_ID
  valueFrom:
    secretKeyRef:
      name: {{ .secretName }}
      key: {{ $keys.s3AccessKeyId }}
      optional: true
- name: CANDOR_PHOTOS_S3_SECRET_ACCESS_KEY
  valueFrom:
    secretKeyRef:
      name: {{ .secretName }}
      key: {{ $keys.s3SecretAccessKey }}
      optional: true
{{- end }}
- name: CANDOR_WEBHOOK_ENCRYPTION_KEY
  valueFrom:
    secretKeyRef:
      name: {{ .secretName }}
      key: {{ $keys.webhookEncryptionKey }}
{{- end }}

{{/* The data of the chart-managed Secret (the release Secret and the migration hook's copy). */}}
{{- define "candor.secretData" -}}
{{- $keys := .Values.secret.keys }}
{{- if not .Values.postgresql.cloudnativepg.enabled }}
{{ $keys.databasePassword }}: {{ required "postgresql.external.password is required (or secret.existingSecret)" .Values.postgresql.external.password | b64enc | quote }}
{{- end }}
{{- with .Values.secret.adminToken }}
{{ $keys.adminToken }}: {{ . | b64enc | quote }}
{{- end }}
{{- with .Values.secret.s3AccessKeyId }}
{{ $keys.s3AccessKeyId }}: {{ . | b64enc | quote }}
{{- end }}
{{- with .Values.secret.s3SecretAccessKey }}
{{ $keys.s3SecretAccessKey }}: {{ . | b64enc | quote }}
{{- end }}
{{ $keys.webhookEncryptionKey }}: {{ required "secret.webhookEncryptionKey is required (openssl rand -base64 32; keep it: it decrypts the stored webhook secrets), or secret.existingSecret" .Values.secret.webhookEncryptionKey | b64enc | quote }}
{{- end }}

{{/* The container security context every container in the chart runs with (Pod Security Standards "restricted"). */}}
{{- define "candor.containerSecurityContext" -}}
runAsNonRoot: true
readOnlyRootFilesystem: true
allowPrivilegeEscalation: false
capabilities:
  drop:
    - ALL
{{- end }}

{{/* Hook events of the migration Job, see templates/migration-job.yaml. */}}
{{- define "candor.migrationHookEvents" -}}
{{- if .Values.postgresql.cloudnativepg.enabled -}}
post-install,pre-upgrade
{{- else -}}
pre-install,pre-upgrade
{{- end }}
{{- end }}
