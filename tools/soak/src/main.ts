import http from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { buildDaemon } from '@dird/bench/src/build.js';
import { SHUTDOWN_TIMEOUT_S } from './config.js';
import { MARKER_NUMBERS, MARKER_TERM, SOURCES } from './data.js';
import { FaultBook } from './fault-book.js';
import { FaultInjector } from './faults.js';
import { heapAfterLastFullGc } from './gc-trace.js';
import { send } from './http-client.js';
import { lookupPath, SteadyLoad, sourcesOf } from './load.js';
import { parseOptions, USAGE, type SoakOptions } from './options.js';
import { processFigures } from './process-figures.js';
import { readBack } from './read-back.js';
import { faultLine, phaseLines, shutdownLines, windowLines } from './report.js';
import { faultSchedule, scheduleShape } from './schedule.js';
import { shutdownUnderLoad } from './shutdown.js';
import { unanswered } from './shutdown-tally.js';
import { Tally, type WindowFigures } from './tally.js';
import { failures, finalLine, growthPercent, RECOVERY_LIMIT_MS } from './verdict.js';
import { startWorld, type World } from './world.js';
import { WriteLedger } from './write-ledger.js';

const say = (line: string) => process.stdout.write(`${line}\n`);
/** The heap after the last full GC of a window, for a line. */
const heapText = (w: WindowFigures) => (w.heap ? `${w.heap.usedMb} MB used of ${w.heap.committedMb} MB` : '-');
const mb = (bytes: number | undefined) => (bytes === undefined ? '-' : `${(bytes / 2 ** 20).toFixed(1)} MB`);

