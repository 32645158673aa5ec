package main

import (
	"os"
	"runtime/debug"
	"runtime/metrics"
)

// The garbage collector's settings when the environment sets none. A request allocates many times what the
// service keeps alive (under load on the seeds, a few MiB of caches and connections), so Go's default GOGC=100 collects every few requests
// and the collector's share of the CPU rivals the resolvers' (a three-level query: 7.5 ms of CPU per request at
// 100, 5.6 ms at 400). The memory limit keeps the larger heap from growing past a bound: near it the collector runs
// as often as it must. The caches' default budgets (64 MiB of parsed queries, 16 MiB of persisted ones) fit under
// it with room for requests.
const (
	defaultGCPercent   = 400
	defaultMemoryLimit = 160 << 20
)

// tuneGC applies the defaults above unless GOGC or GOMEMLIMIT is set, and returns the settings in force.
func tuneGC() (gcPercent int, memoryLimit int64) {
	if _, set := os.LookupEnv("GOGC"); !set {
		debug.SetGCPercent(defaultGCPercent)
	}
	if _, set := os.LookupEnv("GOMEMLIMIT"); !set {
		debug.SetMemoryLimit(defaultMemoryLimit)
	}
	in := []metrics.Sample{{Name: "/gc/gogc:percent"}, {Name: "/gc/gomemlimit:bytes"}}
	metrics.Read(in)
	return int(in[0].Value.Uint64()), int64(in[1].Value.Uint64())
}
