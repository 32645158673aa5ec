package soak

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// startReplicas starts the replicas, each exporting its spans to the soak's OTLP receiver.
func (s *soak) startReplicas() error {
	for i, addr := range s.ports.replicas {
		r := &replica{name: fmt.Sprintf("replica%d", i), addr: addr, logPath: s.path(fmt.Sprintf("replica%d", i)), env: []string{
			"NEO4J_URI=" + s.db.uri(), "NEO4J_PASSWORD=" + s.cfg.Password,
			// The proxies are on loopback: their X-Forwarded-For names the client. The soak's one client stands
			// for every user, so its cost budget is raised far above what one person may spend.
			"TRUSTED_PROXIES=127.0.0.1/32", "RATE_LIMIT_COST_PER_MINUTE=1000000000",
			"HTTP_CACHE_MAX_AGE=" + s.cfg.CacheMaxAge.String(), "HTTP_CACHE_STALE=" + s.cfg.CacheStale.String(),
			"OTEL_EXPORTER_OTLP_ENDPOINT=http://" + s.ports.otlp, "OTEL_SERVICE_NAME=cybercoop-" + fmt.Sprint(i),
		}}
		server, err := r.start(s.cfg.ServerBin)
		if err != nil {
			return err
		}
		r.server = server
		s.replicas = append(s.replicas, r)
	}
	for _, r := range s.replicas {
		if err := r.waitReady(context.Background(), time.Minute); err != nil {
			return err
		}
	}
	return nil
}

// stopReplicas stops every replica with SIGTERM (they flush their spans) and waits for them.
func (s *soak) stopReplicas() {
	s.replicasMu.Lock()
	defer s.replicasMu.Unlock()
	for _, r := range s.replicas {
		if r.server != nil {
			r.server.Stop()
			r.server = nil
		}
	}
}

// startProxies renders deploy/haproxy.cfg and deploy/varnish.vcl with the soak's addresses and runs HAProxy and
// Varnish in the foreground.
func (s *soak) startProxies() (balancer, cache *daemon, err error) {
	cfg, err := render(s.cfg.Root+"/deploy/haproxy.cfg", s.cfg.WorkDir, map[string]any{"Listen": s.ports.balancer, "Replicas": s.ports.replicas})
	if err != nil {
		return nil, nil, err
	}
	host, port, _ := net.SplitHostPort(s.ports.balancer)
	vcl, err := render(s.cfg.Root+"/deploy/varnish.vcl", s.cfg.WorkDir, map[string]any{"BackendHost": host, "BackendPort": port})
	if err != nil {
		return nil, nil, err
	}
	if balancer, err = startDaemon("haproxy", s.ports.balancer, s.path("haproxy.log"), "haproxy", "-db", "-f", cfg); err != nil {
		return nil, nil, err
	}
	// -j none: no jail, the soak runs as whoever runs it; -n: its own working folder, beside the logs.
	cache, err = startDaemon("varnish", s.ports.cache, s.path("varnish.log"), "varnishd", "-F", "-j", "none",
		"-a", s.ports.cache, "-f", vcl, "-n", s.path("varnish"), "-s", "malloc,256m", "-T", "127.0.0.1:0")
	if err != nil {
		balancer.stop()
		return nil, nil, err
	}
	// HAProxy's first health checks take up to two intervals to bring the replicas up.
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(500 * time.Millisecond) {
		if status(context.Background(), "http://"+s.ports.cache+"/graphql?query=%7B__typename%7D") == http.StatusOK {
			return balancer, cache, nil
		}
	}
	cache.stop()
	balancer.stop()
	return nil, nil, fmt.Errorf("no answer through Varnish and HAProxy after 30 s; see %s and %s", s.path("varnish.log"), s.path("haproxy.log"))
}

// ask sends one request of the workload straight to a replica (no cache in between) and reads its answer.
func ask(ctx context.Context, base string, r request) (answer, []byte, error) {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	var body io.Reader
	if r.body != nil {
		body = bytes.NewReader(r.body)
	}
	req, err := http.NewRequestWithContext(ctx, r.method, base+r.target, body)
	if err != nil {
		return answer{}, nil, err
	}
	req.Header.Set("Accept", "application/json")
	if r.body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return answer{}, nil, err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return answer{}, nil, err
	}
	return read(r, resp.StatusCode, raw, ""), raw, nil
}

var versionQuery = request{method: http.MethodPost, target: "/graphql", body: []byte(`{"query":"query SoakVersion { dataVersion }"}`)}

// replicaVersion is the data version a replica reports.
func replicaVersion(ctx context.Context, r *replica) (string, error) {
	_, raw, err := ask(ctx, "http://"+r.addr, versionQuery)
	if err != nil {
		return "", err
	}
	var v struct {
		Data struct {
			DataVersion string `json:"dataVersion"`
		} `json:"data"`
	}
	if err := json.Unmarshal(raw, &v); err != nil || v.Data.DataVersion == "" {
		return "", fmt.Errorf("%s: no data version in %.200s", r.name, raw)
	}
	return v.Data.DataVersion, nil
}

// currentVersion waits until every replica reports the same data version other than previous (the version
// before a load), and returns it.
func (s *soak) currentVersion(ctx context.Context, previous string) (string, error) {
	var last []string
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(500 * time.Millisecond) {
		last = last[:0]
		for _, r := range s.replicas {
			v, err := replicaVersion(ctx, r)
			if err != nil {
				v = err.Error()
			}
			last = append(last, v)
		}
		if len(slices.Compact(slices.Clone(last))) == 1 && !strings.Contains(last[0], " ") && last[0] != previous {
			return last[0], nil
		}
	}
	return "", fmt.Errorf("the replicas do not agree on a new data version 30 s after its load: %v", last)
}