async function main(): Promise<number> {
  let options: SoakOptions;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`soak: ${(err as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  if (options.help) {
    say(USAGE);
    return 0;
  }
  if (!options.noBuild) buildDaemon();

  let world: World | undefined;
  let load: SteadyLoad | undefined;
  let interrupted = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (interrupted) process.exit(130);
    interrupted = true;
    say(`soak: ${signal}: stopping the load and every server`);
    void (async () => {
      await load?.stop().catch(() => undefined);
      await world?.stop();
      process.exit(130);
    })();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  try {
    say(`soak: ${options.minutes} min, ${options.clients} clients, ${options.rate} req/s; starting:`);
    world = await startWorld(options.clients, (what) => say(`  ${what}`));
    return await run(
      world,
      options,
      (l) => (load = l),
      () => interrupted,
    );
  } finally {
    await world?.stop();
  }
}

async function run(
  world: World,
  options: SoakOptions,
  onLoad: (load: SteadyLoad) => void,
  interrupted: () => boolean,
): Promise<number> {
  const ledger = new WriteLedger();
  await seed(world, ledger);
  const shape = scheduleShape(options.minutes, options.quick);
  const windowLabel = options.quick ? '10 s' : 'minute';
  const book = new FaultBook(RECOVERY_LIMIT_MS);
  const tally = new Tally(book, shape.windowMs);
  const t0 = performance.now();
  const clock = () => performance.now() - t0;
  const pid = world.daemon.pid;

  const load = new SteadyLoad({
    port: world.port,
    users: world.users,
    rate: options.rate,
    deadlineMs: options.deadlineMs,
    clock,
    tally,
    ledger,
  });
  onLoad(load);
  say(`load started: daemon pid ${pid} on port ${world.port}; figures per ${windowLabel}`);

  // Once a second: the daemon's RSS, open handles and heap, into the current window; a line per window.
  let printed = 0;
  const print = (w: WindowFigures, label = `${windowLabel} ${w.index + 1}`) =>
    say(
      `  ${label}: ${w.latencies.length} answered, RSS ${mb(w.rssLow)} to ${mb(w.rssHigh)}, ${w.fds} handles, ` +
        `heap after the last full GC ${heapText(w)}`,
    );
  const sample = async (index: number, late = clock() - index * shape.windowMs >= shape.windowMs / 2) =>
    tally.sample(index, { ...(await processFigures(pid)), heap: heapAfterLastFullGc(world.daemon.logs) }, late);
  const sampler = setInterval(() => {
    const index = Math.floor(clock() / shape.windowMs);
    void sample(index).then(() => {
      for (; printed < index; printed++) print(tally.window(printed));
    });
  }, 1000);

  const injector = new FaultInjector(world, book, clock, options.quick, say);
  try {
    for (const planned of faultSchedule(shape)) {
      if (interrupted()) break;
      const wait = planned.atMs - clock();
      if (wait > 0) await sleep(wait);
      const f = await injector.inject(planned.kind);
      say(faultLine(f));
    }
  } finally {
    injector.close();
  }
  // The load ends at the planned time, or now if the faults ran over it.
  await load.finishAt(Math.max(shape.totalMs, clock()));
  clearInterval(sampler);
  // The end of the load closes the last window that holds requests, however far the faults ran over.
  const lastWindow = Math.max(...[...tally.windows.values()].filter((w) => w.latencies.length > 0).map((w) => w.index));
  print(await sample(lastWindow, true), 'last window, at the end of the load');
  const endRss = tally.window(lastWindow).rssLow;

  say('');
  say('read back: every acknowledged write, through the API and in the SQLite file');
  const back = await readBack(world.port, world.storeFile, world.users, ledger);
  const figures = ledger.figures();
  say(
    `  acknowledged writes ${ledger.acknowledged} (contacts ${figures.contacts}, favorites set at the end ` +
      `${figures.favoritesSet}, in doubt after an unanswered write ${figures.doubtfulFavorites})`,
  );
  say(`  missing through the API ${back.api.length}, in the store ${back.store.length}`);
  for (const l of ledger.lost.slice(0, 20)) say(`  LOST: user ${l.user}: ${l.what} (${l.where})`);
  for (const e of back.readErrors) say(`  READ FAILED: ${e}`);

  say('');
  const shutdown = await shutdownUnderLoad(world, options.shutdownConnections, 1500);
  for (const line of shutdownLines(shutdown, options.shutdownConnections, SHUTDOWN_TIMEOUT_S)) say(line);

  say('');
  for (const line of phaseLines(book, tally)) say(line);
  say('');
  for (const line of windowLines(tally, windowLabel)) say(line);
  say('');
  say('faults (back in use: from the server up again to the first probe answer using it):');
  for (const f of book.faults) say(faultLine(f));
  if (tally.problems.length > 0) {
    say('');
    say(`first unexplained problems (of ${tally.unexplainedErrors + tally.unexplainedLacks}):`);
    for (const p of tally.problems) say(`  ${p}`);
  }

  const rssGrowth = growthPercent(tally.windows.get(shape.baselineWindow)?.rssLow, endRss);
  const run = {
    minutes: options.minutes,
    requests: tally.requests,
    unexplainedErrors: tally.unexplainedErrors,
    lostWrites: ledger.lostCount() + back.readErrors.length,
    rssGrowth,
    recoveries: book.faults
      .filter((f) => f.kind !== 'SIGHUP')
      .map((f) => ({ kind: `${f.kind} at ${(f.startedAt / 1000).toFixed(1)} s`, ms: FaultBook.recoveryMs(f) })),
    unexplainedLacks: tally.unexplainedLacks,
    shutdown: {
      unanswered: unanswered(shutdown.counts),
      exitCode: shutdown.exitCode,
      inTime: shutdown.exitMs <= SHUTDOWN_TIMEOUT_S * 1000,
    },
    failedChecks: book.faults
      .filter((f) => f.note?.startsWith('FAILED') || FaultBook.recoveryMs(f) === undefined)
      .filter((f) => f.kind === 'SIGHUP')
      .map((f) => `SIGHUP at ${(f.startedAt / 1000).toFixed(1)} s: ${f.note ?? 'the daemon did not answer after it'}`),
  };
  say('');
  say(
    `RSS (lowest of the window) ${mb(tally.windows.get(shape.baselineWindow)?.rssLow)} in ${windowLabel} ` +
      `${shape.baselineWindow + 1}, ${mb(endRss)} in the last: ${rssGrowth.toFixed(1)}%`,
  );
  const why = failures(run);
  say('');
  say(why.length === 0 ? 'verdict: pass' : `verdict: FAIL: ${why.join('; ')}`);
  say(finalLine(run));
  return why.length === 0 ? 0 : 1;
}

/**
 * Before the load: each user gets one personal contact named by the marker term (so marker lookups must list
 * the personal source too), and the probe user sees every directory source answer the marker term.
 */
async function seed(world: World, ledger: WriteLedger): Promise<void> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
  try {
    for (const user of world.users) {
      const fields = { firstname: 'Personal', lastname: 'Soakmark', number: MARKER_NUMBERS.personal };
      const a = await send(
        agent,
        world.port,
        { method: 'POST', path: '/0.1/personal', token: user.token, json: fields },
        10_000,
      );
      if (a.status !== 201)
        throw new Error(`soak: creating user ${user.index}'s marker contact answered ${a.status ?? a.error}`);
      ledger.contactCreated(user.uuid, a.body.id, fields);
    }
    const want = [SOURCES.csv, SOURCES.ldap, SOURCES.mysql];
    const end = Date.now() + 30_000;
    for (;;) {
      const a = await send(
        agent,
        world.port,
        { method: 'GET', path: lookupPath(MARKER_TERM), token: world.probe.token },
        5000,
      );
      const found = sourcesOf(a.body);
      if (a.status === 200 && want.every((s) => found.has(s))) return;
      if (Date.now() > end)
        throw new Error(`soak: the marker lookup lists ${[...found].join(', ')}, not ${want.join(', ')}`);
      await sleep(200);
    }
  } finally {
    agent.destroy();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`soak: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
