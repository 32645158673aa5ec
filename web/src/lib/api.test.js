import { test } from "node:test";
import assert from "node:assert/strict";
import { GraphQLError, ServiceError, graphqlURL, query } from "./api.js";

test("graphqlURL takes the GraphQL URL or the service's address", () => {
  globalThis.location = new URL("http://partner.example/news/page.html");
  assert.equal(graphqlURL("https://cybercoop.example/graphql").href, "https://cybercoop.example/graphql");
  assert.equal(graphqlURL("https://cybercoop.example").href, "https://cybercoop.example/graphql");
  assert.equal(graphqlURL("https://cybercoop.example/").href, "https://cybercoop.example/graphql");
  assert.equal(graphqlURL("https://example.org/cybercoop/graphql").href, "https://example.org/cybercoop/graphql");
  assert.equal(graphqlURL(undefined).href, "http://partner.example/graphql");
  assert.equal(graphqlURL("/graphql").href, "http://partner.example/graphql");
});

test("query puts what went wrong in a reason a view can word: no connection, an error status, an answer it cannot read", async () => {
  const { createServer } = await import("node:http");
  const server = createServer((req, res) => {
    const path = new URL(req.url, "http://x").pathname;
    if (path === "/slow/graphql") return; // never answers
    const [status, type, body] = {
      "/proxy/graphql": [502, "text/html", "<html>Bad gateway</html>"],
      "/portal/graphql": [200, "text/html", "<!doctype html><p>Log in</p>"],
      "/api/graphql": [200, "application/json", JSON.stringify({ errors: [{ message: "no entity country:zz", extensions: { code: "NOT_FOUND" } }] })],
      "/ok/graphql": [200, "application/json", JSON.stringify({ data: { entity: { id: "country:gh" } } })],
    }[path];
    res.writeHead(status, { "Content-Type": type }).end(body);
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${server.address().port}`;
  const doc = { id: "sha256:0" };
  try {
    assert.deepEqual(await query(`${base}/ok/graphql`, doc), { entity: { id: "country:gh" } });
    await assert.rejects(query(`${base}/proxy/graphql`, doc), (e) => e instanceof ServiceError && e.reason === "http" && e.status === 502);
    await assert.rejects(query(`${base}/portal/graphql`, doc), (e) => e instanceof ServiceError && e.reason === "unreadable");
    await assert.rejects(query(`${base}/api/graphql`, doc), (e) => e instanceof GraphQLError && e.code === "NOT_FOUND");
    await assert.rejects(query("http://127.0.0.1:1/graphql", doc), (e) => e instanceof ServiceError && e.reason === "unreachable");
    const abort = new AbortController();
    setTimeout(() => abort.abort(), 50);
    await assert.rejects(query(`${base}/slow/graphql`, doc, {}, abort.signal), (e) => e.name === "AbortError");
  } finally {
    server.closeAllConnections();
    server.close();
  }
});
