// Run by `npm test` (make check-web): the formats every view relies on.
import { test } from "node:test";
import assert from "node:assert/strict";
import { csv, dateBounds, formatDate, formatEUR, formatRange, partialDate, precisionOf } from "./format.js";

test("formatDate keeps the precision the document gives", () => {
  const cases = [
    ["2017-10-23", "en", "23 October 2017"],
    ["2018-06", "en", "June 2018"],
    ["2018", "en", "2018"],
    ["2017-10-23", "fr", "23 octobre 2017"],
    ["2018-06", "fr", "juin 2018"],
    ["", "en", ""],
    [null, "en", ""],
  ];
  for (const [value, lang, want] of cases) assert.equal(formatDate(value, lang), want, `${value} in ${lang}`);
});

test("formatRange writes a one-day range once", () => {
  assert.equal(formatRange("2017-10-23", "2017-10-27"), "23 October 2017 – 27 October 2017");
  assert.equal(formatRange("2018-04-18", "2018-04-18"), "18 April 2018");
  assert.equal(formatRange("2018-06", null), "June 2018");
});

test("precisionOf and dateBounds: a month covers the whole month", () => {
  assert.deepEqual(["2018", "2018-06", "2018-06-30"].map(precisionOf), ["year", "month", "day"]);
  const [start, end] = dateBounds("2018-06");
  assert.equal(start.toISOString(), "2018-06-01T00:00:00.000Z");
  assert.equal(end.toISOString(), "2018-07-01T00:00:00.000Z");
  const [, dayEnd] = dateBounds("2017-10-23", "2017-10-27");
  assert.equal(dayEnd.toISOString(), "2017-10-28T00:00:00.000Z");
  const [, yearEnd] = dateBounds("2016", "2018");
  assert.equal(yearEnd.toISOString(), "2019-01-01T00:00:00.000Z");
});

test("formatEUR writes budgets in full, never with an exponent", () => {
  assert.equal(formatEUR(13350000), "EUR 13,350,000");
  assert.equal(formatEUR(1.335e7), "EUR 13,350,000");
  assert.equal(formatEUR(0), "EUR 0");
  assert.equal(formatEUR(null), "");
  assert.match(formatEUR(13350000, "fr"), /^13\s350\s000 EUR$/);
});

test("csv quotes what RFC 4180 requires and ends lines with CRLF", () => {
  const text = csv(["title", "place"], [["Semaine, \"cyber\"", "Accra\nGhana"], ["plain", null]]);
  assert.equal(text, 'title,place\r\n"Semaine, ""cyber""","Accra\nGhana"\r\nplain,\r\n');
});

test("csv neutralises cells a spreadsheet would run as formulas, as the server's exports do", () => {
  const text = csv(["title"], [["=HYPERLINK(\"http://x\")"], ["+1"], ["-2"], ["@SUM(A1)"], ["\tx"], ["plain - text"]]);
  assert.equal(text, 'title\r\n"\'=HYPERLINK(""http://x"")"\r\n\'+1\r\n\'-2\r\n\'@SUM(A1)\r\n\'\tx\r\nplain - text\r\n');
});

test("partialDate takes a year, a month or a real day, and nothing else", () => {
  for (const ok of ["2018", "2018-06", "2018-06-30", "2020-02-29", " 2017-01 "]) assert.equal(partialDate(ok), ok.trim(), ok);
  for (const bad of ["June 2018", "2018-13", "2018-00", "2018-02-30", "2019-02-29", "2018-06-00", "18", "2018-6", "", null, "2018-06-30T00:00"]) {
    assert.equal(partialDate(bad), null, String(bad));
  }
});
