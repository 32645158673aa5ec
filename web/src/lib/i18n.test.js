// Run by `npm test` (make check-web): every word of the interface is in both languages.
import { test } from "node:test";
import assert from "node:assert/strict";
import { term, texts } from "./i18n.js";

function keys(o, prefix = "") {
  return Object.entries(o).flatMap(([k, v]) => (v && typeof v === "object" ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`])).sort();
}

test("English and French have the same words", () => {
  assert.deepEqual(keys(texts("fr")), keys(texts("en")));
});

test("the treaty words take their dates", () => {
  assert.equal(texts("en").chartComplete("25 April 2026"), "The chart of signatures and ratifications is complete as of 25 April 2026.");
  assert.equal(texts("fr").chartComplete("25 avril 2026"), "Le tableau des signatures et ratifications est complet au 25 avril 2026.");
  assert.equal(texts("fr").chartComplete("janvier 2026"), "Le tableau des signatures et ratifications est complet en janvier 2026.");
  assert.equal(texts("en").daysBetween(1727), "1,727 days");
});

test("every activity type of the seeds and every relation type of the schema has its words in both languages", async () => {
  const { readFileSync, readdirSync } = await import("node:fs");
  const root = new URL("../../../", import.meta.url);
  const types = new Set(readdirSync(new URL("seeds/", root)).filter((f) => f.startsWith("activities")).flatMap((f) =>
    readFileSync(new URL(`seeds/${f}`, root), "utf8").split("\n").filter(Boolean).map((line) => JSON.parse(line).type)));
  const schema = readFileSync(new URL("schema.graphqls", root), "utf8");
  const relations = /enum RelationType \{([^}]*)\}/.exec(schema)[1].split("\n").map((l) => l.trim()).filter((l) => /^[A-Z_]+$/.test(l));
  assert.ok(types.size > 5 && relations.length > 10);
  for (const lang of ["en", "fr"]) {
    for (const type of types) assert.ok(texts(lang).activityType[type], `${lang}: activity type ${type}`);
    for (const type of relations) assert.ok(texts(lang).relationType[type], `${lang}: relation type ${type}`);
  }
  assert.equal(term("activityType", "workshop", "fr"), "atelier");
  assert.equal(term("activityType", "a new type", "fr"), "a new type");
});
