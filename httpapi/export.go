package httpapi

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"time"

	"github.com/cybercoop/cybercoop"
	"github.com/cybercoop/cybercoop/export"
)

// exportTimeout bounds one download: longer than a GraphQL operation, since an export pages through a whole list.
const exportTimeout = 2 * time.Minute

type exportFunc func(ctx context.Context, w io.Writer, st export.Store, q url.Values) error

// exportRoute serves one export as a streamed download. Until its first byte an error is answered as an error
// response with its code; after that the download is cut short and the error logged.
func exportRoute(st export.Store, logger *slog.Logger, contentType, filename string, write exportFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), exportTimeout)
		defer cancel()
		out := &download{w: w, contentType: contentType, filename: filename}
		err := write(ctx, out, st, r.URL.Query())
		switch {
		case err == nil:
		case !out.started:
			code := cybercoop.ErrorCode(err)
			if code == cybercoop.EINTERNAL {
				logger.ErrorContext(ctx, "export failed", "path", r.URL.Path, "err", err)
			}
			writeError(w, exportStatus[code], cybercoop.PublicCodes[code], cybercoop.ErrorMessage(err))
		default:
			logger.WarnContext(ctx, "export cut short", "path", r.URL.Path, "err", err)
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
