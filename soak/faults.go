package soak

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"time"
)

// Fault kinds, with the recovery bound each is held to: after the fault's action has ended (the replica is ready
// again, Neo4j resumed or reported ready by scripts/neo4j.sh, the load has switched), errors may go on for at most
// this long.
const (
	faultReload      = "reload"
	faultReplicaKill = "replica killed (kill -9) and restarted"
	faultNeo4jPause  = "Neo4j paused (SIGSTOP) for 5 s"
	faultNeo4jKill   = "Neo4j killed (kill -9) and restarted"
	faultReload100x  = "reload to the seeds x100"
)

// A reload clears the slot it switched away from (22,109 nodes after the x100 one) as it ends, which keeps Neo4j
// busy for some seconds after.
var recoveryBounds = map[string]time.Duration{
	faultReload:      15 * time.Second,
	faultReplicaKill: 5 * time.Second,
	faultNeo4jPause:  10 * time.Second,
	faultNeo4jKill:   45 * time.Second,
	faultReload100x:  15 * time.Second,
}

// fault is one scheduled event and, once run, what happened.
type fault struct {
	kind, detail string
	at           time.Duration // planned, from the start of the soak
	start, end   time.Time
	err          error
	skipped      string // why it did not run
	recovery     time.Duration
	errors       int // benign answers that were errors during its window
}

// schedule places the faults over the soak. From 8 minutes on, the events come in a fixed order, evenly spaced,
// so that a reload comes every two slots (every 2 minutes in a 10-minute soak); the last slot is left for the
// events that run late (a load after Neo4j's restart took 2 minutes on the loaded machine). A shorter soak (CI's 90 s) runs
// one event of each kind but the x100 reload, Neo4j's restart first since its recovery is the longest, at fixed
// shares of the run; it leaves out the reload to the seeds x100 and back (each of those loads waits for the 15 s
// switch grace, and the x100 one writes 21,800 activities: about a minute for both) and the second reload.
func schedule(d time.Duration) (events []fault, skipped []string) {
	if d >= 8*time.Minute {
		events = []fault{
			{kind: faultReplicaKill, detail: "replica1"},
			{kind: faultReload, detail: "to B"},
			{kind: faultNeo4jPause},
			{kind: faultReload, detail: "to A"},
			{kind: faultNeo4jKill},
			{kind: faultReload, detail: "to B"},
			{kind: faultReload100x},
			{kind: faultReload, detail: "to A (back from x100)"},
		}
		slot := d / time.Duration(len(events)+2)
		for i := range events {
			events[i].at = slot * time.Duration(i+1)
		}
		return events, nil
	}
	share := func(percent int) time.Duration { return d * time.Duration(percent) / 100 }
	events = []fault{
		{kind: faultNeo4jKill, at: share(8)},
		{kind: faultNeo4jPause, at: share(40)},
		{kind: faultReplicaKill, detail: "replica1", at: share(50)},
		{kind: faultReload, detail: "to B", at: share(58)}, // last: a load takes 30 to 70 s on the loaded machine
	}
	return events, []string{"the reload to the seeds x100 and back, and a second reload (a soak of at least 8 minutes runs them)"}
}

// runFaults runs the events in order, each at its time or as soon as the one before it has ended, and skips those
// that could not start 15 s before the end of the soak (their recovery would not be seen), and those left when
// the load is over (over closed). A fault under way when the load ends runs to its end.
func (s *soak) runFaults(ctx context.Context, over <-chan struct{}, started time.Time, events []fault) {
	for i := range events {
		f := &events[i]
		wait := time.Until(started.Add(f.at))
		select {
		case <-ctx.Done():
			f.skipped = "the soak was interrupted"
			continue
		case <-over:
			f.skipped = "the soak ended first"
			continue
		case <-time.After(wait):
		}
		if time.Until(started.Add(s.cfg.Duration)) < 15*time.Second {
			f.skipped = "the events before it ran late: too close to the end of the soak for its recovery to be seen"
			continue
		}
		f.start = time.Now()
		w := s.check.openWindow(f.kind, f.start, recoveryBounds[f.kind])
		f.err = s.inject(ctx, f)
		f.end = time.Now()
		s.check.closeWindow(w, f.end)
		s.logf("fault %s %s: %s (%v)", f.kind, f.detail, f.end.Sub(f.start).Round(100*time.Millisecond), f.err)
	}
}

