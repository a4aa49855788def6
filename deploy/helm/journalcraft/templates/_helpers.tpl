{{/* vim: set filetype=mustache: */}}

{{/*
Chart name, truncated to the 63 characters Kubernetes allows in a name.
*/}}
{{- define "journalcraft.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Fully qualified app name: the release name, plus the chart name unless the release name
already contains it. Component names append "-<target>".
*/}}
{{- define "journalcraft.fullname" -}}
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
Chart name and version, for the helm.sh/chart label.
*/}}
{{- define "journalcraft.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Labels common to every resource of the release.
*/}}
{{- define "journalcraft.labels" -}}
helm.sh/chart: {{ include "journalcraft.chart" . }}
{{ include "journalcraft.selectorLabels" . }}
app.kubernetes.io/version: {{ .Values.image.tag | default .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: journalcraft
{{- end }}

{{/*
Selector labels of the release (no component).
*/}}
{{- define "journalcraft.selectorLabels" -}}
app.kubernetes.io/name: {{ include "journalcraft.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/*
Per-component helpers take a dict: (dict "root" $ "name" "<target>").
*/}}
{{- define "journalcraft.componentName" -}}
{{- printf "%s-%s" (include "journalcraft.fullname" .root) .name | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "journalcraft.componentLabels" -}}
{{ include "journalcraft.labels" .root }}
app.kubernetes.io/component: {{ .name }}
{{- end }}

{{- define "journalcraft.componentSelectorLabels" -}}
{{ include "journalcraft.selectorLabels" .root }}
app.kubernetes.io/component: {{ .name }}
{{- end }}

{{/*
Image reference: repository@digest when a digest is set, else repository:tag.
*/}}
{{- define "journalcraft.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (.Values.image.tag | default .Chart.AppVersion) }}
{{- end }}
{{- end }}

{{/*
ServiceAccount used by the Deployments.
*/}}
{{- define "journalcraft.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "journalcraft.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/*
Name of the Secret the Deployments read with envFrom.
*/}}
{{- define "journalcraft.secretName" -}}
{{- if .Values.secrets.existingSecret }}
{{- .Values.secrets.existingSecret }}
{{- else }}
{{- printf "%s-secrets" (include "journalcraft.fullname" .) }}
{{- end }}
{{- end }}

{{/*
In-cluster gRPC URL of a service target: (dict "root" $ "name" "auth").
*/}}
{{- define "journalcraft.serviceUrl" -}}
{{- $target := index .root.Values.targets .name }}
{{- printf "http://%s.%s.svc:%v" (include "journalcraft.componentName" .) .root.Release.Namespace $target.ports.grpc }}
{{- end }}

{{/*
Where the export pods mount the shared volume of exported files (export.storage_dir).
*/}}
{{- define "journalcraft.exportDir" -}}
/var/lib/journalcraft/exports
{{- end }}

{{/*
PersistentVolumeClaim of the exported files: export.storage.existingClaim, or the chart's.
*/}}
{{- define "journalcraft.exportClaimName" -}}
{{- if .Values.export.storage.existingClaim }}
{{- .Values.export.storage.existingClaim }}
{{- else }}
{{- printf "%s-exports" (include "journalcraft.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}

{{/*
production.toml, rendered from values. Only keys the binary accepts: it rejects unknown ones.
Secrets are not here: they come from the Secret as JC__SECTION__KEY variables.
*/}}
{{- define "journalcraft.configToml" -}}
# Rendered by the journalcraft Helm chart from its values; edit the values, not this file.
# Secrets (the four database URLs, redis.url, queue.url, auth.signing_key, internal.service_token,
# journal.key_encryption_key) come from the Secret as JC__SECTION__KEY environment
# variables, which override this file.

[telemetry]
format = {{ .Values.config.telemetry.format | quote }}
level = {{ .Values.config.telemetry.level | quote }}
{{- with .Values.config.telemetry.otlpEndpoint }}
otlp_endpoint = {{ . | quote }}
{{- end }}

[shutdown]
drain_timeout_seconds = {{ .Values.config.shutdown.drainTimeoutSeconds | int }}

[ops]
listen = "0.0.0.0:{{ .Values.opsPort }}"

[gateway]
listen = "0.0.0.0:{{ .Values.targets.gateway.ports.http }}"
trusted_proxies = [{{ range $i, $proxy := .Values.config.gateway.trustedProxies }}{{ if $i }}, {{ end }}{{ $proxy | quote }}{{ end }}]

[auth]
grpc_listen = "0.0.0.0:{{ .Values.targets.auth.ports.grpc }}"

[user]
grpc_listen = "0.0.0.0:{{ .Values.targets.user.ports.grpc }}"

[journal]
grpc_listen = "0.0.0.0:{{ .Values.targets.journal.ports.grpc }}"
workers = {{ .Values.config.journal.workers | int }}

[export]
grpc_listen = "0.0.0.0:{{ .Values.targets.export.ports.grpc }}"
# The shared volume of export.storage, mounted here in every export pod.
storage_dir = {{ include "journalcraft.exportDir" . | quote }}
workers = {{ .Values.config.export.workers | int }}
retention_hours = {{ .Values.config.export.retentionHours | int64 }}
cleanup_interval_seconds = {{ .Values.config.export.cleanupIntervalSeconds | int64 }}
max_file_bytes = {{ .Values.config.export.maxFileBytes | int64 }}

[queue]
prefetch = {{ .Values.config.queue.prefetch | int }}
max_attempts = {{ .Values.config.queue.maxAttempts | int }}
retry_base_ms = {{ .Values.config.queue.retryBaseMs | int64 }}
retry_max_ms = {{ .Values.config.queue.retryMaxMs | int64 }}
publish_timeout_ms = {{ .Values.config.queue.publishTimeoutMs | int64 }}

[services]
auth_url = {{ include "journalcraft.serviceUrl" (dict "root" . "name" "auth") | quote }}
user_url = {{ include "journalcraft.serviceUrl" (dict "root" . "name" "user") | quote }}
journal_url = {{ include "journalcraft.serviceUrl" (dict "root" . "name" "journal") | quote }}
export_url = {{ include "journalcraft.serviceUrl" (dict "root" . "name" "export") | quote }}
{{- end }}

{{/*
Data of the chart-managed Secret (base64), with render-time checks so that a missing or
weak secret fails `helm install` instead of a crash-looping pod.
*/}}
{{- define "journalcraft.secretData" -}}
{{- $s := .Values.secrets }}
{{- $hint := "(or set secrets.existingSecret)" }}
{{- $authDb := required (printf "secrets.authDatabaseUrl is required %s" $hint) $s.authDatabaseUrl }}
{{- $userDb := required (printf "secrets.userDatabaseUrl is required %s" $hint) $s.userDatabaseUrl }}
{{- $journalDb := required (printf "secrets.journalDatabaseUrl is required %s" $hint) $s.journalDatabaseUrl }}
{{- $exportDb := required (printf "secrets.exportDatabaseUrl is required %s" $hint) $s.exportDatabaseUrl }}
{{- $redis := required (printf "secrets.redisUrl is required %s" $hint) $s.redisUrl }}
{{- $queue := required (printf "secrets.queueUrl is required %s" $hint) $s.queueUrl }}
{{- $key := required (printf "secrets.signingKey is required: --set-file secrets.signingKey=signing-key.pem %s" $hint) $s.signingKey }}
{{- $token := required (printf "secrets.serviceToken is required %s" $hint) $s.serviceToken }}
{{- $kek := required (printf "secrets.keyEncryptionKey is required: --set secrets.keyEncryptionKey=\"$(openssl rand -hex 32)\" %s" $hint) $s.keyEncryptionKey }}
{{- if not (or (hasPrefix "amqp://" $queue) (hasPrefix "amqps://" $queue)) }}
{{- fail "secrets.queueUrl must start with amqp:// or amqps://" }}
{{- end }}
{{- if not (contains "PRIVATE KEY" $key) }}
{{- fail "secrets.signingKey must be a PEM private key (openssl genpkey -algorithm ed25519)" }}
{{- end }}
{{- if lt (len $token) 32 }}
{{- fail "secrets.serviceToken must be at least 32 characters (openssl rand -hex 32)" }}
{{- end }}
{{- if not (regexMatch "^[0-9a-fA-F]{64}$" $kek) }}
{{- fail "secrets.keyEncryptionKey must be 64 hex characters, 32 bytes (openssl rand -hex 32)" }}
{{- end }}
JC__AUTH__DATABASE__URL: {{ $authDb | b64enc | quote }}
JC__USER__DATABASE__URL: {{ $userDb | b64enc | quote }}
JC__JOURNAL__DATABASE__URL: {{ $journalDb | b64enc | quote }}
JC__EXPORT__DATABASE__URL: {{ $exportDb | b64enc | quote }}
JC__REDIS__URL: {{ $redis | b64enc | quote }}
JC__QUEUE__URL: {{ $queue | b64enc | quote }}
JC__AUTH__SIGNING_KEY: {{ $key | b64enc | quote }}
JC__INTERNAL__SERVICE_TOKEN: {{ $token | b64enc | quote }}
JC__JOURNAL__KEY_ENCRYPTION_KEY: {{ $kek | b64enc | quote }}
{{- end }}

{{/*
Environment shared by every journalcraft container (Deployments and the migration Job).
*/}}
{{- define "journalcraft.env" -}}
- name: JC_ENV
  value: production
- name: JC_CONFIG_DIR
  value: /etc/journalcraft/config
# Migrations run only from the migration Job (they take no lock).
- name: JC__AUTH__DATABASE__AUTO_MIGRATE
  value: "false"
- name: JC__USER__DATABASE__AUTO_MIGRATE
  value: "false"
- name: JC__JOURNAL__DATABASE__AUTO_MIGRATE
  value: "false"
- name: JC__EXPORT__DATABASE__AUTO_MIGRATE
  value: "false"
{{- end }}
