import { test } from "node:test";
import assert from "node:assert/strict";
import { embedSnippets, escapeAttribute, isEntityId } from "./snippets.js";

const origin = "http://127.0.0.1:8080";

test("embedSnippets gives the iframe and the web component of a view", () => {
  const s = embedSnippets({ origin, view: "timeline", entity: "country:gh", lang: "fr" });
  assert.ok(s.iframe.startsWith(`<iframe src="${origin}/embed/timeline?id=country%3Agh&amp;lang=fr" width="640" height="420"`));
  assert.ok(s.element.endsWith(`<cybercoop-view view="timeline" entity="country:gh" api="${origin}/graphql" lang="fr"></cybercoop-view>`));
});

test("embedSnippets gives nothing for an id that is not the API's, such as an injected tag", () => {
  for (const entity of [`country:gh"><img src=x onerror=alert(1)>`, "country:GH", "nation:gh", "", "country:", undefined]) {
    assert.equal(embedSnippets({ origin, view: "card", entity }), null, String(entity));
  }
  assert.equal(embedSnippets({ origin, view: `card"><script>`, entity: "country:gh" }), null);
});

test("embedSnippets escapes every other value it writes into an attribute", () => {
  const hostile = `2018"><img src=x onerror=alert(1)>`;
  const s = embedSnippets({ origin, view: "map", entity: "convention:budapest", from: hostile, to: hostile, asOf: hostile });
  for (const snippet of [s.iframe, s.element]) {
    assert.ok(!snippet.includes("<img"), snippet);
    assert.ok(!/="[^"]*"[^ >]/.test(snippet.replaceAll('"></', '" </')), snippet); // no attribute is closed early
  }
  assert.ok(s.element.includes(`from="2018&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"`));
});

test("isEntityId and escapeAttribute", () => {
  assert.ok(isEntityId("project:glacy-plus") && isEntityId("activity:cproc-2018-497") && isEntityId("source:chart-ets185-2026-04-25"));
  assert.ok(!isEntityId("project:glacy plus") && !isEntityId("Project:glacy-plus") && !isEntityId(42));
  assert.equal(escapeAttribute(`a&b<c>"d'`), "a&amp;b&lt;c&gt;&quot;d&#39;");
});