// inject carries out one fault and waits until its action is over.
func (s *soak) inject(ctx context.Context, f *fault) error {
	switch f.kind {
	case faultReload:
		folder, version := s.seedsA, s.versionA
		if f.detail == "to B" {
			folder, version = s.seedsB, s.versionB
		}
		return s.reload(ctx, folder, version)
	case faultReload100x:
		return s.load100x(ctx)
	case faultReplicaKill:
		return s.killReplica(ctx, f.detail)
	case faultNeo4jPause:
		pid, err := s.db.pid()
		if err != nil {
			return err
		}
		if err := syscall.Kill(pid, syscall.SIGSTOP); err != nil {
			return err
		}
		time.Sleep(5 * time.Second)
		return syscall.Kill(pid, syscall.SIGCONT)
	case faultNeo4jKill:
		pid, err := s.db.pid()
		if err != nil {
			return err
		}
		if err := syscall.Kill(pid, syscall.SIGKILL); err != nil {
			return err
		}
		for syscall.Kill(pid, 0) == nil {
			time.Sleep(100 * time.Millisecond)
		}
		return s.db.script(ctx, "start")
	}
	return fmt.Errorf("unknown fault %q", f.kind)
}

// reload runs the loader on a seed folder and records when the version could switch.
func (s *soak) reload(ctx context.Context, folder, version string) error {
	load := s.versions.begin(version, time.Now())
	err := s.runLoader(ctx, folder)
	s.versions.end(load, err == nil, time.Now())
	if err != nil {
		return err
	}
	return s.waitVersion(ctx, version)
}

// runLoader loads a seed folder with bin/loader, as an operator would. -allow-shrink lets the soak go back from
// the seeds x100 (99 % of the activities removed) and from A to B (one removed); the shrink check itself is tested
// in cmd/loader.
func (s *soak) runLoader(ctx context.Context, folder string) error {
	args := []string{"-seeds", folder, "-documents", s.cfg.DocumentsDir, "-allow-shrink"}
	cmd := exec.CommandContext(ctx, s.cfg.LoaderBin, args...)
	cmd.Env = append(withoutEnv(os.Environ(), "NEO4J_URI"), "NEO4J_URI="+s.db.uri(), "NEO4J_PASSWORD="+s.db.password)
	log, err := os.OpenFile(s.path("loader.log"), os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	defer log.Close()
	fmt.Fprintf(log, "\n== %s: loader %v\n", time.Now().Format(time.TimeOnly), args)
	var out strings.Builder
	cmd.Stdout, cmd.Stderr = io.MultiWriter(log, &out), log
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("loader on %s: %w (see %s)", folder, err, log.Name())
	}
	s.loads.Add(1)
	if strings.Contains(out.String(), "Neo4j holds one graph") {
		s.oneGraph.Add(1)
	}
	return nil
}

// killReplica kills a replica with SIGKILL, restarts it 5 s later and waits until it is ready.
func (s *soak) killReplica(ctx context.Context, name string) error {
	var r *replica
	for _, candidate := range s.replicas {
		if candidate.name == name {
			r = candidate
		}
	}
	if r == nil {
		return fmt.Errorf("no replica %s", name)
	}
	s.replicasMu.Lock()
	err := syscall.Kill(r.server.PID(), syscall.SIGKILL)
	r.server = nil // its samples stop; the restarted process is sampled as a new one
	s.replicasMu.Unlock()
	if err != nil {
		return err
	}
	time.Sleep(5 * time.Second)
	server, err := r.start(s.cfg.ServerBin)
	if err != nil {
		return err
	}
	s.replicasMu.Lock()
	r.server = server
	s.replicasMu.Unlock()
	return r.waitReady(ctx, time.Minute)
}
