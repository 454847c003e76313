{{/*
The chart's name, overridable with nameOverride.
*/}}
{{- define "weightgate.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
A fully qualified app name, at most 63 characters (the DNS label limit some names are held to). The release name
alone when it already contains the chart's name.
*/}}
{{- define "weightgate.fullname" -}}
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
The chart label: name and version.
*/}}
{{- define "weightgate.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Labels on every object.
*/}}
{{- define "weightgate.labels" -}}
helm.sh/chart: {{ include "weightgate.chart" . }}
{{ include "weightgate.selectorLabels" . }}
app.kubernetes.io/version: {{ include "weightgate.imageTag" . | trunc 63 | trimSuffix "-" | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: weightgate
{{- end }}

{{/*
Selector labels: must never change for an installed release (a Deployment's selector is immutable).
*/}}
{{- define "weightgate.selectorLabels" -}}
app.kubernetes.io/name: {{ include "weightgate.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/*
The service account's name.
*/}}
{{- define "weightgate.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "weightgate.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/*
The image tag: image.tag, else the chart's appVersion.
*/}}
{{- define "weightgate.imageTag" -}}
{{- .Values.image.tag | default .Chart.AppVersion | toString }}
{{- end }}

{{/*
The image reference.
*/}}
{{- define "weightgate.image" -}}
{{- printf "%s:%s" .Values.image.repository (include "weightgate.imageTag" .) }}
{{- end }}

{{/*
The Secret holding the database password, and the key within it.
*/}}
{{- define "weightgate.databaseSecretName" -}}
{{- if .Values.database.existingSecret }}
{{- .Values.database.existingSecret }}
{{- else }}
{{- printf "%s-db" (include "weightgate.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}

{{- define "weightgate.databaseSecretKey" -}}
{{- if .Values.database.existingSecret }}
{{- .Values.database.existingSecretPasswordKey | default "password" }}
{{- else -}}
password
{{- end }}
{{- end }}

{{/*
The JDBC URL, from database.host (required), port, name and parameters.
*/}}
{{- define "weightgate.jdbcUrl" -}}
{{- $db := .Values.database }}
{{- $host := required "database.host is required: the PostgreSQL server the gateway uses (the embedded H2 database is not for Kubernetes)" $db.host }}
{{- $url := printf "jdbc:postgresql://%s:%v/%s" $host $db.port $db.name }}
{{- if $db.parameters }}
{{- $url = printf "%s?%s" $url (trimPrefix "?" $db.parameters) }}
{{- end }}
{{- $url }}
{{- end }}

{{/*
The application.yml the ConfigMap carries: config, with models set under weightgate.models.
*/}}
{{- define "weightgate.applicationYaml" -}}
{{- $app := deepCopy (.Values.config | default dict) }}
{{- $weightgate := get $app "weightgate" | default dict }}
{{- $_ := set $weightgate "models" (.Values.models | default list) }}
{{- $_ := set $app "weightgate" $weightgate }}
{{- toYaml $app }}
{{- end }}

{{/*
terminationGracePeriodSeconds: the preStop sleep, then the application's grace period, plus room for the rest of
the shutdown (closing the connection pool, the JVM exiting).
*/}}
{{- define "weightgate.terminationGracePeriodSeconds" -}}
{{- if not (kindIs "invalid" .Values.terminationGracePeriodSeconds) }}
{{- .Values.terminationGracePeriodSeconds | int }}
{{- else }}
{{- add (.Values.preStopSleepSeconds | int) (.Values.gracePeriod | int) 15 }}
{{- end }}
{{- end }}
