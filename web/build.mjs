// Builds the workbench into dist/: hashed bundles under dist/assets/ (served with long cache headers) and the
// HTML pages that load them (no inline script, so the service's Content-Security-Policy holds).
// The output only depends on the sources and the lockfile, so `make check-web` can rebuild and compare.
// Besides the workbench: the embed page (dist/embed.html, served at /embed/{view}) and /embed.js, the partners'
// entry point, which only imports the hashed web component (dist/embed.js; it keeps a stable URL).
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

// A .graphql file (web/documents, the trusted documents) imports as {id, text}: its text and the id the server
// registers it under, "sha256:" and the SHA-256 of the exact file (package web/documents computes the same).
const trustedDocuments = {
  name: "trusted-documents",
  setup(build) {
    build.onLoad({ filter: /\.graphql$/ }, (args) => {
      const text = readFileSync(args.path, "utf8");
      const id = "sha256:" + createHash("sha256").update(text).digest("hex");
      return { contents: `export default ${JSON.stringify({ id, text })};`, loader: "js" };
    });
  },
};

// Lit leaves names on window: version markers (litHtmlVersions, litElementVersions, reactiveElementVersions) for its
// check of duplicate copies, and the WeakMap of its decorators' metadata (litPropertyMetadata). The embeds add nothing
// to a partner's page but <cybercoop-view>, so the markers go and the WeakMap is the module's own (no view uses
// decorators). A Lit release that writes them differently fails the build here rather than leak.
const litWithoutGlobals = {
  name: "lit-without-globals",
  setup(build) {
    const files = /node_modules\/(lit-html\/lit-html|lit-element\/lit-element|@lit\/reactive-element\/reactive-element)\.js$/;
    build.onLoad({ filter: files }, (args) => {
      let text = readFileSync(args.path, "utf8");
      const edit = (pattern, replacement) => {
        if (!pattern.test(text)) throw new Error(`${args.path}: no ${pattern}; Lit changed, revisit litWithoutGlobals`);
        text = text.replace(pattern, replacement);
      };
      edit(/\(\w+\.(litHtmlVersions|litElementVersions|reactiveElementVersions)\?\?=\[\]\)\.push\("[\d.]+"\)/, "void 0");
      if (args.path.endsWith("reactive-element.js")) {
        edit(/,\w+\.litPropertyMetadata\?\?=new WeakMap/, "");
        text = "const litPropertyMetadata = new WeakMap();\n" + text;
      }
      return { contents: text, loader: "js" };
    });
  },
};

const entries = {
  graphiql: "src/graphiql/main.jsx",
  explorer: "src/explorer/main.js",
  embed: "src/embed/page.js",
  element: "src/embed/element.js",
};
const result = await esbuild.build({
  entryPoints: entries,
  plugins: [trustedDocuments, litWithoutGlobals],
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
const outputOf = (entry) => outputs.find(([, m]) => m.entryPoint === entries[entry]);
for (const page of ["graphiql", "explorer", "embed"]) {
  const [js, meta] = outputOf(page);
  const css = meta.cssBundle;
  let html = readFileSync(`src/${page}/index.html`, "utf8");
  html = html.replace("{{script}}", "/" + path.relative(dist, js));
  html = html.replace("{{style}}", css ? `<link rel="stylesheet" href="/${path.relative(dist, css)}">` : "");
  writeFileSync(path.join(dist, `${page}.html`), html);
}
// Relative, so that it resolves against wherever the partner's page loaded /embed.js from.
writeFileSync(path.join(dist, "embed.js"), `import "./${path.relative(dist, outputOf("element")[0])}";\n`);

for (const [file, meta] of outputs) {
  if (file.endsWith(".js") || file.endsWith(".css")) console.log(`${file}\t${(meta.bytes / 1024).toFixed(0)} KiB`);
}

function hashOf(bytes) {
  return createHash("sha256").update(bytes).digest("hex").slice(0, 8).toUpperCase();
}
