package soak

import (
	"image/color"
	"os"
	"path/filepath"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgsvg"
)

// chart draws latency (p50, p99) and errors per 5 s over the soak, with the fault windows shaded, into the
// report's chart file, and returns its name relative to the report.
func (r *report) chart(verdicts []verdict) (string, error) {
	const bucket = 5 * time.Second
	n := int(r.ended.Sub(r.started)/bucket) + 1
	lat := make([][]time.Duration, n)
	errs := make([]int, n)
	for _, v := range verdicts {
		i := min(n-1, max(0, int(v.at.Sub(r.started)/bucket)))
		lat[i] = append(lat[i], v.latency)
		if v.code != codeOK && r.requests[v.request].refusal == "" {
			errs[i]++
		}
	}
	var p50, p99, errPts plotter.XYs
	maxErr := 1.0
	for i := range n {
		x := (time.Duration(i) * bucket).Minutes()
		if len(lat[i]) > 0 {
			p50 = append(p50, plotter.XY{X: x, Y: max(0.1, float64(percentile(lat[i], 50))/1e6)})
			p99 = append(p99, plotter.XY{X: x, Y: max(0.1, float64(percentile(lat[i], 99))/1e6)})
		}
		errPts = append(errPts, plotter.XY{X: x, Y: float64(errs[i])})
		maxErr = max(maxErr, float64(errs[i]))
	}
	latency := plot.New()
	latency.Title.Text = "Latency (ms, log scale) per 5 s"
	latency.X.Label.Text = "minutes"
	latency.Y.Scale, latency.Y.Tick.Marker = plot.LogScale{}, plot.LogTicks{Prec: -1}
	latency.Y.Min, latency.Y.Max = 0.1, 40000
	errors := plot.New()
	errors.Title.Text = "Errors per 5 s (hostile refusals excluded)"
	errors.X.Label.Text = "minutes"
	errors.Y.Min, errors.Y.Max = 0, maxErr*1.1
	end := r.ended.Sub(r.started).Minutes()
	for _, p := range []*plot.Plot{latency, errors} {
		p.X.Min, p.X.Max = 0, end
		for _, w := range r.check.windows {
			if w.start.Before(r.started) {
				continue
			}
			x0, x1 := w.start.Sub(r.started).Minutes(), min(end, w.end.Add(w.bound).Sub(r.started).Minutes())
			band, err := plotter.NewPolygon(plotter.XYs{{X: x0, Y: p.Y.Min}, {X: x1, Y: p.Y.Min}, {X: x1, Y: p.Y.Max}, {X: x0, Y: p.Y.Max}})
			if err != nil {
				return "", err
			}
			band.Color = faultColor(w.kind)
			band.LineStyle.Width = 0
			p.Add(band)
		}
	}
	for _, series := range []struct {
		name string
		pts  plotter.XYs
		c    color.RGBA
		p    *plot.Plot
	}{{"p50", p50, color.RGBA{R: 30, G: 90, B: 200, A: 255}, latency}, {"p99", p99, color.RGBA{R: 200, G: 40, B: 40, A: 255}, latency},
		{"errors", errPts, color.RGBA{R: 120, G: 0, B: 0, A: 255}, errors}} {
		if len(series.pts) == 0 {
			continue
		}
		line, err := plotter.NewLine(series.pts)
		if err != nil {
			return "", err
		}
		line.Color = series.c
		series.p.Add(line)
		series.p.Legend.Add(series.name, line)
	}
	kinds := map[string]bool{}
	for _, w := range r.check.windows {
		if !kinds[w.kind] && !w.start.Before(r.started) {
			kinds[w.kind] = true
			swatch, _ := plotter.NewPolygon(plotter.XYs{{X: 0, Y: 0}})
			swatch.Color, swatch.LineStyle.Width = faultColor(w.kind), 0
			latency.Legend.Add(w.kind, swatch)
		}
	}
	latency.Legend.Top = true
	img := vgsvg.New(11*vg.Inch, 8*vg.Inch)
	dc := draw.New(img)
	tiles := draw.Tiles{Rows: 2, Cols: 1, PadX: vg.Millimeter * 4, PadY: vg.Millimeter * 6, PadTop: vg.Millimeter * 2,
		PadBottom: vg.Millimeter * 2, PadLeft: vg.Millimeter * 2, PadRight: vg.Millimeter * 4}
	canvases := plot.Align([][]*plot.Plot{{latency}, {errors}}, tiles, dc)
	latency.Draw(canvases[0][0])
	errors.Draw(canvases[1][0])
	f, err := os.Create(r.cfg.Chart)
	if err != nil {
		return "", err
	}
	defer f.Close()
	if _, err := img.WriteTo(f); err != nil {
		return "", err
	}
	rel, err := filepath.Rel(filepath.Dir(r.cfg.Report), r.cfg.Chart)
	if err != nil {
		return r.cfg.Chart, nil
	}
	return rel, nil
}

// faultColor gives each fault kind a pale colour of its own.
func faultColor(kind string) color.RGBA {
	switch kind {
	case faultReload:
		return color.RGBA{R: 200, G: 230, B: 255, A: 255}
	case faultReload100x:
		return color.RGBA{R: 210, G: 200, B: 255, A: 255}
	case faultReplicaKill:
		return color.RGBA{R: 255, G: 230, B: 190, A: 255}
	case faultNeo4jPause:
		return color.RGBA{R: 255, G: 210, B: 210, A: 255}
	default:
		return color.RGBA{R: 220, G: 220, B: 220, A: 255}
	}
}
