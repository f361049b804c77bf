{{/* Names, labels and the checks every render runs first. */}}

{{- define "bulkhead.name" -}}
{{- .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* The release's full name: the release name alone when it already contains the chart name. */}}
{{- define "bulkhead.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "bulkhead.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "bulkhead.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- required "serviceAccount.name: name the ServiceAccount to run as when serviceAccount.create is false" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "bulkhead.selectorLabels" -}}
app.kubernetes.io/name: {{ include "bulkhead.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "bulkhead.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "bulkhead.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/component: operator
{{- end -}}

{{- define "bulkhead.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) -}}
{{- end -}}

{{/* The job label of the operator's metrics in the PrometheusRule's expressions. */}}
{{- define "bulkhead.operatorJob" -}}
{{- default (include "bulkhead.fullname" .) .Values.prometheusRule.operatorJob -}}
{{- end -}}

{{/*
Combinations of values that would install an operator that cannot work. Each message names the value and the fix.
Rendered by the Deployment, so `helm template`, `helm lint` and `helm install` all stop on them.
*/}}
{{- define "bulkhead.validate" -}}
{{- $v := .Values -}}
{{- if and (gt (int $v.replicas) 1) (not $v.leaderElection.enabled) -}}
{{- fail (printf "replicas: %d replicas without leaderElection.enabled would reconcile the same resources at once; set leaderElection.enabled=true or replicas=1" (int $v.replicas)) -}}
{{- end -}}
{{- if not (kindIs "slice" $v.watchNamespaces) -}}
{{- fail "watchNamespaces: give a list of namespaces, e.g. [team-a, team-b]" -}}
{{- end -}}
{{- $scope := toString $v.scope -}}
{{- if eq $scope "namespaced" -}}
{{- if not $v.watchNamespaces -}}
{{- fail "watchNamespaces: scope is namespaced but no namespace is listed; list the namespaces to watch (e.g. --set 'watchNamespaces={team-a,team-b}') or set scope=cluster" -}}
{{- end -}}
{{- else if eq $scope "cluster" -}}
{{- if $v.watchNamespaces -}}
{{- fail (printf "watchNamespaces: %v is only used with scope=namespaced; set scope=namespaced to watch only these namespaces, or remove watchNamespaces to watch all" $v.watchNamespaces) -}}
{{- end -}}
{{- else -}}
{{- fail (printf "scope: %q is not one of cluster, namespaced" (toString $v.scope)) -}}
{{- end -}}
{{- range $v.watchNamespaces -}}
{{- if not (regexMatch "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$" (toString .)) -}}
{{- fail (printf "watchNamespaces: %q is not a namespace name (lower-case letters, digits and '-')" (toString .)) -}}
{{- end -}}
{{- end -}}
{{- if ne (len $v.watchNamespaces) (len (uniq $v.watchNamespaces)) -}}
{{- fail (printf "watchNamespaces: %v lists a namespace twice" $v.watchNamespaces) -}}
{{- end -}}
{{- if and $v.unleash.url (not $v.unleash.adminTokenSecret.name) -}}
{{- fail "unleash.adminTokenSecret.name: unleash.url is set, so name the Secret holding the Unleash admin token (key unleash.adminTokenSecret.key)" -}}
{{- end -}}
{{- if and $v.unleash.adminTokenSecret.name (not $v.unleash.url) -}}
{{- fail "unleash.url: unleash.adminTokenSecret is set but unleash.url is empty; set the Unleash server URL" -}}
{{- end -}}
{{- if and $v.prometheus.bearerTokenSecret.name $v.prometheus.basicAuthSecret.name -}}
{{- fail "prometheus: set bearerTokenSecret or basicAuthSecret, not both (the operator uses one kind of credentials)" -}}
{{- end -}}
{{- if not (has $v.tenantMatching (list "exact-only" "regex-when-needed")) -}}
{{- fail (printf "tenantMatching: %q is not one of exact-only, regex-when-needed" $v.tenantMatching) -}}
{{- end -}}
{{- end -}}

{{/* An alert's runbook: docs/runbooks.md (or prometheusRule.runbookBaseUrl) and the section. */}}
{{- define "bulkhead.runbook" -}}
{{- printf "%s#%s" (default "docs/runbooks.md" .root.Values.prometheusRule.runbookBaseUrl) .section -}}
{{- end -}}
