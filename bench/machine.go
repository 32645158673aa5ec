package bench

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
)

// Machine describes where a benchmark ran, so that its numbers can be read for what they are.
type Machine struct {
	CPUs     int
	CPUModel string
	Memory   string // total, e.g. "23.5 GiB"
	LoadAvg  string // 1, 5 and 15 minute load averages from /proc/loadavg
	Commit   string // short hash, "+dirty" when the work tree has uncommitted changes
}

// DescribeMachine reads the CPU, memory and load from /proc and the commit from git (run in the repository);
// what cannot be read is left as "unknown".
func DescribeMachine() Machine {
	m := Machine{CPUs: runtime.NumCPU(), CPUModel: "unknown", Memory: "unknown", LoadAvg: LoadAverage(), Commit: "unknown"}
	if f, err := os.Open("/proc/cpuinfo"); err == nil {
		m.CPUModel = procField(f, "model name", m.CPUModel)
		f.Close()
	}
	if f, err := os.Open("/proc/meminfo"); err == nil {
		m.Memory = gib(procField(f, "MemTotal", ""))
		f.Close()
	}
	if out, err := exec.Command("git", "rev-parse", "--short", "HEAD").Output(); err == nil {
		m.Commit = strings.TrimSpace(string(out))
		if status, err := exec.Command("git", "status", "--porcelain", "--untracked-files=no").Output(); err == nil && len(status) > 0 {
			m.Commit += "+dirty"
		}
	}
	return m
}

// gib turns /proc/meminfo's "24683656 kB" into "23.5 GiB", or "unknown".
func gib(meminfo string) string {
	kib, err := strconv.ParseFloat(strings.TrimSuffix(meminfo, " kB"), 64)
	if err != nil {
		return "unknown"
	}
	return fmt.Sprintf("%.1f GiB", kib/(1<<20))
}

// LoadAverage is the first three fields of /proc/loadavg, or "unknown".
func LoadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if fields := strings.Fields(string(b)); err == nil && len(fields) >= 3 {
		return strings.Join(fields[:3], " ")
	}
	return "unknown"
}

// procField reads the value of the first "name : value" line of a /proc file, or returns fallback.
func procField(r io.Reader, name, fallback string) string {
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		key, value, ok := strings.Cut(sc.Text(), ":")
		if ok && strings.TrimSpace(key) == name {
			return strings.TrimSpace(value)
		}
	}
	return fallback
}
