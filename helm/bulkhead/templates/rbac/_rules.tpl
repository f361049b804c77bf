{{/*
What the operator does in a namespace it watches, verb by verb (operator/src/main/java; docs/install.md has the
table). The same rules go into the ClusterRole (scope=cluster) or into a Role per watched namespace
(scope=namespaced). HelmRbacIT checks each verb is granted and runs the operator under exactly these rules.
*/}}
{{- define "bulkhead.rules" -}}
# The four resources: informers (get, list, watch); a Rollout is read afresh before each decision (get); patch removes a
# consumed bulkhead.dev/action annotation from a Rollout (a JSON patch that tests the action's id) and adds or removes a
# FeatureFlag's finalizer (server-side apply).
- apiGroups: [bulkhead.dev]
  resources: [rollouts, segmentations, servicelevelobjectives, featureflags]
  verbs: [get, list, watch, patch]
# Status is written with server-side apply, only when it changed; a Rollout's status is replaced (update) with the
# resourceVersion it was decided from, so a concurrent change is a conflict, never an overwrite (an action recorded
# in status is never lost).
- apiGroups: [bulkhead.dev]
  resources: [rollouts/status]
  verbs: [patch, update]
- apiGroups: [bulkhead.dev]
  resources: [segmentations/status, servicelevelobjectives/status, featureflags/status]
  verbs: [patch]
# A Rollout owns its Deployments and Services with blockOwnerDeletion, which clusters running the
# OwnerReferencesPermissionEnforcement admission plugin allow only to who may update the owner's finalizers.
- apiGroups: [bulkhead.dev]
  resources: [rollouts/finalizers]
  verbs: [update]
# Segmentations' tenant lists (informers; read only).
- apiGroups: [""]
  resources: [configmaps]
  verbs: [get, list, watch]
# Route releases: the stable and canary Deployments and Services, written with server-side apply (a patch that the
# API server authorizes as create when the object does not exist yet); the canary retired by reading and replacing
# its scale; the Deployment a flag release names read for readiness.
- apiGroups: [apps]
  resources: [deployments]
  verbs: [get, list, watch, create, patch]
- apiGroups: [apps]
  resources: [deployments/scale]
  verbs: [get, update]
# Services are read first: one that exists and is controlled by someone else is never written (ObjectNotOwned), and
# one of the Rollout's own is written only when it differs from what the Rollout wants.
- apiGroups: [""]
  resources: [services]
  verbs: [get, create, patch]
# Rollback, pause, promotion and invalid-action Events.
- apiGroups: [""]
  resources: [events]
  verbs: [create]
# The routes a route release keeps in sync with the exposure: read, then replaced as a whole.
- apiGroups: [gateway.networking.k8s.io]
  resources: [httproutes]
  verbs: [get, update]
- apiGroups: [networking.istio.io]
  resources: [virtualservices]
  verbs: [get, update]
# Each SLO's recording rules and burn-rate alerts, when the Prometheus Operator's CRD is served (read, then
# server-side apply when it differs).
- apiGroups: [monitoring.coreos.com]
  resources: [prometheusrules]
  verbs: [get, create, patch]
{{- end -}}
