// The Neo4j GraphQL Library over Cybercoop's Neo4j: the peer that bench/cmd/peer measures the service against.
// Configuration comes from the environment, as for the service: NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD,
// NEO4J_DATABASE, PEER_LISTEN_ADDR (host:port, loopback by default), and PEER_LABEL_SUFFIX: the suffix of the
// labels of the slot the current data is in ("" or "_1", see store/slot.go), which the harness passes and
// which is applied to typedefs.graphql, written with the plain labels.
import { readFileSync } from "node:fs";
import net from "node:net";
import { ApolloServer } from "@apollo/server";
import { startStandaloneServer } from "@apollo/server/standalone";
import { Neo4jGraphQL } from "@neo4j/graphql";
import neo4j from "neo4j-driver";

const env = (name, fallback) => process.env[name] || fallback;
const [host, port] = env("PEER_LISTEN_ADDR", "127.0.0.1:4000").split(/:(?=\d+$)/);
const database = env("NEO4J_DATABASE", "neo4j");

// The JavaScript driver leaves Nagle's algorithm on for its Bolt sockets: a statement written in two parts then
// waits up to 40 ms for the server's delayed acknowledgement (48 ms per request for a project with its partners,
// of which under 7 ms is work). Go turns it off on every TCP connection, so the peer does too, to be measured
// for its own work.
const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (...args) {
  this.setNoDelay(true);
  return connect.apply(this, args);
};

const driver = neo4j.driver(
  env("NEO4J_URI", "bolt://127.0.0.1:7687"),
  neo4j.auth.basic(env("NEO4J_USER", "neo4j"), env("NEO4J_PASSWORD", "cybercoop-dev")),
);
await driver.verifyConnectivity({ database });

// The graph's labels in a slot; the typedefs name them plain, as the service's Cypher does.
const labels = ["Activity", "Project", "Country", "Organization", "Convention", "Theme", "Goal", "Source"];
const suffix = env("PEER_LABEL_SUFFIX", "");
if (!/^(_1)?$/.test(suffix)) throw new Error(`PEER_LABEL_SUFFIX must be "" or "_1", not ${JSON.stringify(suffix)}`);
const labelToken = new RegExp(`([:|]\\s*)(${labels.join("|")})\\b`, "g");

// inSlot turns the typedefs into those of the slot: each type is mapped to its slot's label, and each @cypher
// statement names the slot's labels and full-text index and reports kinds without the suffix.
function inSlot(typeDefs) {
  if (suffix === "") return typeDefs;
  return typeDefs
    .replace(new RegExp(`^type (${labels.join("|")}) @node \\{`, "gm"), (_, l) => `type ${l} @node(labels: ["${l}${suffix}"]) {`)
    .replace(/statement: """([\s\S]*?)"""/g, (_, cypher) => `statement: """${cypher
      .replace(labelToken, `$1$2${suffix}`)
      .replaceAll("'entity_names'", `'entity_names${suffix}'`)
      .replace(/labels\(([^()]+)\)\[0\]/g, `replace(labels($1)[0], '${suffix}', '')`)}"""`);
}

const typeDefs = inSlot(readFileSync(new URL("typedefs.graphql", import.meta.url), "utf8"));
const schema = await new Neo4jGraphQL({ typeDefs, driver }).getSchema();
const server = new ApolloServer({ schema });
const { url } = await startStandaloneServer(server, {
  listen: { host, port: Number(port) },
  context: async () => ({ sessionConfig: { database } }),
});
console.log(`peer: the Neo4j GraphQL Library serves ${url}`);

for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, async () => {
    await server.stop();
    await driver.close();
    process.exit(0);
  });
}
