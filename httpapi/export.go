package httpapi

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/cybercoop/cybercoop"
	"github.com/cybercoop/cybercoop/export"
	"github.com/cybercoop/cybercoop/graphqlhttp"
)

// DefaultExportTimeout is the deadline of an export when none is configured: the server's default operation timeout.
const DefaultExportTimeout = 10 * time.Second

type exportFunc func(ctx context.Context, w io.Writer, st export.Store, q url.Values) error

// exportRoute serves one export as a streamed download, within timeout (the operation timeout, which the server's
// write timeout and the switch grace are set to cover), with every page read from the data version current when it
// started (versions pins it; nil reads the current version page by page). The export's cost is charged to the
// client's rate limit before anything is written. Until its first byte an error is answered as an error response
// with its code; after that the connection is aborted, so the client sees a failed download rather than a short
// file that looks whole.
func exportRoute(st export.Store, versions Versions, timeout time.Duration, logger *slog.Logger, contentType, filename string, write exportFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), timeout)
		defer cancel()
		if versions != nil {
			pinned, _, err := versions.Pin(ctx)
			if err != nil {
				writeError(w, http.StatusServiceUnavailable, cybercoop.PublicCodes[cybercoop.EUNAVAILABLE], cybercoop.ErrorMessage(err))
				return
			}
			ctx = pinned
		}
		out := &download{w: w, contentType: contentType, filename: filename}
		err := write(ctx, out, st, r.URL.Query())
		var limited *export.RateLimited
		switch {
		case err == nil:
		case out.started:
			logger.WarnContext(ctx, "export cut short: connection aborted", "path", r.URL.Path, "err", err)
			panic(http.ErrAbortHandler)
		case errors.As(err, &limited):
			refusal := graphqlhttp.RateLimited(limited.Cost, limited.Wait)
			if seconds, ok := refusal.Extensions["retryAfter"].(int); ok {
				w.Header().Set("Retry-After", strconv.Itoa(seconds))
			}
			writeError(w, http.StatusTooManyRequests, graphqlhttp.CodeRateLimited, refusal.Message)
		default:
			code := cybercoop.ErrorCode(err)
			if code == cybercoop.EINTERNAL {
				logger.ErrorContext(ctx, "export failed", "path", r.URL.Path, "err", err)
			}
			writeError(w, exportStatus[code], cybercoop.PublicCodes[code], cybercoop.ErrorMessage(err))
		}
	}
}

// exportStatus is the HTTP status of each kind of error.
var exportStatus = map[string]int{
	cybercoop.EINVALID:     http.StatusBadRequest,
	cybercoop.ENOTFOUND:    http.StatusNotFound,
	cybercoop.EUNAVAILABLE: http.StatusServiceUnavailable,
	cybercoop.ETIMEOUT:     http.StatusGatewayTimeout,
	cybercoop.EINTERNAL:    http.StatusInternalServerError,
}

// download sets the download's headers on its first write, so that an error found before any output can still
// be answered with an error status.
type download struct {
	w                     http.ResponseWriter
	contentType, filename string
	started               bool
}

func (d *download) Write(p []byte) (int, error) {
	if !d.started {
		d.started = true
		d.w.Header().Set("Content-Type", d.contentType)
		d.w.Header().Set("Content-Disposition", `attachment; filename="`+d.filename+`"`)
	}
	return d.w.Write(p)
}
