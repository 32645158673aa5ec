package main

import (
	"os"
	"runtime/debug"
	"testing"
)

func TestTuneGC(t *testing.T) {
	before, beforeLimit := debug.SetGCPercent(100), debug.SetMemoryLimit(1<<40)
	t.Cleanup(func() { debug.SetGCPercent(before); debug.SetMemoryLimit(beforeLimit) })

	unset := func(t *testing.T, key string) {
		t.Setenv(key, "") // restores the variable after the test
		os.Unsetenv(key)
	}
	t.Run("defaults when the environment sets nothing", func(t *testing.T) {
		unset(t, "GOGC")
		unset(t, "GOMEMLIMIT")
		if percent, limit := tuneGC(); percent != defaultGCPercent || limit != defaultMemoryLimit {
			t.Errorf("tuneGC() = %d, %d; want %d, %d", percent, limit, defaultGCPercent, defaultMemoryLimit)
		}
	})
	t.Run("the environment's settings stay", func(t *testing.T) {
		// The runtime reads GOGC and GOMEMLIMIT when the process starts; these stand for what it read.
		debug.SetGCPercent(150)
		debug.SetMemoryLimit(64 << 20)
		t.Setenv("GOGC", "150")
		t.Setenv("GOMEMLIMIT", "64MiB")
		if percent, limit := tuneGC(); percent != 150 || limit != 64<<20 {
			t.Errorf("tuneGC() = %d, %d; want 150, %d", percent, limit, 64<<20)
		}
	})
}
