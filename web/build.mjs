// Builds the workbench into dist/: hashed bundles under dist/assets/ (served with long cache headers) and the
// HTML pages that load them (no inline script, so the service's Content-Security-Policy holds).
// The output only depends on the sources and the lockfile, so `make check-web` can rebuild and compare.
import * as esbuild from "esbuild";
import { createHash } from "node:crypto";
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";

const dist = "dist";
const assets = path.join(dist, "assets");
rmSync(dist, { recursive: true, force: true });
mkdirSync(assets, { recursive: true });

// The Natural Earth country shapes are a file of their own, fetched by the map view from beside its bundle.
const atlasSource = "node_modules/world-atlas/countries-50m.json";
const atlasName = `countries-50m-${hashOf(readFileSync(atlasSource))}.json`;
copyFileSync(atlasSource, path.join(assets, atlasName));

const result = await esbuild.build({
  entryPoints: { graphiql: "src/graphiql/main.jsx", explorer: "src/explorer/main.js" },
  outdir: assets,
  bundle: true,
  splitting: true,
  format: "esm",
  minify: true,
  sourcemap: false,
  target: "es2022",
  entryNames: "[name]-[hash]",
  chunkNames: "chunk-[hash]",
  assetNames: "[name]-[hash]",
  jsx: "automatic",
  loader: { ".woff2": "file", ".woff": "file", ".ttf": "file" },
  define: { "process.env.NODE_ENV": '"production"', ATLAS_FILE: JSON.stringify(atlasName) },
  legalComments: "linked",
  metafile: true,
  logLevel: "warning",
});

// Each page names its entry's hashed script and stylesheet.
const outputs = Object.entries(result.metafile.outputs);
for (const page of ["graphiql", "explorer"]) {
  const [js, meta] = outputs.find(([, m]) => m.entryPoint === `src/${page}/main.${page === "graphiql" ? "jsx" : "js"}`);
  const css = meta.cssBundle;
  let html = readFileSync(`src/${page}/index.html`, "utf8");
  html = html.replace("{{script}}", "/" + path.relative(dist, js));
  html = html.replace("{{style}}", css ? `<link rel="stylesheet" href="/${path.relative(dist, css)}">` : "");
  writeFileSync(path.join(dist, `${page}.html`), html);
}

for (const [file, meta] of outputs) {
  if (file.endsWith(".js") || file.endsWith(".css")) console.log(`${file}\t${(meta.bytes / 1024).toFixed(0)} KiB`);
}

function hashOf(bytes) {
  return createHash("sha256").update(bytes).digest("hex").slice(0, 8).toUpperCase();
}
