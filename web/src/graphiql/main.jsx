// GraphiQL at /: the schema docs and history plugins, the example queries as the default document, the loaded
// data version in the logo. Everything comes from this service (no CDN); CodeMirror 5 needs no worker or eval.
import { GraphiQL } from "graphiql";
import { createGraphiQLFetcher } from "@graphiql/toolkit";
import { buildClientSchema, getIntrospectionQuery } from "graphql";
import { createRoot } from "react-dom/client";
import "graphiql/style.css";
import "./page.css";

const endpoint = "/graphql";

// GraphiQL's own introspection query follows type wrappers nine levels down, deeper than the API accepts
// (MAX_QUERY_DEPTH, 12 by default). Four levels cover every type of this schema (the deepest is [Entity!]!), so the
// page asks that and hands GraphiQL the schema: docs, completion and validation work within the API's limits.
const typeRef = "fragment TypeRef on __Type { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } }";
const introspection = getIntrospectionQuery({ descriptions: true, inputValueDeprecation: true })
  .replace(/fragment TypeRef on __Type \{[\s\S]*$/, typeRef);

async function post(query) {
  const response = await fetch(endpoint, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ query }),
  });
  return response.json();
}

async function start() {
  const [examples, dataVersion, schema] = await Promise.all([
    fetch("/examples.graphql").then((r) => (r.ok ? r.text() : "")),
    post("{ dataVersion }").then((b) => b.data?.dataVersion ?? "none loaded").catch(() => "unknown"),
    // Without a schema (introspection turned off) GraphiQL still runs queries, without docs.
    post(introspection).then((b) => (b.data ? buildClientSchema(b.data) : null)).catch(() => null),
  ]);
  // ?query= opens a given document (the links the README and the explorer give); otherwise the examples.
  const query = new URLSearchParams(location.search).get("query") ?? undefined;
  createRoot(document.getElementById("graphiql")).render(
    <GraphiQL fetcher={createGraphiQLFetcher({ url: endpoint })} schema={schema} defaultQuery={examples} query={query}>
      <GraphiQL.Logo>
        <span className="cc-logo">Cybercoop</span>{" "}
        <a className="cc-link" href="/explorer">explorer</a>{" "}
        <span className="cc-version" title="Hash of the loaded data (query dataVersion)">data {dataVersion}</span>
      </GraphiQL.Logo>
    </GraphiQL>,
  );
}

start();
