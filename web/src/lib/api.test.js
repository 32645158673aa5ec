import { test } from "node:test";
import assert from "node:assert/strict";
import { graphqlURL } from "./api.js";

test("graphqlURL takes the GraphQL URL or the service's address", () => {
  globalThis.location = new URL("http://partner.example/news/page.html");
  assert.equal(graphqlURL("https://cybercoop.example/graphql").href, "https://cybercoop.example/graphql");
  assert.equal(graphqlURL("https://cybercoop.example").href, "https://cybercoop.example/graphql");
  assert.equal(graphqlURL("https://cybercoop.example/").href, "https://cybercoop.example/graphql");
  assert.equal(graphqlURL("https://example.org/cybercoop/graphql").href, "https://example.org/cybercoop/graphql");
  assert.equal(graphqlURL(undefined).href, "http://partner.example/graphql");
  assert.equal(graphqlURL("/graphql").href, "http://partner.example/graphql");
});
