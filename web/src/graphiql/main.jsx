// GraphiQL at /: the schema docs and history plugins, the example queries as the default document, the loaded
// data version in the logo. Everything comes from this service (no CDN); CodeMirror 5 needs no worker or eval.
import { GraphiQL } from "graphiql";
import { createGraphiQLFetcher } from "@graphiql/toolkit";
import { createRoot } from "react-dom/client";
import "graphiql/style.css";
import "./page.css";

const endpoint = "/graphql";

async function start() {
  const [examples, dataVersion] = await Promise.all([
    fetch("/examples.graphql").then((r) => (r.ok ? r.text() : "")),
    fetch(endpoint, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ query: "{ dataVersion }" }),
    }).then((r) => r.json()).then((b) => b.data?.dataVersion ?? "none loaded").catch(() => "unknown"),
  ]);
  // ?query= opens a given document (the links the README and the explorer give); otherwise the examples.
  const query = new URLSearchParams(location.search).get("query") ?? undefined;
  createRoot(document.getElementById("graphiql")).render(
    <GraphiQL fetcher={createGraphiQLFetcher({ url: endpoint })} defaultQuery={examples} query={query}>
      <GraphiQL.Logo>
        <span className="cc-logo">Cybercoop</span>{" "}
        <a className="cc-link" href="/explorer">explorer</a>{" "}
        <span className="cc-version" title="Hash of the loaded data (query dataVersion)">data {dataVersion}</span>
      </GraphiQL.Logo>
    </GraphiQL>,
  );
}

start();
