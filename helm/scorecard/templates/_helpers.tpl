{{/* Chart name, truncated to the DNS label limit. */}}
{{- define "scorecard.name" -}}
{{- .Chart.Name | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Fully qualified app name: release-chart unless the release already contains the chart name. */}}
{{- define "scorecard.fullname" -}}
{{- if contains .Chart.Name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}

{{- define "scorecard.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
app.kubernetes.io/name: {{ include "scorecard.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "scorecard.selectorLabels" -}}
app.kubernetes.io/name: {{ include "scorecard.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "scorecard.image" -}}
{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}
{{- end }}

{{- define "scorecard.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "scorecard.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "scorecard.redisSecretName" -}}
{{- if .Values.redis.auth.existingSecret }}
{{- .Values.redis.auth.existingSecret }}
{{- else }}
{{- printf "%s-redis" (include "scorecard.fullname" .) }}
{{- end }}
{{- end }}

{{- define "scorecard.redisAddress" -}}
{{- if .Values.redis.enabled }}
{{- printf "%s-redis:%v" (include "scorecard.fullname" .) .Values.redis.port }}
{{- else }}
{{- required "redis.external.address is required when redis.enabled is false" .Values.redis.external.address }}
{{- end }}
{{- end }}

{{/* Environment shared by ingest and query: SCORECARD_<FLAG> for the common flags. */}}
{{- define "scorecard.commonEnv" -}}
- name: SCORECARD_REDIS
  value: {{ include "scorecard.redisAddress" . | quote }}
- name: SCORECARD_REDIS_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ include "scorecard.redisSecretName" . }}
      key: {{ .Values.redis.auth.existingSecretKey }}
- name: SCORECARD_PREFIX
  value: {{ .Values.config.prefix | quote }}
- name: SCORECARD_PARTITIONS
  value: {{ .Values.config.partitions | quote }}
- name: SCORECARD_NAMESPACE
  value: {{ .Values.config.stateNamespace | quote }}
- name: SCORECARD_CATALOGUE
  value: /etc/scorecard/catalogue.yaml
- name: SCORECARD_CALENDAR
  value: /etc/scorecard/bank-holidays.csv
{{- end }}
