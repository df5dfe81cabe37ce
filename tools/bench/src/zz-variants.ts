import fastify from 'fastify';
import { pino } from 'pino';
import { createHttpApp } from '../../../apps/dird/src/http/server.js';

const variant = process.argv[2];
const port = Number(process.argv[3]);
const q = { type: 'object', required: ['exten'], properties: { exten: { type: 'string' } } };
const params = { type: 'object', properties: { profile: { type: 'string' }, user_uuid: { type: 'string' } } };
const answer = { display: null, exten: '1', fields: {}, source: null, backend: null };
let app;
if (variant === 'bare') {
  app = fastify({ logger: false });
} else if (variant === 'logger') {
  app = fastify({ loggerInstance: pino({ level: 'warn' }, pino.destination({ fd: 1, sync: false })) });
} else {
  app = await createHttpApp({ logger: pino({ level: 'warn' }, pino.destination({ fd: 1, sync: false })), version: '0' });
}
if (process.argv[4] === 'schema') {
  app.get('/0.1/directories/reverse/:profile/:user_uuid', { schema: { querystring: q, params } }, async (req) => ({ ...answer, exten: req.query.exten }));
} else {
  app.get('/0.1/directories/reverse/:profile/:user_uuid', async (req) => ({ ...answer, exten: req.query.exten }));
}
await app.listen({ host: '127.0.0.1', port });
console.log('ready');
