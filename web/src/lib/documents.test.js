// Run by `npm test` (make check-web): every trusted document the views send is valid against the API's schema
// (../schema.graphqls), so a document written for a field the schema does not have fails here, not in a browser.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { buildSchema, parse, validate } from "graphql";

const root = new URL("../../../", import.meta.url);
const schema = buildSchema(readFileSync(new URL("schema.graphqls", root), "utf8"));
const dir = new URL("web/documents/", root);

test("the trusted documents are valid against the schema", () => {
  const files = readdirSync(dir).filter((f) => f.endsWith(".graphql"));
  assert.ok(files.length > 0);
  for (const file of files) {
    const errors = validate(schema, parse(readFileSync(new URL(file, dir), "utf8")));
    assert.deepEqual(errors.map((e) => e.message), [], file);
  }
});
