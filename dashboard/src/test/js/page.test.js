// What both pages share and can be run without a browser: the server's clock and the one-request-at-a-time guard.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ServerClock, oneAtATime } from '../../main/resources/public/page.js';

test('the server clock follows the server time of the newest answer', () => {
  let local = 1_000;
  const clock = new ServerClock(() => local);
  assert.equal(clock.now(), 1_000);
  clock.sync(6_000);
  local = 1_500;
  assert.equal(clock.now(), 6_500);
  clock.sync(4_000);
  assert.equal(clock.now(), 4_000);
});

test('an answer without a server time leaves the clock as it was', () => {
  const clock = new ServerClock(() => 0);
  clock.sync(500);
  for (const time of [undefined, null, '900', NaN, Infinity]) clock.sync(time);
  assert.equal(clock.now(), 500);
});

test('a call made while one is running is dropped, and the next after it runs', async () => {
  const started = [];
  let finish;
  const guarded = oneAtATime(async (name) => {
    started.push(name);
    await new Promise((resolve) => { finish = resolve; });
    return name;
  });
  const first = guarded('first');
  assert.equal(await guarded('second'), undefined);
  finish();
  assert.equal(await first, 'first');
  const third = guarded('third');
  finish();
  assert.equal(await third, 'third');
  assert.deepEqual(started, ['first', 'third']);
});

test('a call that fails lets the next one run', async () => {
  let calls = 0;
  const guarded = oneAtATime(async () => {
    calls += 1;
    if (calls === 1) throw new Error('unreachable');
    return calls;
  });
  await assert.rejects(guarded(), /unreachable/);
  assert.equal(await guarded(), 2);
});
