// The ceiling: a bare Fastify server with one route answering a small fixed JSON (with a response schema, as
// dird's routes have). Whatever dird does per request comes on top of this. Usage: ceiling-server.ts PORT
import fastify from 'fastify';

const app = fastify({ logger: false });
app.get(
  '/',
  { schema: { response: { 200: { type: 'object', properties: { hello: { type: 'string' } } } } } },
  async () => ({ hello: 'world' }),
);
await app.listen({ host: '127.0.0.1', port: Number(process.argv[2]) });
process.once('SIGTERM', () => void app.close().then(() => process.exit(0)));
