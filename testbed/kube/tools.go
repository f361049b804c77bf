//go:build tools

// Package kube pins the Kubernetes control-plane binaries the testbed builds.
// k8s.io/kubernetes requires its staging modules at v0.0.0 and replaces them with local paths,
// so `go install ...@version` refuses it; this module replaces each staging module with its
// published v0.34.x instead, which lets `go build` produce the binaries from the module proxy.
package kube

import (
	_ "k8s.io/kubernetes/cmd/kube-apiserver"
	_ "k8s.io/kubernetes/cmd/kube-controller-manager"
	_ "k8s.io/kubernetes/cmd/kube-scheduler"
	_ "k8s.io/kubernetes/cmd/kubectl"
)
