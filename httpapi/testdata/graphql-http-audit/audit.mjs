// Runs the graphql-http server audit (the GraphQL over HTTP spec's requirements and recommendations) against the
// endpoint given as the first argument, prints one line per audit, and exits 1 when any audit warns or fails.
// httpapi's TestGraphQLHTTPAudit runs it against the real handler.
import { auditServer } from 'graphql-http';

const url = process.argv[2];
if (!url) {
  console.error('usage: node audit.mjs http://127.0.0.1:PORT/graphql');
  process.exit(2);
}

const results = await auditServer({ url });
const counts = { ok: 0, notice: 0, warn: 0, error: 0 };
for (const result of results) {
  counts[result.status]++;
  if (result.status === 'ok') continue;
  let body = '';
  try {
    body = (await result.response.text()).slice(0, 300);
  } catch {
    // the body was already read by the audit itself
  }
  console.log(`${result.status}: ${result.name}: ${result.reason} [${result.response.status}] ${body}`);
}
console.log(`graphql-http audit: ${counts.ok} ok, ${counts.notice} notice, ${counts.warn} warn, ${counts.error} error`);
process.exit(counts.warn + counts.error > 0 ? 1 : 0);
