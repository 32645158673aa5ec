package bench

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// Server is a server process started for the benchmark: this service or the peer.
type Server struct {
	Name string // "service" or "peer"
	URL  string // its GraphQL endpoint
	cmd  *exec.Cmd
	log  *os.File
}

// Start runs cmd (its output goes to logPath) and waits until url, served at addr, answers a GraphQL request, for
// at most timeout. Something else already listening on addr is an error (it would be measured instead); the
// process is killed when it does not become ready.
func Start(name string, cmd *exec.Cmd, addr, url, logPath string, timeout time.Duration) (*Server, error) {
	if conn, err := net.DialTimeout("tcp", addr, time.Second); err == nil {
		conn.Close()
		return nil, fmt.Errorf("%s: %s is already in use; stop what listens there or choose another address", name, addr)
	}
	log, err := os.Create(logPath)
	if err != nil {
		return nil, err
	}
	cmd.Stdout, cmd.Stderr = log, log
	if err := cmd.Start(); err != nil {
		log.Close()
		return nil, fmt.Errorf("start %s: %w", name, err)
	}
	s := &Server{Name: name, URL: url, cmd: cmd, log: log}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		select {
		case err := <-exited:
			log.Close()
			return nil, fmt.Errorf("%s exited before it was ready (%v); see %s", name, err, logPath)
		case <-time.After(200 * time.Millisecond):
		}
		if _, err := s.Ask(context.Background(), []byte(`{"query":"{ __typename }"}`)); err == nil {
			return s, nil // exited is buffered: the waiting goroutine reaps the process when it stops
		}
	}
	s.Stop()
	return nil, fmt.Errorf("%s not ready after %s; see %s", name, timeout, logPath)
}

// PID is the server's process id.
func (s *Server) PID() int { return s.cmd.Process.Pid }

// Stop asks the server to stop (SIGTERM), and kills it after 5 s.
func (s *Server) Stop() {
	defer s.log.Close()
	p := s.cmd.Process
	if p.Signal(syscall.SIGTERM) != nil {
		return // already gone
	}
	for range 50 {
		if p.Signal(syscall.Signal(0)) != nil {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	_ = p.Kill()
}

// Ask POSTs a GraphQL request (JSON) and returns the response body; a status other than 200 is an error.
func (s *Server) Ask(ctx context.Context, request []byte) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.URL, bytes.NewReader(request))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	var body bytes.Buffer
	if _, err := body.ReadFrom(resp.Body); err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("%s answered %s", s.Name, resp.Status)
	}
	return body.Bytes(), nil
}

// RSSSampler polls a process's resident set size (VmRSS in /proc/PID/status) and keeps the highest value seen.
type RSSSampler struct {
	pid  int
	stop chan struct{}
	done sync.WaitGroup
	peak int64 // KiB
}

// SampleRSS starts polling pid every interval until Peak is called.
func SampleRSS(pid int, interval time.Duration) *RSSSampler {
	r := &RSSSampler{pid: pid, stop: make(chan struct{})}
	r.done.Add(1)
	go func() {
		defer r.done.Done()
		t := time.NewTicker(interval)
		defer t.Stop()
		for {
			if kib, err := ReadRSS(pid); err == nil {
				r.peak = max(r.peak, kib)
			}
			select {
			case <-r.stop:
				return
			case <-t.C:
			}
		}
	}()
	return r
}

// Peak stops the sampling and returns the highest RSS seen, in KiB. Nothing seen means the process is gone,
// which is an error: its numbers would be another process's.
func (r *RSSSampler) Peak() (int64, error) {
	close(r.stop)
	r.done.Wait()
	if r.peak == 0 {
		return 0, fmt.Errorf("process %d is gone", r.pid)
	}
	return r.peak, nil
}

// ReadCPUTime reads the CPU time a process has used so far, user and system, all its threads (/proc/PID/stat).
func ReadCPUTime(pid int) (time.Duration, error) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return 0, err
	}
	return statCPUTime(string(b))
}

// clockTicksPerSecond is Linux's USER_HZ, the unit of /proc's CPU times: 100 on every architecture Go supports.
const clockTicksPerSecond = 100

// statCPUTime reads utime and stime from a /proc/PID/stat line. The command name, second field, is in parentheses
// and may hold spaces, so the fields are counted from the last ')'.
func statCPUTime(stat string) (time.Duration, error) {
	end := strings.LastIndexByte(stat, ')')
	if end < 0 {
		return 0, fmt.Errorf("no command name in the process stat")
	}
	fields := strings.Fields(stat[end+1:]) // state, ppid, ... : utime and stime are the 12th and 13th
	if len(fields) < 13 {
		return 0, fmt.Errorf("the process stat has %d fields after the command name, want at least 13", len(fields))
	}
	var ticks int64
	for _, f := range fields[11:13] {
		n, err := strconv.ParseInt(f, 10, 64)
		if err != nil {
			return 0, fmt.Errorf("process stat: CPU time %q: %w", f, err)
		}
		ticks += n
	}
	return time.Duration(ticks) * time.Second / clockTicksPerSecond, nil
}

// ReadRSS reads a process's current resident set size in KiB.
func ReadRSS(pid int) (int64, error) {
	f, err := os.Open("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return 0, err
	}
	defer f.Close()
	return statusField(f, "VmRSS")
}

// statusField reads a "Name:   123 kB" line of a /proc status file, in KiB.
func statusField(status io.Reader, name string) (int64, error) {
	sc := bufio.NewScanner(status)
	for sc.Scan() {
		if value, ok := strings.CutPrefix(sc.Text(), name+":"); ok {
			return strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(value), " kB"), 10, 64)
		}
	}
	return 0, fmt.Errorf("no %s line in the process status", name)
}
