//go:build tools

// Package helm pins the Helm CLI the chart tests run (helm lint, helm template). testbed/build-binaries
// builds helm.sh/helm/v3/cmd/helm from this module, so the version and every dependency's checksum are
// fixed by go.mod and go.sum instead of by whatever `go install ...@latest` resolves on the day.
package helm

import (
	_ "helm.sh/helm/v3/cmd/helm"
)
