# Varnish in front of HAProxy, as a CDN would be in front of the service (deploy/README.md).
#
# The soak (make soak) runs this very file, with only the address of HAProxy filled in ({{.BackendHost}},
# {{.BackendPort}}).
#
# The service says what may be kept: GET /graphql answers, the embed pages and /embed.js carry
# "Cache-Control: public, max-age=M, stale-while-revalidate=S" and an ETag that changes with the data version and
# the day; answers holding errors carry "no-store"; POST answers and exports carry nothing. This file keeps exactly
# that: fresh for M, then served stale for up to S while one background request revalidates with If-None-Match.
vcl 4.1;

import std;

backend haproxy {
    .host = "{{.BackendHost}}";
    .port = "{{.BackendPort}}";
    .connect_timeout = 2s;
    .first_byte_timeout = 25s;
    .between_bytes_timeout = 25s;
}

sub vcl_recv {
    # Metrics and probes are for the operators' network, not the public (README, "Metrics and traces").
    if (req.url ~ "^/(metrics|readyz|healthz)(\?|$)") {
        return (synth(404, "Not Found"));
    }
    # The rest is Varnish's built-in logic: GET and HEAD are looked up, POST passes, X-Forwarded-For gets the
    # client's address appended.
}

sub vcl_backend_response {
    # Only what the service marks cacheable is kept. Varnish would otherwise keep an answer without Cache-Control
    # (an export, a POST answer) for its default TTL, across a new load of the data.
    if (beresp.http.Cache-Control !~ "max-age=") {
        set beresp.uncacheable = true;
        set beresp.ttl = 0s;
        return (deliver);
    }
    # A background revalidation that fails (the service answered an error, which it marks no-store) keeps the
    # stale copy being served, as a CDN's stale-if-error would: an outage of Neo4j does not empty the cache.
    if (bereq.is_bgfetch && (beresp.status >= 500 || beresp.http.Cache-Control ~ "no-store")) {
        return (abandon);
    }
    # stale-while-revalidate is the grace: how long past max-age a stale answer is served while revalidating.
    if (beresp.http.Cache-Control ~ "stale-while-revalidate=[0-9]+") {
        set beresp.grace = std.duration(regsub(beresp.http.Cache-Control,
            ".*stale-while-revalidate=([0-9]+).*", "\1") + "s", 0s);
    }
    # Kept a while longer for conditional requests only: a 304 from the service (same data version and day)
    # refreshes the copy without sending the body again. Never served from this keep time.
    set beresp.keep = 10m;
}

sub vcl_deliver {
    # Says whether this answer came from the cache, for the soak's report and for debugging.
    if (obj.hits > 0) {
        set resp.http.X-Varnish-Cache = "HIT";
    } else {
        set resp.http.X-Varnish-Cache = "MISS";
    }
}