// waitVersion waits until every replica reports version.
func (s *soak) waitVersion(ctx context.Context, version string) error {
	deadline := time.Now().Add(time.Minute)
	for {
		s.replicasMu.Lock()
		replicas := slices.Clone(s.replicas)
		s.replicasMu.Unlock()
		agree := true
		for _, r := range replicas {
			if v, err := replicaVersion(ctx, r); err != nil || v != version {
				agree = false
			}
		}
		if agree {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("the replicas do not serve data version %s a minute after its load", short(version))
		}
		time.Sleep(250 * time.Millisecond)
	}
}

// record reads the known answers of a data version: every request of the workload but the hostile ones, asked of
// the first replica twice. A request whose two answers differ, or whose answer differs from an earlier reading
// of the same version (after a reload of the same seeds), is unstable: its content is not compared, and the report
// names it.
func (s *soak) record(ctx context.Context, version string) error {
	base := "http://" + s.replicas[0].addr
	answers := s.check.golden[version]
	if answers == nil {
		answers = map[int][]string{}
		s.check.golden[version] = answers
	}
	for i, r := range s.requests {
		if r.refusal != "" {
			continue
		}
		var digests []string
		for range 2 {
			a, raw, err := ask(ctx, base, r)
			if err != nil {
				return fmt.Errorf("known answer of %s: %w", r.name, err)
			}
			if a.code != codeOK {
				return fmt.Errorf("known answer of %s (%s) in version %s: %s: %.300s", r.name, r.class, short(version), a.code, raw)
			}
			if a.version != "" && a.version != version {
				return fmt.Errorf("known answer of %s: read version %s, want %s", r.name, short(a.version), short(version))
			}
			digests = append(digests, a.digest)
		}
		for _, d := range digests {
			if !slices.Contains(answers[i], d) {
				answers[i] = append(answers[i], d)
			}
		}
		if len(answers[i]) > 1 || r.cut {
			s.check.unstable[i] = true
		}
	}
	ghana, err := s.readGhana(ctx, version)
	if err != nil {
		return err
	}
	s.ghana[version] = ghana
	s.logf("recorded the known answers of data version %s", short(version))
	return nil
}

// fact is a known difference between the data versions, read from the seeds, that the known answers must show.
type fact struct {
	what string
	held bool
	got  string
}

// ghanaReading is what a version says of Ghana: its number of activities, and whether removedActivity is among
// its activities of 23 to 27 October 2017.
type ghanaReading struct {
	count      int
	hasRemoved bool
}

var ghanaQuery = request{method: http.MethodPost, target: "/graphql", body: []byte(`{"query":"{ dataVersion country(id: \"country:gh\") { activities(first: 1) { totalCount } } accra: activities(filter: {countries: [\"country:gh\"], from: \"2017-10-23\", to: \"2017-10-27\"}) { nodes { id } } }"}`)}

// readGhana reads Ghana's facts from the first replica, which must report version.
func (s *soak) readGhana(ctx context.Context, version string) (ghanaReading, error) {
	_, raw, err := ask(ctx, "http://"+s.replicas[0].addr, ghanaQuery)
	if err != nil {
		return ghanaReading{}, err
	}
	var v struct {
		Data struct {
			DataVersion string `json:"dataVersion"`
			Country     struct {
				Activities struct {
					TotalCount int `json:"totalCount"`
				} `json:"activities"`
			} `json:"country"`
			Accra struct {
				Nodes []struct {
					ID string `json:"id"`
				} `json:"nodes"`
			} `json:"accra"`
		} `json:"data"`
	}
	if err := json.Unmarshal(raw, &v); err != nil || v.Data.DataVersion != version {
		return ghanaReading{}, fmt.Errorf("the facts of Ghana in version %s: %.300s", short(version), raw)
	}
	r := ghanaReading{count: v.Data.Country.Activities.TotalCount}
	for _, n := range v.Data.Accra.Nodes {
		r.hasRemoved = r.hasRemoved || n.ID == "activity:"+removedActivity
	}
	return r, nil
}

// knownFacts checks what the versions said of Ghana against the seed folders: B is A without removedActivity,
// so Ghana has one activity fewer; the seeds x100 hold each activity 100 times.
func (s *soak) knownFacts() []fact {
	a, b := s.ghana[s.versionA], s.ghana[s.versionB]
	facts := []fact{
		{what: "A holds activity:" + removedActivity + " (Accra, 23-27 October 2017)", held: a.hasRemoved, got: strconv.FormatBool(a.hasRemoved)},
		{what: "B does not hold it", held: !b.hasRemoved, got: strconv.FormatBool(!b.hasRemoved)},
		{what: "Ghana has one activity fewer in B than in A", held: a.count > 0 && b.count == a.count-1,
			got: fmt.Sprintf("A %d, B %d", a.count, b.count)},
	}
	if s.versionC != "" {
		c := s.ghana[s.versionC]
		facts = append(facts, fact{what: fmt.Sprintf("Ghana has %d times its activities in the seeds x%d", copies, copies),
			held: c.count == copies*a.count, got: fmt.Sprintf("x%d %d", copies, c.count)})
	}
	return facts
}
