// Run by `npm test` (make check-web): every word of the interface is in both languages.
import { test } from "node:test";
import assert from "node:assert/strict";
import { texts } from "./i18n.js";

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
