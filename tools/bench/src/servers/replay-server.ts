// The answer floor: a bare Fastify server (as the ceiling) answering each request path with the bytes dird
// answered for it, read from a file and kept in memory. Driven with dird's own requests, it costs what
// receiving those requests and sending those answers cost, and nothing of finding or rendering them: dird's
// CPU per request minus this one's is dird's own work. Usage: replay-server.ts PORT ANSWERS.json
// (ANSWERS.json: an object of request path -> answer text).
import { readFile } from 'node:fs/promises';
import fastify from 'fastify';

const answers = new Map<string, string>(Object.entries(JSON.parse(await readFile(process.argv[3], 'utf8'))));
const app = fastify({ logger: false });
const replay = async (request: { url: string }, reply: { code(n: number): unknown; type(t: string): unknown }) => {
  const answer = answers.get(request.url);
  reply.type('application/json; charset=utf-8');
  if (answer === undefined) reply.code(404);
  return answer ?? '{"reason":["not recorded"]}';
};
app.get('/', async () => ({ answers: answers.size }));
// Parametric routes as dird's, so that routing costs what it costs there.
app.get('/0.1/directories/lookup/:profile', replay);
app.get('/0.1/directories/reverse/:profile/:user_uuid', replay);
await app.listen({ host: '127.0.0.1', port: Number(process.argv[2]) });
process.once('SIGTERM', () => void app.close().then(() => process.exit(0)));
