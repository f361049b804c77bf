// Command etcd is the etcd server, built from the published module so the testbed needs no
// distribution package: Debian bookworm ships 3.4, below the 3.5.13 that Kubernetes 1.34 needs
// for watch progress requests. `go install go.etcd.io/etcd/server/v3@...` refuses the module
// because of its replace directives; a tiny main module that calls etcdmain does not.
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() {
	etcdmain.Main(os.Args)
}
