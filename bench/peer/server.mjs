// The Neo4j GraphQL Library over Cybercoop's Neo4j: the peer that bench/cmd/peer measures the service against.
// Configuration comes from the environment, as for the service: NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD,
// NEO4J_DATABASE, and PEER_LISTEN_ADDR (host:port, loopback by default).
import { readFileSync } from "node:fs";
import { ApolloServer } from "@apollo/server";
import { startStandaloneServer } from "@apollo/server/standalone";
import { Neo4jGraphQL } from "@neo4j/graphql";
import neo4j from "neo4j-driver";

const env = (name, fallback) => process.env[name] || fallback;
const [host, port] = env("PEER_LISTEN_ADDR", "127.0.0.1:4000").split(/:(?=\d+$)/);
const database = env("NEO4J_DATABASE", "neo4j");

const driver = neo4j.driver(
  env("NEO4J_URI", "bolt://127.0.0.1:7687"),
  neo4j.auth.basic(env("NEO4J_USER", "neo4j"), env("NEO4J_PASSWORD", "cybercoop-dev")),
);
await driver.verifyConnectivity({ database });

const typeDefs = readFileSync(new URL("typedefs.graphql", import.meta.url), "utf8");
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
